"""What the table, the rules applied and backtest.html say (backtest/cli.py)."""

import numpy as np

from votebank.backtest.cli import html_page, notes_rows, rich_table
from votebank.backtest.forecast import Params
from votebank.backtest.measures import score
from votebank.backtest.study import NEW_START

OTH_NOTE = "rows labelled OTH read as the aggregate of other candidates (OTH)"


def result(given="none"):
    point = score(np.array(["A", "B"]), np.array([["A", "A"]]))
    return {
        "base": "f.csv:2010",
        "target": "f.csv:2015",
        "given": given,
        "runs": 20,
        "seed": 7,
        "headline": "votebank 1 winner wrong",
        "methods": {"uniform swing": point},
        "pair": {
            "seats_compared": 2,
            "only_in_base": [],
            "only_in_target": ["S-9"],
            "renamed": [],
            "new_parties": [{"party": "New", "rule": NEW_START[given]}],
            "gone_parties": ["Old"],
            "independents": ["Ind"],
            "party_twice_in_seat": [],
            "folded_into_OTH": [],
            "people_matched": 3,
            "people_switched_party": 0,
            "reading": [OTH_NOTE, OTH_NOTE],
        },
    }


def test_a_point_forecast_has_no_expected_brier():
    r = result()
    assert r["methods"]["uniform swing"]["brier_expected"] is None
    assert "<td>-</td>" in html_page(r)


def test_the_rules_applied_name_gone_parties_and_say_what_new_ones_start_from():
    rows = notes_rows(result("none"))
    got = dict(rows)
    assert got["gone parties (no target candidate)"] == "Old"
    assert got["new parties"] == "New (no base votes: nothing is given: start from 0)"
    assert "given national share" in dict(notes_rows(result("national")))["new parties"]
    assert [d for w, d in rows if w == "reading"] == [OTH_NOTE]


def test_the_page_names_its_runs_and_seed_as_the_table_does():
    # The terminal and the JSON said them; the page, read on its own, did not.
    head = "f.csv:2010 -&gt; f.csv:2015, given none (2 seats; votebank 20 runs, seed 7)"
    assert f"<h2>Backtest: {head}</h2>" in html_page(result())


def test_the_page_shows_the_rules_applied():
    page = html_page(result())
    assert "<h2>Rules applied</h2>" in page
    assert "<td>gone parties (no target candidate)</td><td>Old</td>" in page
    assert "<td>seats only in target</td><td>S-9</td>" in page  # no later contest: no hint


def test_the_rules_applied_say_which_parties_the_polls_give():
    r = result("polls")
    r["pair"]["polls"] = ["from the polls: A", "polls columns ... not used: con"]
    rows = notes_rows(r)
    assert [d for w, d in rows if w == "polls"] == r["pair"]["polls"]


def test_the_caption_calls_a_normal_national_error_normal():
    # national_df 0 is a normal error (the prior's): "(0 df)" read as a t with no degrees of
    # freedom, which is no distribution at all.
    r = {**result(), "runs": 5, "seed": 1, "votebank_parameters": Params().as_dict()}
    r["pair"]["seats_compared"] = 2
    caption = rich_table(r).caption
    assert "sd national 0.3 (normal)" in caption
    assert "0 df" not in caption
    r["votebank_parameters"]["national_df"] = 4
    assert "(Student-t, 4 df)" in rich_table(r).caption


def test_the_caption_names_the_pairs_the_values_were_fitted_on():
    # "fitted on 2 earlier pairs": a user's file whose seat ids read as Pakistan's was fitted
    # on Pakistan's history, and the table did not say so.
    r = {**result(), "runs": 5, "seed": 1, "votebank_parameters": Params().as_dict()}
    r["pair"]["seats_compared"] = 2
    assert "country; every value" in " ".join(rich_table(r).caption.split())  # the prior
    fitted = ("pakistan:1993-10-06 -> pakistan:1997-02-03",)
    r["votebank_parameters"] |= {"source": "fitted on 1 earlier pair", "fitted_on": fitted}
    caption = " ".join(rich_table(r).caption.split())
    assert "(fitted on 1 earlier pair: pakistan:1993-10-06 -> pakistan:1997-02-03;" in caption


def test_one_label_folded_into_oth_is_one_label():
    # One small party folded into OTH read "1 labels".
    r = result()
    r["pair"]["folded_into_OTH"] = ["Tiny"]
    assert dict(notes_rows(r))["folded into OTH (<0.5% in both, no seat)"] == "1 label: Tiny"


def test_the_labels_folded_into_oth_are_named_and_where_the_rest_are_said():
    # "209 labels" named none, and new parties folded ended "and 84 more" without a word of
    # where those 84 were.
    r = result()
    r["pair"]["folded_into_OTH"] = r["pair"]["new_parties_folded"] = [f"P{k}" for k in range(20)]
    rows = dict(notes_rows(r))
    shown = "20 labels: P0, P1, P2, P3, P4, P5, P6, P7 and 12 more (every one in backtest.json"
    assert rows["folded into OTH (<0.5% in both, no seat)"].startswith(shown)
    assert rows["new parties"].endswith("and 12 more (every one in backtest.json, --out)")


