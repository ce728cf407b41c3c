"""A seat of a scenario cut to some seats draws the electorate it draws in the whole scenario."""

import dataclasses

import numpy as np
import pytest

from votebank.core.state import SEAT_AXES
from votebank.run.model import Model
from votebank.scenario.load import load_scenario


def seat_rows(model: Model, seat: int) -> dict[str, np.ndarray]:
    """Every electorate column of one seat's stations and cohorts, but the index columns (a
    cut renumbers them)."""
    el, _ = model.electorate(0)
    rows = {}
    for f in dataclasses.fields(el):
        meta = f.metadata
        if meta.get("axis") in SEAT_AXES and not (meta.get("refers") or meta.get("bounds")):
            rows[f.name] = getattr(el, f.name)[el.seat_of(meta["axis"]) == seat]
    return rows


@pytest.mark.parametrize("kept", [["T-3"], ["T-2", "T-3"], ["T-1", "T-3"]])
def test_a_cut_seat_draws_its_own_electorate(kept):
    whole = load_scenario("tiny")
    cut = whole.with_seats(kept)
    ids = list(whole.constituencies["id"])
    assert cut.stream_seats == tuple(ids.index(s) for s in kept)
    full_rows = seat_rows(Model.of(whole, 5), ids.index("T-3"))
    cut_rows = seat_rows(Model.of(cut, 5), kept.index("T-3"))
    assert full_rows
    assert full_rows.keys() == cut_rows.keys()
    for name, values in full_rows.items():
        np.testing.assert_array_equal(cut_rows[name], values, err_msg=name)


def test_a_cut_of_a_cut_keeps_the_whole_scenarios_positions():
    whole = load_scenario("tiny")
    twice = whole.with_seats(["T-2", "T-3"]).with_seats(["T-3"])
    assert twice.stream_seats == whole.with_seats(["T-3"]).stream_seats
    assert twice.digest == whole.with_seats(["T-3"]).digest


def test_the_same_tables_cut_from_elsewhere_are_another_scenario():
    """Same seats, other stream positions: other numbers, so another identity in the store."""
    whole = load_scenario("tiny")
    cut = whole.with_seats(["T-3"])
    same_tables = whole.with_tables(cut.constituencies, cut.candidates)
    assert same_tables.stream_seats is None
    assert same_tables.digest != cut.digest


@pytest.mark.parametrize("name", ["tiny", "uk-2015-from-2010", "pakistan-2008-from-2002"])
def test_a_cut_seat_gets_the_votes_and_winner_it_gets_in_the_whole_run(name):
    """Shocks drawn for every seat at once, and the padding to the whole's candidate slots,
    are the whole scenario's: the cut seats' results do not depend on which others were kept."""
    whole = load_scenario(name)
    ids = list(whole.constituencies["id"])
    # Seats far apart (other regions, other numbers of candidates), in another order.
    picks = sorted({len(ids) - 1, len(ids) // 2, 0}, reverse=True)
    cut = whole.with_seats([ids[i] for i in picks])
    for run in range(2):
        full, part = Model.of(whole, 7).outcome(run), Model.of(cut, 7).outcome(run)
        kept = [ids.index(s) for s in cut.constituencies["id"]]
        np.testing.assert_array_equal(part.seat_votes, full.seat_votes[kept])
        np.testing.assert_array_equal(part.final_party, full.final_party[kept])


def test_a_cut_tables_rows_keep_their_file_lines():
    # pandas copies attrs whole: a cut's tables held the whole file's lines, so a problem in
    # a cut's row i was reported at the line of the whole table's row i (and every pandas
    # operation on the cut copied thousands of them).
    whole = load_scenario("uk-2015-from-2010")
    kept = list(whole.constituencies["id"][[3, 400]])
    cut = whole.with_seats(kept)
    for name in ("constituencies", "candidates"):
        table, part = getattr(whole, name), getattr(cut, name)
        key = "id" if name == "constituencies" else "constituency"
        rows = table.index[table[key].isin(kept)]
        assert part.attrs["lines"] == tuple(table.attrs["lines"][i] for i in rows)


def test_a_cut_of_tables_whose_lines_are_not_one_a_row_keeps_none():
    # Tables filtered by hand keep pandas' copy of the whole file's lines: a cut of them
    # stopped on the mismatch (a joint calibration's two halves of a scenario).
    whole = load_scenario("tiny")
    cons = whole.constituencies.iloc[1:].reset_index(drop=True)  # attrs: all three lines
    cands = whole.candidates[whole.candidates["constituency"] != "T-1"].reset_index(drop=True)
    cut = whole.with_tables(cons, cands).with_seats(["T-3"])
    assert "lines" not in cut.constituencies.attrs
    assert "lines" not in cut.candidates.attrs


def test_a_cut_seat_of_single_voters_votes_as_in_the_whole_run():
    # A run whose every cohort was one voter drew its votes by the individual kernel, any other
    # run by the pooled one: a seat of a few voters cut from seats of thousands drew others.
    tiny = load_scenario("tiny")
    cons = tiny.constituencies.copy()
    cons.loc[cons["id"] == "T-2", ["registered", "stations"]] = [20, 10]
    whole = tiny.with_tables(cons, tiny.candidates)
    cut = whole.with_seats(["T-2"])
    assert Model.of(cut, 7).electorate(0)[0].cohort_count.max() == 1
    for run in range(6):
        full, part = Model.of(whole, 7).outcome(run), Model.of(cut, 7).outcome(run)
        np.testing.assert_array_equal(part.seat_votes, full.seat_votes[[1]])
        np.testing.assert_array_equal(part.seat_winner, full.seat_winner[[1]])


def test_a_cut_holding_all_of_a_persons_seats_gets_their_by_elections_as_the_whole_run():
    # multiple_seats is person-linked: a winner of several seats resigns all but one, and the
    # by-elections vote again. A cut keeping every seat of those persons holds them as whole.
    whole = load_scenario("pakistan-2008-from-2002")
    c = whole.candidates
    several = c.loc[c["person"].duplicated(keep=False), "constituency"]
    ids = list(whole.constituencies["id"])
    kept = sorted(set(several) | {ids[0], ids[-1]}, key=ids.index)
    cut = whole.with_seats(kept)
    at = [ids.index(s) for s in kept]
    resigned = 0
    for run in range(2):
        full, part = Model.of(whole, 7).outcome(run), Model.of(cut, 7).outcome(run)
        np.testing.assert_array_equal(part.final_party, full.final_party[at])
        assert part.byelections == full.byelections
        resigned += len(full.byelections)
    assert resigned > 0  # by-elections were held: the test saw them
