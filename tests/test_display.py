"""Words for lists: a message names items as words, never as a Python list."""

from votebank.display import joined, listed


def test_joined_names_every_item_as_words():
    assert joined(["parquet", "csv"]) == "parquet or csv"
    assert joined(("a", "b", "c")) == "a, b or c"
    assert joined(["only"]) == "only"
    assert joined([]) == ""
    assert joined([1, 2]) == "1 or 2"


def test_listed_shows_the_first_items_and_how_many_more():
    seats = [f"NA-{i}" for i in range(1, 12)]
    assert listed(seats) == "NA-1, NA-2, NA-3, NA-4, NA-5, NA-6, NA-7, NA-8 and 3 more"
    assert listed(seats[:2]) == "NA-1, NA-2"


def test_a_results_note_names_its_seats_without_quotes_or_brackets(tmp_path):
    import pandas as pd

    from votebank.elections.read import _rolls_not_given

    notes: list[str] = []
    _rolls_not_given(pd.DataFrame({"seat": ["S-2", "S-1"], "registered": [None, None]}), notes)
    assert notes == ["rolls not given, read as unknown: S-1, S-2"]


def test_choices_names_the_one_meant_but_for_case_or_every_one_as_words():
    from votebank.display import choices

    assert choices(" north  WEST", ["London", "North West"]) == "did you mean North West?"
    assert choices("Narnia", ["East", "London", "Wales"]) == "the choices: East, London or Wales"
