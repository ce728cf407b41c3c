"""Tables that fit: a very long word is cut, not allowed to squeeze the other columns away."""

import io

from rich.console import Console

from votebank.terminal import Column, fitted_table


def render(table, width: int) -> str:
    console = Console(width=width, record=True, file=io.StringIO())
    console.print(table)
    return console.export_text()


def test_a_300_character_id_is_cut_and_the_numbers_still_show():
    cols = [
        Column("Seat", ["L" * 300, "A-1"], right=False),
        Column("Leader", ["RED", "BLUE"], right=False),
        Column("P(win)", ["83.3%", "100.0%"]),
        Column("Votes", ["12,345", "1,168"]),
    ]
    text = render(fitted_table("Closest seats", cols, width=80), 80)
    for value in ("83.3%", "100.0%", "12,345", "1,168", "BLUE", "P(win)"):
        assert value in text, text
    assert "L" * 20 + "…" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_long_words_that_fit_are_not_cut():
    cols = [Column("Seat", ["Berwick-upon-Tweed"], right=False), Column("Votes", ["1"])]
    assert "…" not in render(fitted_table("t", cols, width=80), 80)
