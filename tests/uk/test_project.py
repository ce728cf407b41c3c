"""The GE2015 projection's scorer (issue 20, point 10: no test ran it, so losing the ``/ 2`` of
"seats wrong" went unnoticed)."""

import pytest

from tests.hostile.helpers import assert_user_error, main
from votebank.scenario.load import load_scenario
from votebank.uk.project import _seats_wrong, compare_projections
from votebank.uk.scenario_folder import build_uk_scenario


def test_seats_wrong_counts_each_moved_seat_once():
    # One seat moved from A to B is one seat wrong, not two.
    assert _seats_wrong({"A": 2.0, "B": 1.0}, {"A": 1, "B": 2}, ["A", "B"]) == 1.0
    assert _seats_wrong({"A": 3.0}, {"B": 3}, ["A", "B"]) == 3.0
    assert _seats_wrong({}, {}, ["A"]) == 0.0


@pytest.fixture(scope="module")
def projections():
    # A fixture, not a module-level cache: a cache filled once would hide mutants (mutmut
    # forks every mutant's tests from one warmed-up process).
    return compare_projections(runs=2, seed=1)


def test_projection_scores_against_the_real_seats(projections):
    frame = projections.set_index("method")
    parties = list(frame.columns[2:])
    actual = frame.loc["actual 2015", parties]
    assert frame.loc["actual 2015", "seats_wrong"] == 0
    assert frame.loc["actual 2015", "winners_wrong"] == 0
    for method, row in frame.iterrows():
        moved = (row[parties] - actual).abs().sum() / 2
        assert row["seats_wrong"] == pytest.approx(moved), method
        # A seat is wrong only where some constituency's winner is wrong.
        assert row["seats_wrong"] <= row["winners_wrong"] + 1e-9, method
    uniform = frame.loc["uniform swing"]
    assert float(uniform["seats_wrong"]).is_integer()
    assert 0 < uniform["seats_wrong"] < 100


def test_per_run_scores_are_whole_seats(projections):
    per_run = projections.attrs["per_run_seats_wrong"]
    assert len(per_run) == 2
    assert all(float(s).is_integer() and s > 0 for s in per_run)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--scenario", "tiny"], "--scenario: 3 seats with no result on 2015-05-07"),
        (["--target", "2010"], "no general election before it to project from"),
    ],
)
def test_a_projection_that_cannot_be_scored_is_an_input_error(args, says, monkeypatch, capsys):
    code, out, err = main(["uk-projection", "--runs", "2", *args], monkeypatch, capsys)
    assert_user_error(code, out, err, says)


def test_a_real_winner_of_a_party_the_scenario_lacks_counts_as_wrong(tmp_path):
    # A 2010 slate has no UUP (its ticket was UCUNF); the UUP won Fermanagh and South Tyrone
    # in 2015. Its seat was left out of the actual column and of seats wrong.
    path = build_uk_scenario("2010-05-06", tmp_path / "sc", seats=["N06000007"])
    frame = compare_projections(runs=2, seed=1, scenario=path, target="2015-05-07")
    frame = frame.set_index("method")
    assert frame.loc["actual 2015", "UUP"] == 1
    assert frame.loc["uniform swing", "seats_wrong"] == 1
    assert frame.loc["uniform swing", "winners_wrong"] == 1


@pytest.mark.parametrize("option", ["--base", "--target"])
def test_an_empty_election_is_refused_not_taken_as_the_default(option, monkeypatch, capsys):
    # --target "" scored the default pair (GE2015 from GE2010) as if no option were given.
    code, out, err = main(["uk-projection", option, "", "--runs", "2"], monkeypatch, capsys)
    assert_user_error(code, out, err, f"{option}: an empty date")


def test_a_by_election_scenario_is_refused_not_scored_on_a_general_election(monkeypatch, capsys):
    # copeland-2017 was titled "GE2015 projected from GE2010" and scored against GE2015.
    code, out, err = main(
        ["uk-projection", "--scenario", "copeland-2017", "--runs", "2"], monkeypatch, capsys
    )
    assert_user_error(code, out, err, "--scenario", "a by-election scenario", "(got copeland-2017)")


def test_one_run_and_one_seat_are_said_in_the_singular(tmp_path, monkeypatch, capsys):
    # uk-projection --runs 1 headed its column "votebank ensemble (1 runs)", and a one-seat
    # scenario with no result (na184-2008) was "1 seat(s) with no result".
    path = build_uk_scenario("2010-05-06", tmp_path / "sc", seats=["N06000007"])
    frame = compare_projections(runs=1, seed=1, scenario=path, target="2015-05-07")
    assert "votebank ensemble (1 run)" in list(frame["method"])
    args = ["uk-projection", "--runs", "2", "--scenario", "na184-2008"]
    code, out, err = main(args, monkeypatch, capsys)
    assert_user_error(code, out, err, "--scenario: 1 seat with no result on 2015-05-07")


def test_a_scenario_whose_seat_ids_are_spelt_otherwise_is_scored_and_says_so(tmp_path):
    # A scenario written with n06000007 for N06000007: "1 seat with no result", exit 2.
    path = build_uk_scenario("2010-05-06", tmp_path / "sc", seats=["N06000007"])
    for table in ("constituencies.csv", "candidates.csv"):
        file = path.parent / table  # path is the scenario's TOML
        file.write_text(file.read_text().replace("N06000007", "n06000007"))
    frame = compare_projections(runs=1, seed=1, scenario=path, target="2015-05-07")
    assert frame.set_index("method").loc["actual 2015", "UUP"] == 1
    (note,) = frame.attrs["notes"]
    assert note.startswith("1 seat id of the results of 2015-05-07 read as the scenario's")
    assert "'N06000007' as n06000007" in note


def test_a_users_scenario_is_said_to_be_the_base_and_an_explicit_base_beside_it_refused(
    tmp_path, monkeypatch, capsys
):
    # A scenario of GE2015 itself was titled "GE2015 projected from GE2010" (a no-change
    # forecast scored as a projection), and --base 2010 beside it passed as the default.
    path = build_uk_scenario("2010-05-06", tmp_path / "mine", seats=["N06000007"])
    args = ["uk-projection", "--runs", "2", "--scenario", str(path)]
    code, out, err = main(args, monkeypatch, capsys)
    assert code == 0, err
    said = " ".join(out.split())
    name = load_scenario(path).name
    assert f"GE2015 projected from {name}'s baseline votes" in said
    assert "from GE2010" not in said
    code, out, err = main([*args, "--base", "2010"], monkeypatch, capsys)
    assert_user_error(code, out, err, "--scenario", "not both")
