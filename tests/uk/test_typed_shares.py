"""Typed shares: a share with no party before its "=" is named with what was typed."""

import pytest

from votebank.errors import InputError
from votebank.scenario.load import load_scenario
from votebank.uk.typed_shares import parse_shares, share_problems


@pytest.mark.parametrize(
    ("text", "typed"), [("=37,Lab=30", "=37"), (" =37", "=37"), ("Lab=30, = 5", "= 5")]
)
def test_a_share_with_no_party_is_named_as_typed(text, typed):
    # It was taken for a party named "", then refused as unknown with nothing typed shown.
    with pytest.raises(InputError) as got:
        parse_shares(text, "--shares")
    assert [str(p) for p in got.value.problems] == [
        f"--shares: write PARTY=PERCENT, 0 to 100 (got {typed})"
    ]


def test_a_share_with_an_underscore_is_refused_not_read_as_a_number():
    # Python's float reads "3_7" as 37: the typo ran as 37 %.
    with pytest.raises(InputError) as got:
        parse_shares("Con=3_7,Lab=30", "--shares")
    assert [str(p) for p in got.value.problems] == [
        "--shares: Con: write PARTY=PERCENT, 0 to 100 (got Con=3_7)"
    ]


def test_shares_separated_by_semicolons_are_told_to_use_commas():
    # "Con=45;Lab=30" read as Con at "45;Lab=30" and was refused with no word of the ";".
    with pytest.raises(InputError) as got:
        parse_shares("Con=45;Lab=30", "--shares")
    [problem] = got.value.problems
    assert "separated by commas (Con=45,Lab=30), not semicolons" in str(problem)
    assert "(got Con=45;Lab=30)" in str(problem)


def test_a_party_held_in_its_region_apart_is_not_sent_to_the_region_shares():
    # The DUP stands only in Northern Ireland, which is held unchanged: --shares DUP=1 was
    # told to give its share in --region-shares, which then refused it as not swung.
    sc = load_scenario("uk-2015-from-2010")
    problems = share_problems(sc, {"DUP": 0.01}, [])
    assert len(problems) == 1
    assert "not swung here" in problems[0].message
    assert "--region-shares" not in problems[0].message
    # The SNP is swung in Scotland: there, it is told where to give its share.
    (snp,) = share_problems(sc, {"SNP": 0.05}, [])
    assert "give its share there, in --region-shares" in snp.message


def test_a_party_standing_nowhere_is_not_counted_in_the_total_it_cannot_be_given_in():
    # On England alone, Plaid Cymru stands in no seat: shares adding up to 100 were refused as
    # passing it with PC's 0.67 kept, "give them too (e.g. PC=0)", and PC=0 was then refused
    # as standing in no seat, so no shares adding up to 100 could be typed.
    whole = load_scenario("uk-2015-from-2010")
    cons = whole.constituencies
    sc = whole.with_seats(
        cons[~cons["region"].isin(["Wales", "Scotland", "Northern Ireland"])]["id"]
    )
    shares = {"Con": 0.4, "Lab": 0.3, "LD": 0.1, "UKIP": 0.15, "Green": 0.04, "OTH": 0.01}
    assert share_problems(sc, shares, []) == []
    (pc,) = share_problems(sc, {**shares, "PC": 0.0}, [])
    assert "stands in no seat" in pc.message


def test_a_party_standing_in_no_seat_of_a_region_is_not_counted_in_its_total():
    # The same in a region apart: Scottish seats without a Green candidate, shares adding up to
    # 100 were refused as passing it with the Greens' 1.35 kept, and Green=0 was then refused
    # as standing in no seat of Scotland.
    whole = load_scenario("uk-2015-from-2010")
    cands, cons = whole.candidates, whole.constituencies
    green = set(cands.loc[cands["party"] == "Green", "constituency"])
    sc = whole.with_seats(cons[(cons["region"] == "Scotland") & ~cons["id"].isin(green)]["id"])
    typed = {"SNP": 0.5, "Lab": 0.25, "Con": 0.15, "LD": 0.08, "UKIP": 0.018, "OTH": 0.002}
    rows = [(f"row {i}", "Scotland", q, s) for i, (q, s) in enumerate(typed.items(), start=2)]
    assert share_problems(sc, {}, rows) == []
    (green_row,) = share_problems(sc, {}, [*rows, ("row 8", "Scotland", "Green", 0.0)])
    assert "stands in no seat of Scotland" in green_row.message


def test_a_party_id_with_a_comma_can_be_typed():
    # "Union, Démocratique=45" was split at its comma: "Union" refused as no share, and
    # "Démocratique" as no such party, so the party's share could not be given at all.
    parties = ["Partido Verde", "Union, Démocratique"]
    typed = parse_shares("Partido Verde=30,Union, Démocratique=45", "--shares", parties)
    assert typed == pytest.approx({"Partido Verde": 0.30, "Union, Démocratique": 0.45})
    # A comma that joins no declared id still splits: a decimal comma is refused as before.
    with pytest.raises(InputError) as got:
        parse_shares("Partido Verde=30,5,Union, Démocratique=45", "--shares", parties)
    assert [p.value for p in got.value.problems] == ["5"]


