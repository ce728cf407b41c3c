"""Every numeric field of a scenario, at, just inside and just outside its bounds (issue 20).

For each value: the spec is refused with a problem at that field, or it is accepted and a run
of the scenario gives a result that passes the store's invariants. Nothing else may happen:
no other exception, no NaN, no negative votes.
"""

from __future__ import annotations

import copy
import functools
import math

import annotated_types as at
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import votebank as vb
from tests.mechanisms.conftest import tiny
from votebank.results.invariants import check_run, house_size
from votebank.scenario.schema import ScenarioSpec

# An overflow or 0 / 0 at a bound is a wrong result computed quietly: fail on it.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

# Skipped: paths and names (not numbers), and whole-table fields checked elsewhere.
SKIP = {"scenario.seed", "scenario.runs"}
# A bound between two fields is checked where the second is read, and named there with both
# values: station_size_min above the largest station is a problem at station_size_max, and
# transfer + abstain above 1 at abstain.
PARTNER = {
    "electorate.station_size_min": "electorate.station_size_max",
    "mechanisms.alliances.transfer": "mechanisms.alliances.abstain",
}


def _numeric_fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, type, dict]]:
    found = []
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            found += _numeric_fields(kind, f"{path}.")
        elif kind in (int, float) and path not in SKIP:
            bounds = {}
            for meta in field.metadata:
                for attr in ("ge", "gt", "le", "lt"):
                    if isinstance(meta, getattr(at, attr.capitalize())):
                        bounds[attr] = getattr(meta, attr)
            found.append((path, kind, bounds))
    return found


FIELDS = _numeric_fields(ScenarioSpec)


def _near(kind: type, bounds: dict) -> list:
    """Values at, just inside and just outside each bound, and a few wild ones."""
    values: list = [0, 1, -1, True, 10**30, -(10**30)]
    if kind is float:
        values += [math.nan, math.inf, -math.inf, 1e300, 1e-300, 0.5]
    for b in bounds.values():
        if kind is int:
            values += [b - 1, b, b + 1]
        else:
            values += [b, math.nextafter(b, -math.inf), math.nextafter(b, math.inf), b + 1e-9]
    return values


def _inside(value, kind: type, bounds: dict) -> bool:
    if isinstance(value, bool) or (kind is int and isinstance(value, float)):
        return False
    if isinstance(value, float) and not math.isfinite(value):
        return False
    checks = {
        "ge": value >= bounds.get("ge", -math.inf),
        "gt": value > bounds.get("gt", -math.inf),
        "le": value <= bounds.get("le", math.inf),
        "lt": value < bounds.get("lt", math.inf),
    }
    return all(checks.values())


def _set(data: dict, path: str, value) -> None:
    *head, last = path.split(".")
    for key in head:
        data = data[key]
    data[last] = value


@functools.cache
def _base() -> dict:
    return tiny().spec.model_dump()


def values():
    return st.sampled_from(FIELDS).flatmap(
        lambda f: st.tuples(st.just(f), st.sampled_from(_near(f[1], f[2])))
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=values())
def test_value_near_a_bound_is_refused_or_runs_to_a_possible_result(case):
    (path, kind, bounds), value = case
    data = copy.deepcopy(_base())
    _set(data, path, value)
    try:
        spec = ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        locs = [".".join(map(str, e["loc"])) for e in exc.errors()]
        assert any(path.startswith(loc) or loc.startswith(path) for loc in locs), locs
        assert not _inside(value, kind, bounds) or len(locs) == 1, (path, value, locs)
        return
    assert _inside(value, kind, bounds), f"{path} = {value!r} is outside {bounds} but accepted"
    sc = tiny().with_spec(spec)
    result = vb.Model.of(sc, 1).run(0)
    check_run(result.frames, 0, house_size(sc))
    for frame in result.frames.values():
        numbers = frame.select_dtypes("number").to_numpy(dtype=float)
        assert np.isfinite(numbers).all() or path.endswith("turnout"), path


def test_every_bounded_field_is_found():
    paths = {p for p, _, _ in FIELDS}
    assert "electorate.voters_per_station" in paths
    assert "mechanisms.stuffing.theta" in paths
    assert "turnout.rejected_share" in paths
    assert len(paths) > 60


def _check(path: str, kind: type, bounds: dict, value) -> None:
    data = copy.deepcopy(_base())
    _set(data, path, value)
    try:
        spec = ScenarioSpec.model_validate(data)
    except ValidationError as exc:
        locs = [".".join(map(str, e["loc"])) for e in exc.errors()]
        named = (path, PARTNER.get(path, path))
        assert any(n.startswith(loc) or loc.startswith(n) for n in named for loc in locs), locs
        return
    assert _inside(value, kind, bounds), f"{path} = {value!r} is outside {bounds} but accepted"
    sc = tiny().with_spec(spec)
    result = vb.Model.of(sc, 1).run(0)
    check_run(result.frames, 0, house_size(sc))


def test_every_field_at_every_bound():
    """Exhaustive over fields and values near their bounds; every failure is listed."""
    failures = []
    for path, kind, bounds in FIELDS:
        for value in _near(kind, bounds):
            try:
                _check(path, kind, bounds, value)
            except Exception as exc:  # collected and reported together
                failures.append(f"{path} = {value!r}: {type(exc).__name__}: {exc}"[:300])
    assert not failures, "\n".join(failures)
