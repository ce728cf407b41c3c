"""The tables checked against each other: every break counted, the first few named."""

from __future__ import annotations

import pytest

import votebank as vb
from tests.scenario.test_bounds import country
from votebank.errors import InputError


def test_rows_past_the_first_twenty_are_counted_not_dropped(tmp_path):
    # 60 candidates named seats that do not exist and 30 seats had none: the report listed 20
    # of the candidates, said nothing of the other 40, and named all 30 seats one by one.
    folder = country(tmp_path, 30, 10_000)
    cands = folder / "candidates.csv"
    cands.write_text(cands.read_text(encoding="utf-8").replace("S", "Z"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    found = [(p.file, p.location, p.message) for p in info.value.problems]
    unknown = [f for f in found if f[1].endswith("column constituency") and f[1].startswith("row")]
    no_winner = [f for f in found if f[1].endswith("column id") and f[1].startswith("row")]
    assert (len(unknown), len(no_winner)) == (20, 20)
    assert (str(cands), "column constituency", "and 40 more bad values") in found
    assert (str(folder / "constituencies.csv"), "column id", "and 10 more bad values") in found


def test_one_seat_past_the_first_twenty_is_one_more_bad_value(tmp_path):
    # 21 seats with no candidate read "and 1 more bad values".
    folder = country(tmp_path, 21, 10_000)
    cands = folder / "candidates.csv"
    cands.write_text(cands.read_text(encoding="utf-8").replace("S", "Z"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    found = [(p.file, p.location, p.message) for p in info.value.problems]
    assert (str(folder / "constituencies.csv"), "column id", "and 1 more bad value") in found


def test_a_region_named_national_is_refused(tmp_path):
    # [mood.national] is every region's mood: a region called "national" could never be given
    # its own, and its mood was the whole country's.
    folder = country(tmp_path, 2, 10_000)
    cons = folder / "constituencies.csv"
    cons.write_text(cons.read_text(encoding="utf-8").replace("North", "national"), "utf-8")
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    found = [(p.file, p.location, p.value) for p in info.value.problems]
    assert (str(cons), "row 2, column region", "'national'") in found
    assert "[mood.national]" in info.value.render()


def test_a_table_without_its_region_column_is_refused_for_that(tmp_path):
    # The check of a region named "national" read the column before its absence was named:
    # a KeyError, not the missing column.
    folder = country(tmp_path, 2, 10_000)
    cons = folder / "constituencies.csv"
    cons.write_text("id,registered\nS0,10000\nS1,10000\n", "utf-8")
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    found = [(p.file, p.location, p.value) for p in info.value.problems]
    assert (str(cons), "column region", "(missing)") in found


def test_a_sourced_background_of_none_lists_the_backgrounds_as_words(tmp_path):
    # It read "must be one of ['feudal', 'middle_class', ...]", a Python list.
    import shutil

    from tests.scenario.test_errors import CANDS, TINY, add_column, both, cell

    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    both(add_column(CANDS, "background_source", ""), cell(CANDS, 4, "background_source", "x"))(
        folder
    )
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    (problem,) = [p for p in info.value.problems if p.location.endswith("column background")]
    assert "must be one of feudal, " in problem.message
    assert "[" not in problem.message
