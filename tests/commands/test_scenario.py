"""votebank validate and votebank steps, as a user runs them."""

from __future__ import annotations

from tests.hostile.helpers import main


def test_validate_counts_one_constituency_in_the_singular(monkeypatch, capsys):
    # "1 constituencies" was printed for a one-seat scenario.
    code, out, err = main(["validate", "copeland-2017"], monkeypatch, capsys)
    assert code == 0, err
    assert "1 constituency, 7 candidates;" in out


def test_validate_counts_many_constituencies_in_the_plural(monkeypatch, capsys):
    code, out, err = main(["validate", "tiny"], monkeypatch, capsys)
    assert code == 0, err
    assert "3 constituencies, " in out
