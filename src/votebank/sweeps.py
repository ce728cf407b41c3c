"""Parameter sweeps from Python: one ensemble per point of a grid of dotted-path overrides.

Every point runs with the same seed and run indices, so differences between points are paired
(common random numbers). The grid is checked whole before anything runs: each path alone
(a path that names nothing, or a value its field refuses, is named), then each point's
scenario as :func:`votebank.scenario.check.check_scenario` checks any scenario the API runs.
"""

from __future__ import annotations

import itertools
import json
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from votebank.api import (
    Ensemble,
    _ensemble,
    _run_problems,
    _runs,
    export_frames,
    seat_summary,
)
from votebank.display import plural, runs_text
from votebank.ensemble.compare import shared_seed
from votebank.errors import InputError, Problem, callback_problem, values_joined
from votebank.results.store import MAX_RUNS
from votebank.run.electorate_memory import refuse_past_memory
from votebank.run.station_memory import station_memory_problem
from votebank.run.uncertainty import draw_problems, varied_paths
from votebank.run.unread import same_runs_hint
from votebank.scenario.check import entry_scenario
from votebank.scenario.field_errors import set_message
from votebank.scenario.load import Scenario, scenario_problems
from votebank.scenario.overrides import fixed_path, overlapping, value_at, with_overrides
from votebank.scenario.requirements import switched_on_idle
from votebank.scenario.variants import NOTHING_DRAWN, party_order
from votebank.sweep_differences import party_differences, winners_changed


@dataclass(frozen=True)
class Sweep:
    """One ensemble per point of a grid of overrides, and their tables side by side.

    Attributes:
        paths: The swept dotted paths (each a column of every frame).
        ensembles: One ensemble per point, in grid order.
    """

    paths: tuple[str, ...]
    ensembles: tuple[Ensemble, ...] = field(repr=False)

    @property
    def points(self) -> pd.DataFrame:
        """One row per point: ``point`` and the value of each path."""
        rows = [{"point": i, **_cells(e.params)} for i, e in enumerate(self.ensembles)]
        return pd.DataFrame(rows)

    def __getitem__(self, table: str) -> pd.DataFrame:
        """A table of every point stacked, with ``point`` and one column per path first."""
        frames = []
        for i, e in enumerate(self.ensembles):
            frame = e[table]
            front = {"point": i, **_cells(e.params)}
            frames.append(frame.assign(**front)[[*front, *frame.columns]])
        return pd.concat(frames, ignore_index=True)

    @property
    def seats(self) -> pd.DataFrame:
        """One row per point, run and party."""
        return self["seats"]

    @property
    def constituencies(self) -> pd.DataFrame:
        """One row per point, run and constituency."""
        return self["constituencies"]

    @property
    def candidates(self) -> pd.DataFrame:
        """One row per point, run and candidate."""
        return self["candidates"]

    def summary(self) -> pd.DataFrame:
        """Seats by point and party: mean, sd, 5%, 95%, P(largest)."""
        return seat_summary(self.seats, by=["point", *self.paths])

    def differences(self, base: int = 0) -> pd.DataFrame:
        """Seats and votes by point and party against point ``base``: paired differences, s.e.

        Run ``i`` of each point minus run ``i`` of the base (the same random numbers), so the
        standard error (sd of the per-run differences / sqrt(runs)) is that of the lever alone.
        """
        return party_differences(self.seats, self.candidates, self.paths, self._base(base))

    def winners_changed(self, base: int = 0) -> pd.DataFrame:
        """By point: mean number of seats whose winning party differs from ``base``'s, and s.e."""
        return winners_changed(self.constituencies, self.paths, self._base(base))

    def _base(self, base: int) -> int:
        if isinstance(base, bool) or not isinstance(base, int | np.integer):
            raise InputError([Problem("base", "", repr(base)[:80], "give a point's number")])
        if not 0 <= base < len(self.ensembles) or len(self.ensembles) < 2:
            why = f"give a point from 0 to {len(self.ensembles) - 1}, of a sweep of 2 or more"
            raise InputError([Problem("base", "", str(base), why)])
        return int(base)

    def export(self, folder: str | Path, fmt: str = "parquet") -> list[Path]:
        """Write every table, its points stacked, to ``folder/<table>.<fmt>``.

        As :meth:`votebank.api.Ensemble.export`: ``parquet`` or ``csv``; nothing is written when
        the format or a path is wrong.
        """
        tables = {name: self[name] for name in self.ensembles[0].frames}
        return export_frames(tables, folder, fmt)

    def __repr__(self) -> str:
        # As the notebook's HTML head: it showed the paths only, not the points, runs or seed.
        first = self.ensembles[0]
        return (
            f"Sweep(scenario={first.scenario!r}, paths={self.paths!r}, "
            f"points={len(self.ensembles)}, runs={first.runs}, seed={first.seed})"
        )

    def _repr_html_(self) -> str:
        first = self.ensembles[0]
        head = (
            f"<p><b>{escape(first.scenario)}</b>: sweep of {escape(', '.join(self.paths))} over "
            f"{plural(len(self.ensembles), 'point')}, {runs_text(first.runs)} each, seed "
            f"{first.seed} (the same runs at every point)</p>"
        )
        wide = self.summary().pivot_table(
            index="party", columns=list(self.paths), values="mean", dropna=False
        )
        wide = wide.loc[wide.max(axis=1).sort_values(ascending=False).index]
        return head + wide.to_html(float_format=lambda x: f"{x:,.2f}")


