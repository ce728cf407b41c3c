"""``votebank organisations``: what its tables say of the section's rules and internal elections."""

from __future__ import annotations

from tests.hostile.helpers import main
from tests.organisations.test_validation import tiny_with


def test_a_rule_dated_after_election_day_is_named(tmp_path, monkeypatch, capsys):
    # A rule dated after the election removed no one by then, and nothing said so: its row of
    # zeros (or of early compliers alone) read as a rule that did little.
    folder = tiny_with(tmp_path, ("date = 2020-06-01", "date = 2020-12-01"))
    code, out, err = main(["organisations", str(folder), "--runs", "0"], monkeypatch, capsys)
    assert code == 0, err
    flat = " ".join(out.split())
    assert "Dated after election day 2020-10-01: M: must_belong P (2020-12-01)" in flat


def test_no_note_for_a_rule_due_before_election_day(tmp_path, monkeypatch, capsys):
    folder = tiny_with(tmp_path)
    code, out, err = main(["organisations", str(folder), "--runs", "0"], monkeypatch, capsys)
    assert code == 0, err
    assert "Dated after election day" not in out


def test_an_election_of_one_place_says_one_place(tmp_path, monkeypatch, capsys):
    # "YL: chair, 1 places, 2014-06-01": a chair, one place, read as several.
    folder = tiny_with(tmp_path, ("seats = 2", 'office = "chair"\nseats = 1'))
    code, out, err = main(["organisations", str(folder), "--runs", "0"], monkeypatch, capsys)
    assert code == 0, err
    said = " ".join(out.split())
    assert "M: chair, 1 place, 2020-05-01" in said
    assert "1 places" not in said


def test_an_as_of_that_is_no_date_is_quoted_as_typed(tmp_path, monkeypatch, capsys):
    # "--as-of: not a date YYYY-MM-DD (got '07/05/2015')": a Python repr's quotes.
    folder = tiny_with(tmp_path)
    for typed, says in (("07/05/2020", "not a date YYYY-MM-DD (got 07/05/2020)"), ("", "empty")):
        code, _, err = main(
            ["organisations", str(folder), "--runs", "0", "--as-of", typed], monkeypatch, capsys
        )
        assert code == 2
        assert says in " ".join(err.split())
        assert "'" not in err


def test_a_target_seat_given_by_name_or_in_lower_case_is_told_its_id(tmp_path, monkeypatch, capsys):
    # "targets.0: no such constituency (got "t-1")", and so of a seat's name: nothing said
    # which id was meant, where --home of plan-canvass says it.
    import votebank as vb

    name = vb.load_scenario("tiny").constituencies.set_index("id")["name"]["T-2"]
    folder = tiny_with(tmp_path, ("target_marginals = 1", f'targets = ["t-1", "{name}"]'))
    code, _, err = main(["organisations", str(folder), "--runs", "0"], monkeypatch, capsys)
    said = " ".join(err.split())
    assert code == 2
    assert "targets.0: no such constituency in the scenario; the scenario writes it T-1" in said
    assert "targets.1: no such constituency in the scenario; that is the name of T-2" in said
