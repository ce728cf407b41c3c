"""Stuffing levels set from each station's capture capacity."""

import numpy as np
import pytest

from votebank.errors import InputError
from votebank.forensics.power_compilation import compilation_levels
from votebank.forensics.power_levels import MAX, levels_from_capacity, parse_levels


def test_a_level_of_every_reachable_station_is_set_not_refused():
    # Every station reachable: `--levels 1` said "only 100.0% of stations ... ask for less".
    capacity = np.array([0.5, 1.0, 2.0, 4.0])
    everyone, most = levels_from_capacity((1.0, MAX), capacity, "s")
    assert (everyone.name, everyone.target, everyone.expected_share) == ("100%", 1.0, 1.0)
    assert everyone.protection_max == most.protection_max  # as many as 'max' captures


def test_a_level_beyond_the_reachable_share_never_shows_that_share_as_the_level():
    # 3 of 8 reachable: 37.55% is beyond the 37.5% reachable, and the message says so.
    capacity = np.array([1.0, 1.0, 1.0, 0, 0, 0, 0, 0])
    assert levels_from_capacity((0.375,), capacity, "s")[0].expected_share == 0.375
    with pytest.raises(InputError) as info:
        levels_from_capacity((0.3755,), capacity, "s")
    assert "only 37.5% of stations" in str(info.value)
    assert "(got 37.55%)" in str(info.value)


def test_levels_that_read_the_same_are_one_level():
    # `--levels 1.1%,0.011` (1.1 / 100 is not the float 0.011) ran two levels named "1.1%":
    # the tables pooled their runs (4 runs in a 2-run level) and the ROC figure stopped with
    # a traceback after power.json was written.
    assert parse_levels("1.1%,0.011") == (0.0, 0.011)
    assert len(parse_levels("0.1234567,0.1234568,max")) == 3
    assert [lv.name for lv in compilation_levels("1.1%,0.011")] == ["none", "1.1%"]


def test_a_scenario_where_no_station_can_be_captured_has_no_stuffed_level():
    # copeland-2017 (no armed patrons): `--levels max` ran a "stuffed" level of 0.0% stuffed
    # and reported every test's 0% there as its detection rate; the refusal of 1% advised
    # "use 'max'".
    capacity = np.zeros(5)
    assert [lv.name for lv in levels_from_capacity((0.0,), capacity, "s")] == ["none"]
    for targets in ((0.0, MAX), (0.0, 0.01, MAX)):
        with pytest.raises(InputError) as info:
            levels_from_capacity(targets, capacity, "s", can_arm_more=False)
        (problem,) = info.value.problems
        assert "none can be stuffed" in problem.message
        assert "use 'max'" not in problem.message


def test_a_number_with_a_trailing_point_is_read_as_that_number():
    # `5.%` and `1.` were refused as "not a share or a percent", though Python and users read
    # `5.` as 5.
    assert parse_levels("5.%,1.") == (0.0, 0.05, 1.0)
    assert parse_levels("0.") == (0.0,)
    # 5. is 5, as 5 is: a share above 1, refused as such.
    for text in ("5.", "5"):
        with pytest.raises(InputError) as info:
            parse_levels(text)
        (problem,) = info.value.problems
        assert problem.value == text
        assert "a share is at most 1" in problem.message
        assert "5%" in problem.message