def _after(progress: Callable[[int, int], None], before: int, total: int) -> Callable[[int], None]:
    """A point's progress as the whole sweep's: ``before`` runs of earlier points done."""
    return lambda done: progress(before + done, total)


def _cells(params: Mapping[str, Any]) -> dict[str, Any]:
    """A point's values as table cells: a table or a list as JSON text (pandas would align it)."""
    return {
        k: json.dumps(v, default=_plain)
        if isinstance(v, Mapping | list | tuple | np.ndarray)
        else v
        for k, v in params.items()
    }


def _python(value: Any) -> Any:
    """A NumPy scalar as Python's: a flag refuses ``np.bool_`` (``np.array([True, False])``)."""
    return value.item() if isinstance(value, np.generic) else value


def _plain(value: Any) -> Any:
    return value.tolist() if isinstance(value, np.ndarray | np.generic) else str(value)


# Every point of a sweep runs with the same seed (common random numbers) and the same tables.
FIXED = "every point runs with the same seed and tables: give seed=, or change the scenario"
SAME_RUNS = "every point runs the same runs: set them with runs=, not in the grid"


def _grid_problems(grid: object) -> list[Problem]:
    """Paths that are not text or cannot change, and values that are not a list to try."""
    if not isinstance(grid, Mapping):
        return [Problem("grid", "", repr(grid)[:80], "give a dict of dotted paths to lists")]
    if not grid:
        return [Problem("grid", "", "{}", "give at least one path and its values")]
    named = [p for p in grid if isinstance(p, str)]
    # The later of two that name one field (or a table and a field in it) would win in
    # silence, while the earlier's column showed values no point ran with.
    problems = [
        Problem("grid", named[j], named[j], f"names what {named[i]!r} names: give it once")
        for i, j in overlapping(named)
    ]
    for path, values in grid.items():
        if not isinstance(path, str):
            problems.append(Problem("grid", "", repr(path), "a path must be text"))
            continue
        if fixed_path(path):
            problems.append(Problem("grid", path, path, FIXED))
        if path == "scenario.runs":  # runs=None reads it: points would differ in their runs
            problems.append(Problem("grid", path, path, SAME_RUNS))
        # A DataFrame's column is a list of values as a NumPy array is; a str is not one.
        listed = Sequence | np.ndarray | pd.Series | pd.Index
        if isinstance(values, str | bytes) or not isinstance(values, listed):
            problems.append(Problem("grid", path, repr(values)[:80], "give a list of values"))
        elif len(values) == 0:
            problems.append(Problem("grid", path, "[]", "give at least one value"))
    return problems


def _size_problem(sc: Scenario, grid: Mapping[str, Sequence], runs: int | None) -> Problem | None:
    """A grid whose points make more runs than one ensemble may, before a point is built."""
    from votebank.scenario.catalogue import default_runs

    n = runs if runs is not None else default_runs(len(sc.constituencies), sc.spec.scenario.runs)
    points = math.prod(len(values) for values in grid.values())
    if points * n <= MAX_RUNS:
        return None
    why = f"a sweep makes at most {MAX_RUNS:,} runs in all, as one ensemble: fewer values or runs"
    return Problem("grid", "", f"{points:,} points x {n:,} runs", why)