def test_a_tie_in_the_base_is_listed_with_its_rule():
    r = result()
    r["pair"]["base_tied_first_place"] = [
        {"seat": "S-1", "winner": "B", "rule": "declared elected in the file"}
    ]
    rows = dict(notes_rows(r))
    assert rows["S-1: first place tied in the base"] == "B won (declared elected in the file)"


def test_seats_a_simple_method_knew_nothing_of_are_among_the_rules_applied():
    r = result()
    r["pair"]["simple_methods_blind"] = [
        {"method": "no change", "seats": ["S-2 (A)"], "rule": "the first label won"}
    ]
    rows = dict(notes_rows(r))
    assert rows["no change: no label above 0"] == "S-2 (A) (the first label won)"
    assert "no change: no label above 0" in html_page(r)


def test_hundreds_of_seats_in_one_election_only_are_not_all_listed_in_the_table():
    # A region left out listed 250 ids over 60 lines of the terminal.
    r = result()
    r["pair"]["only_in_base"] = [f"S-{k}" for k in range(250)]
    shown = dict(notes_rows(r))["seats only in base"]
    assert shown.startswith("S-0, S-1,")
    assert "S-39 and 210 more (250 in all" in shown
    assert "S-40" not in shown


def test_a_new_party_folded_into_the_others_is_named_among_the_new_parties():
    r = result()
    r["pair"]["new_parties_folded"] = ["Tiny"]
    shown = dict(notes_rows(r))["new parties"]
    assert shown.startswith("New (")
    assert shown.endswith("; folded into OTH (under 0.5 %, no seat won): Tiny")
    r["pair"]["new_parties"] = []
    assert dict(notes_rows(r))["new parties"].startswith("none; folded into OTH")


def test_rows_without_names_are_counted_as_rows_of_the_target_not_as_a_bare_number():
    # UK 1987 -> 1992 showed "candidates without a name (people unknown) | 2006": a bare
    # number that reads as a year, of candidates where the rows are parties.
    r = result()
    r["pair"]["people_unknown"] = 2006
    got = dict(notes_rows(r))
    assert got["rows without a candidate's name"] == "2,006 in the target"
    assert not any(what.startswith("candidates without") for what in got)


def test_seats_by_region_are_listed_with_numbers_in_order():
    # A 600-seat file's regions were listed R0, R1, R10, R11, R2 (as text).
    r = result()
    r["pair"]["seats_by_region"] = {"R0": 5, "R1": 4, "R10": 3, "R2": 2}
    said = dict(notes_rows(r))["seats compared by region"]
    assert said == "R0 5, R1 4, R2 2, R10 3"


def test_the_page_gives_the_warnings_and_the_parameters_the_terminal_prints():
    # The terminal warned that few seats were compared and said votebank ran on its prior;
    # backtest.html, read on its own, said neither.
    r = result()
    r["pair"]["warnings"] = ["only 2 seats compared: 4 of the 6 seats of f.csv:2010 ..."]
    r["votebank_parameters"] = {
        **dict.fromkeys(("lam", "phi", "nu", "gamma", "core", "scale", "scale_sd", "tau"), 0.5),
        **dict.fromkeys(("sd_national", "k_regional", "sd_slope", "sd_close", "mu_close"), 0.1),
        "national_df": 0,
        "source": "prior [E]: no earlier pair of this country",
    }
    page = html_page(r)
    assert "<p>warning: only 2 seats compared: 4 of the 6 seats of f.csv:2010 ...</p>" in page
    assert "prior [E]: no earlier pair of this country" in page


def test_the_rules_applied_name_who_switched_party():
    # Only "people matched / switched party 26 / 1" was said: not who, nor where.
    r = result("national")
    r["pair"]["switched_party"] = [
        {"seat": "S1", "name": "A Khan", "base": "B", "target": "A"},
    ]
    assert dict(notes_rows(r))["switched party"] == "A Khan (S1: B -> A)"
    assert "switched party" not in dict(notes_rows(result("national")))


def test_the_rules_applied_say_which_seats_changed_hands_at_the_base():
    r = result()
    assert "seats taken at the base" not in dict(notes_rows(r))  # a result from before
    r["pair"]["gained_at_base"] = {"compared_with": "2005-05-05", "seats": 1234}
    row = dict(notes_rows(r))["seats taken at the base"]
    assert row == "1,234 (winners compared with 2005-05-05)"
    r["pair"]["gained_at_base"] = None
    assert dict(notes_rows(r))["seats taken at the base"].startswith("not known: no general")


def test_the_caption_gives_the_surge_and_reads_a_result_written_before_it():
    r = {**result(), "runs": 5, "seed": 1, "votebank_parameters": Params(surge=0.07).as_dict()}
    r["pair"]["seats_compared"] = 2
    assert "mu close 0.0, surge 0.07 (" in " ".join(rich_table(r).caption.split())
    del r["votebank_parameters"]["surge"]  # a backtest.json of an earlier version
    assert "surge 0.0 (" in " ".join(rich_table(r).caption.split())
