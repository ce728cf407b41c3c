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


def test_a_probability_column_never_reads_certain_short_of_it():
    # P(winner changes) in compare, explain and seats read 9,996 runs of 10,000 as 100.0%.
    from votebank.terminal import PROBABILITY, cell

    assert cell(0.9996, PROBABILITY) == ">99.9%"
    assert cell(0.0004, PROBABILITY) == "<0.1%"
    assert cell(1.0, PROBABILITY) == "100.0%"
    assert cell(0.25, PROBABILITY) == "25.0%"
    assert cell(float("nan"), PROBABILITY) == "–"


def test_an_optional_column_goes_before_any_heading_wraps():
    # compare's seat names, added beside the ids, wrapped "P(winner changes)" at 80 columns.
    cols = [
        Column("Seat", ["NA-184"], right=False),
        Column("Name", ["Bahawalpur 2"], right=False, priority=1, optional=True),
        Column("P(winner changes)", ["100.0%"]),
        Column("Usual winner, A", ["IND"], right=False),
        Column("Usual winner, B", ["PML-N"], right=False),
    ]
    narrow = render(fitted_table("t", cols, width=80), 80)
    assert "P(winner changes)" in narrow
    assert "not shown at this width: Name" in narrow
    wide = render(fitted_table("t", cols, width=140), 140)
    assert "Bahawalpur 2" in wide


def test_a_dropped_column_is_said_after_a_caption_of_sentences_as_a_sentence():
    # forensics-power's caption ends with a full stop: it read "... none there.; not shown at
    # this width: AUC".
    cols = [
        Column("Test", ["Integer percentages"], right=False),
        Column("AUC", ["0.84"], priority=1),
    ]
    table = fitted_table("t", cols, caption="A rate is a share.", width=20)
    assert table.caption == "A rate is a share. (not shown at this width: AUC.)"
    assert fitted_table("t", cols, caption="Seats", width=20).caption.endswith(
        "Seats; not shown at this width: AUC"
    )
