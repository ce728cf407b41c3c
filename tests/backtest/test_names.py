"""Names in any script, with or without their accents (backtest/names.py)."""

import pytest

from votebank.backtest.names import match, words


def test_words_are_letters_of_any_script_accents_folded():
    assert words("Mr Öztürk-Çelik") == ["ozturk", "celik"]
    assert words("محمد علی") == ["محمد", "علی"]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Smith, É.", "Émile Smith"),
        ("Smith, E.", "Émile Smith"),
        ("Ayşe Öztürk", "Ayse Ozturk"),
        ("José Núñez García", "Jose Nunez Garcia"),
    ],
)
def test_the_same_person_with_or_without_accents_is_matched(before, after):
    assert match([before], [after]) == {0: 0}


def test_different_people_with_accents_are_not_matched():
    assert match(["Émile Smith"], ["Zoë Brown"]) == {}
