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


def test_a_share_of_none_or_all_runs_is_given_its_bound_not_taken_as_certain():
    # explain read "0.0% ± 0.0%" over 10 runs, as if no change were certain: P may be 25.9%.
    from votebank.display import bound_note

    assert bound_note([0.5, 0.3], 10) == ""
    assert "a P of 0% of 10 runs is no certainty: it may be up to 25.9% (95%)" in bound_note(
        [0.0, 0.5], 10
    )
    both = bound_note([0.0, 1.0], 40)
    assert "0% or 100% of 40 runs is no certainty: it may be up to 7.2% or as low as 92.8%" in both