def _variants(sc: Scenario, grid: Mapping[str, Sequence[Any]]) -> list[tuple[dict, Scenario]]:
    """Each point of the grid and its scenario; every bad path and value raised together."""
    problems, wrong = [], set()
    points = [dict(zip(grid, v, strict=True)) for v in itertools.product(*grid.values())]
    for path, values in grid.items():  # each value alone first, to name its path
        for value in values:  # a flag's bad value is named once, in Python's words
            if flags := _flag_problems(sc, path, [value]):
                problems += flags
                wrong.add(path)
            elif (found := _override_problems(sc, {path: value}, path)) and not _right_somewhere(
                sc, points, path, value
            ):
                problems += found
                wrong.add(path)
    if problems:
        # The other paths' points are checked too (a region the tables lack, mood.Nort): each
        # problem was found only once the one before it was put right.
        if rest := {path: values for path, values in grid.items() if path not in wrong}:
            try:
                _variants(sc, rest)
            except InputError as exc:
                problems += exc.problems
        raise InputError(values_joined(problems))
    # A point may not name a region or seat the tables lack (mood.Nort for North); what the
    # scenario itself names is its own (cut to some seats, it may name regions it lost): its
    # problems are looked up only once a point has any.
    own: set | None = None
    out = []
    for point in points:
        try:
            variant = sc.with_spec(with_overrides(sc.spec, point))
        except (KeyError, ValueError):  # a rule of several paths together
            problems += _override_problems(sc, point, ", ".join(point))
            continue
        if order := party_order(sc.spec, variant.spec, "grid", ", ".join(point)):
            problems += order  # the points' runs would not be paired
            continue
        drawn = variant.spec.scenario.draw_parameters and "scenario.draw_parameters" in point
        if drawn and not varied_paths(variant.spec):  # its paths: scenario_problems, below
            problems.append(Problem("grid", "scenario.draw_parameters", "true", NOTHING_DRAWN))
        if variant.spec.scenario.draw_parameters:  # named here, not after the points before
            problems += draw_problems(variant.spec, "grid")
        # The tables were checked, and are the same: the spec's names and bounds are not. A
        # point may switch off what others need (what landlords add, their men included, is
        # the question, as compare's B), not switch on what would do nothing.
        tables = (sc.constituencies, sc.candidates)
        found = scenario_problems(variant.spec, *tables, "grid", requirements=False)
        found += switched_on_idle(sc.spec, variant.spec, sc.candidates, "grid")
        if found and own is None:
            own = set(scenario_problems(sc.spec, *tables, "grid", requirements=False))
        problems += [p for p in found if p not in (own or set())]
        out.append((point, variant))
    if problems:
        raise InputError(values_joined(problems))
    return out


def _right_somewhere(sc: Scenario, points: list[dict], path: str, value: Any) -> bool:
    """Whether a value wrong alone is right at a point, with another path's value there.

    (transfer 0.8 needs abstain below 0.2.) The points that remain wrong are named together.
    """
    with_it = (p for p in points if p[path] is value and len(p) > 1)
    for point in itertools.islice(with_it, 1000):  # enough to find one; bounded in time
        try:
            with_overrides(sc.spec, point)
        except (KeyError, ValueError):
            continue
        return True
    return False


def _flag_problems(sc: Scenario, path: str, values: Sequence[Any]) -> list[Problem]:
    """A field holding True or False takes only those (pydantic reads "yes" and 1 as True)."""
    try:
        now = value_at(sc.spec, path)
    except (KeyError, ValueError):  # named by _override_problems
        return []
    if not isinstance(now, bool):
        return []
    return [
        Problem("grid", path, json.dumps(v, default=_plain), "must be True or False")
        for v in values
        if not isinstance(v, bool | np.bool_)
    ]


def grid_problems(
    scenario: Scenario | str | Path, grid: Mapping[str, Sequence[Any]]
) -> list[Problem]:
    """Every problem :func:`sweep` would raise of the scenario and the grid, without a run."""
    try:
        _variants(entry_scenario(scenario, *_grid_problems(grid)), grid)
    except InputError as exc:
        return exc.problems
    return []