def test_region_shares_passing_100_alone_show_their_own_total():
    # SNP 60 and Lab 50 in Scotland were refused as adding up to more than 100 "(got 136)":
    # the total with the parties not given, which the message did not mention.
    sc = load_scenario("uk-2015-from-2010")
    rows = [("row 2", "Scotland", "SNP", 0.6), ("row 3", "Scotland", "Lab", 0.5)]
    (problem,) = share_problems(sc, {}, rows)
    assert str(problem) == (
        "--region-shares: region Scotland: the shares add up to more than 100 (got 110)"
    )


def test_shares_that_are_all_zero_are_refused_as_adding_up_to_nothing():
    # Every share 0 was told it was a fraction typed for a percentage ("write Con=37, not
    # Con=0.37"), the wrong reason: nothing is given to any party.
    with pytest.raises(InputError) as info:
        parse_shares("Con=0,Lab=0,LD=0", "--shares")
    said = str(info.value)
    assert "add up to nothing" in said
    assert "give at least one party a share" in said
    assert "0.37" not in said


def test_fractions_typed_for_percentages_are_still_named_as_such():
    with pytest.raises(InputError, match="shares are percentages"):
        parse_shares("Con=0.4,Lab=0.3", "--shares")


def test_an_unknown_party_is_told_the_parties_as_words_not_a_python_list():
    # "Foo: no such party here; parties: ['Con', 'Lab', ...]" showed a Python list's quotes.
    sc = load_scenario("uk-2015-from-2010")
    (problem,) = share_problems(sc, {"Foo": 0.05}, [])
    assert "[" not in str(problem)
    assert "'" not in str(problem)
    assert "no such party here; the parties: Con, Lab, LD," in str(problem)
    (snp,) = share_problems(sc, {"SNP": 0.05}, [])
    assert "stands only in regions swung apart (Scotland)" in snp.message


def test_a_party_typed_in_another_case_is_told_the_one_it_means():
    # "con=38" was told only the list of fifteen parties, with Con somewhere in it.
    sc = load_scenario("uk-2015-from-2010")
    (problem,) = share_problems(sc, {"con": 0.38}, [])
    assert "no such party here; did you mean Con?" in str(problem)


def test_shares_passing_100_show_their_total():
    # Con=60,Lab=50 was refused as adding up to more than 100 "(got Con=60,Lab=50)": the total
    # the user had to work out was not shown, as it is for --region-shares.
    with pytest.raises(InputError) as got:
        parse_shares("Con=60,Lab=50", "--shares")
    assert [str(p) for p in got.value.problems] == [
        "--shares: the shares add up to 110, more than 100 (got Con=60,Lab=50)"
    ]
    with pytest.raises(InputError) as got:
        parse_shares("Con=50.5,Lab=50", "--shares")
    assert "add up to 100.5, more than 100" in str(got.value)
    sc = load_scenario("uk-2015-from-2010")
    rows = [("row 2", "Scotland", "SNP", 0.505), ("row 3", "Scotland", "Lab", 0.5)]
    (problem,) = share_problems(sc, {}, rows)
    assert str(problem).endswith("more than 100 (got 100.5)")  # not "(got 100)"


def test_a_scenario_without_swing_is_told_which_scenarios_have_one():
    # "SCENARIO: needs [mechanisms.swing] on (got pakistan-2008)" named no scenario that works.
    (problem,) = share_problems(load_scenario("pakistan-2008"), {"PPPP": 0.3}, [])
    assert problem.value == "pakistan-2008"
    assert "has no swing ([mechanisms.swing] is off), which seats needs" in problem.message
    assert "copeland-2017, " in problem.message
    assert problem.message.endswith("stoke-2017-prior, uk-2015-from-2010")


def test_a_share_written_with_a_percent_sign_is_read_as_that_percent():
    # "Con=37%,Lab=30%" was refused as "write PARTY=PERCENT, 0 to 100": 37% is a percent.
    assert parse_shares("Con=37%,Lab=30 %", "--shares") == pytest.approx({"Con": 0.37, "Lab": 0.3})
    with pytest.raises(InputError):
        parse_shares("Con=%,Lab=30", "--shares")
    with pytest.raises(InputError):
        parse_shares("Con=37%%", "--shares")


def test_region_shares_on_a_scenario_with_no_region_apart_say_so():
    # "row 2: not a region swung apart:  (got Scotland)": the list of regions was empty.
    sc = load_scenario("copeland-2017")
    (problem,) = share_problems(sc, {}, [("row 2", "Scotland", "Lab", 0.3)])
    assert problem.message == "copeland-2017 swings no region apart: every seat takes --shares"
