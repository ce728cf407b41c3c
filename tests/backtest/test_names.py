"""Names in any script, with or without their accents (backtest/names.py)."""

import pytest

from votebank.backtest.names import match, score, words


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


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Muhammad Ali Khan", "Muhammad Ali Shah"),
        ("Maria Elena Lopez", "Maria Elena Novak"),
        ("Sardar Farooq Ahmad Khan Leghari", "Sardar Imtiaz Ahmad Khan Leghari"),
        ("Mushtaq Ahmad Chandio", "Shabbir Ahmad Chandio"),
        ("Mir Gohar Khan", "Mir M. Hassil Khan Baznenjo"),
    ],
)
def test_two_words_in_common_do_not_make_two_people_one(a, b):
    # Each pair was scored 0.9 (or 0.87 on its joined letters): a new party's candidates
    # with common forenames read as the old party's people, a rename no one made.
    assert score(a, b) == 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("M. Ali Khan", "Muhammad Ali Khan"),
        ("Mohd Ali Khan", "Muhammad Ali Khan"),
        ("Mohammad Nawaz Sharif", "Muhammad Nawaz Sharif"),
        ("Ghulam Mustafa Jatoi", "Ghulam Mustafa Khan Jatoi"),
        ("Jamie Reid", "Jamie Reed"),
    ],
)
def test_one_word_written_otherwise_still_matches(a, b):
    assert score(a, b) >= 0.85