def _override_problems(sc: Scenario, point: dict[str, Any], where: str) -> list[Problem]:
    """Why ``point`` cannot be set on the scenario (as ``votebank compare --set`` says)."""
    value = json.dumps(point if len(point) > 1 else next(iter(point.values())), default=_plain)
    try:
        with_overrides(sc.spec, point)
    except ValidationError as exc:
        return [Problem("grid", where, value, set_message(where, e)) for e in exc.errors()]
    except (KeyError, ValueError) as exc:
        return [Problem("grid", where, value, str(exc.args[0]).removeprefix(f"{where}: "))]
    return []


def sweep(
    scenario: Scenario | str | Path,
    grid: Mapping[str, Sequence[Any]],
    runs: int | None = None,
    seed: int | None = None,
    workers: int = 1,
    *,
    station_runs: int = 0,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Sweep:
    """Run an ensemble at every combination of the values in ``grid``.

    Args:
        scenario: A scenario, or a built-in name, folder or TOML file.
        grid: Dotted paths of the scenario's fields (``turnout.base``,
            ``mechanisms.canvass.campaigns.0.cars``) and the values to try. A point may
            switch off what another mechanism needs (``mechanisms.landlords.enabled``: what
            landlords add, their men's stuffing included), as ``compare --set`` may.
        runs: Runs per point (default: as :func:`run_ensemble`).
        seed: One seed for every point (default: the scenario's, else fresh entropy).
        workers: Local worker processes.
        station_runs: Runs per point that keep station votes (default none).
        scheduler: Address of a Dask scheduler to send every point's runs to
            (``tcp://HOST:PORT``), as :func:`run_ensemble`'s; not with ``workers``.
        progress: Called with the runs done, every point's together, and their total.

    Raises:
        InputError: Every problem of the arguments and of the scenario; a path that names no
            field, or cannot change between points (``scenario.seed``, ``tables.*``); values
            that are not a list, or not valid there; more runs in all (points x runs) than
            one ensemble may make; runs or station votes to keep, every point's together, that
            would take more than this machine's memory. Nothing runs then.

    Warns:
        UserWarning: Every point drew the same runs (a mechanism that is off, or a default
            the scenario's tables override, such as ``turnout.base`` where every seat gives
            its turnout): not an effect of zero.
    """
    counts = _run_problems(runs, seed, workers, station_runs, scheduler)
    counts.append(callback_problem("progress", progress))
    sc = entry_scenario(scenario, *counts, *_grid_problems(grid))
    if problem := _size_problem(sc, grid, runs):
        raise InputError([problem])
    grid = {path: [_python(v) for v in values] for path, values in grid.items()}
    variants = _variants(sc, grid)
    # Every point's kept station votes stay in memory together, as run_ensemble's do.
    points = [variant for _, variant in variants]
    if problem := station_memory_problem(points, _runs(sc, runs), station_runs):
        raise InputError([problem])
    refuse_past_memory(points, workers, scheduler, "workers")
    seed = shared_seed(sc, seed)
    from votebank.ensemble.cluster import cluster_client

    ensembles, each = [], _runs(sc, runs)
    with cluster_client(workers, scheduler, python=True) as client:  # one for every point
        for k, (point, variant) in enumerate(variants):
            done = None if progress is None else _after(progress, k * each, len(variants) * each)
            e = _ensemble(variant, runs, seed, station_runs, client, done)
            ensembles.append(Ensemble(e.scenario, e.seed, e.runs, e.frames, point))
    first = ensembles[0].frames
    moved = any(not e.frames[t].equals(first[t]) for e in ensembles[1:] for t in first)
    distinct = {json.dumps(point, default=_plain) for point, _ in variants}  # [0.1, 0.1] moves none
    # The scenario's own fields (name, title, majority) change no run by design.
    about_runs = not all(p.startswith("scenario.") for p in grid)
    if len(distinct) > 1 and not moved and about_runs:
        # Read as "no effect", the same runs at every point would mislead.
        why = f"every point drew the same runs: {', '.join(grid)} changed no run of {sc.name}"
        hint = same_runs_hint(list(grid), [variant for _, variant in variants])
        warnings.warn(f"{why} ({hint})", stacklevel=2)
    return Sweep(tuple(grid), tuple(ensembles))
