"""How often do the forensic tests see result-compilation fraud? The power study's second kind.

Beside ballot stuffing (:mod:`votebank.forensics.power`), votebank simulates returning officers
who move votes between candidates on missing station forms (``[mechanisms.compilation]``). The
station results an analyst receives are the rewritten forms: shares move, turnout does not.
Each level is a share of seats whose returning officer shifts votes (``seat_share``; ``max`` is
every seat where a favoured candidate stands); stuffing is switched off at every level, so the
"none" level gives each test's false-positive rate and the others its detection rate against
this fraud alone. Levels share the seed, run indices and analysis seeds (common random numbers:
every step before the compilation is identical across levels).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from votebank.display import DataTable as Table
from votebank.errors import InputError, Problem
from votebank.forensics.power import score_levels
from votebank.forensics.power_arguments import study_scenario
from votebank.forensics.power_levels import MAX, NONE, Level, level_name, parse_levels
from votebank.forensics.power_outputs import rate_table
from votebank.forensics.power_result import PowerResult
from votebank.forensics.stored import NATIONAL
from votebank.run.model import Model
from votebank.run.outcome import Outcome
from votebank.scenario.load import Scenario
from votebank.scenario.overrides import with_overrides

DEFAULT_COMPILATION_LEVELS = "none,0.1,0.25,0.5,max"


def compilation_levels(text: str | Sequence[float | str]) -> list[Level]:
    """Levels of seats shifted: ``none``, shares or percents, ``max`` (every seat)."""
    out = []
    targets = parse_levels(text)
    # A share of 1 is every seat, as max is: run it once, not twice under two names.
    for target in (t for t in targets if not (t == 1.0 and MAX in targets)):
        if target == NONE:
            out.append(Level("none", 0.0, None, 0.0))
        elif target == MAX:
            out.append(Level("max", MAX, None, 1.0))
        else:
            out.append(Level(level_name(target), target, None, target))
    return out


def level_scenario(
    scenario: Scenario, level: Level, overrides: Mapping[str, object] | None = None
) -> Scenario:
    """The scenario at one level: stuffing off, compilation at the level's share of seats."""
    on = level.target > 0
    extra = {
        **dict(overrides or {}),
        "mechanisms.stuffing.enabled": False,
        "mechanisms.compilation.enabled": on,
    }
    if on:
        extra["mechanisms.compilation.seat_share"] = min(level.target, 1.0)
    return scenario.with_spec(with_overrides(scenario.spec, extra))


def compilation_truth(outcome: Outcome) -> dict:
    """Share of seats shifted, of valid votes moved and of station forms rewritten, in a run."""
    truth = outcome.truth.get("compilation")
    if truth is None:
        return {"seats_shifted": 0.0, "votes_moved": 0.0, "forms_rewritten": 0.0}
    valid = float(outcome.votes.sum())
    return {
        "seats_shifted": float(np.mean(truth["seat_shifted"])),
        "votes_moved": float(truth["station_moved"].sum()) / valid if valid else math.nan,
        "forms_rewritten": float(np.mean(truth["station_moved"] > 0)),
    }


def compilation_power(
    scenario: Scenario | str | Path,
    *,
    levels: str | Sequence[float | str] = DEFAULT_COMPILATION_LEVELS,
    runs_per_level: int = 20,
    seed: int = 0,
    bootstrap: int = 100,  # as the command: below 80 a Klimek test cannot lead the family
    alpha: float = 0.05,
    leader: str = NATIONAL,
    overrides: Mapping[str, object] | None = None,
    progress: Callable[[int, int], None] | None = None,
    by_constituency: bool = True,
    records: Path | None = None,
    resume: bool = False,
) -> PowerResult:
    """Run the scenario at each level of compilation fraud and score every forensic test.

    Args:
        scenario: The scenario, or a built-in name, folder or TOML file (use
            :func:`~votebank.forensics.power.subset_seats` for speed).
        levels: Shares of seats shifted (see :func:`compilation_levels`); "none" is added.
        runs_per_level: Simulated elections per level (run indices 0..runs-1 at every level).
        seed: Ensemble seed of every level and root of the analysis seeds.
        bootstrap: Bootstrap refits per analysis.
        alpha: Nominal level of every test's flag.
        leader: Leader column: ``"national"``, ``"station"`` or a party id.
        overrides: Further dotted-path spec overrides applied to every level (e.g.
            ``mechanisms.compilation.shift``).
        progress: Called with (elections done, elections in all).
        by_constituency: Label stations with their constituency (see
            :func:`~votebank.forensics.power.forensics_power`).
        records: A file that keeps each finished election as it finishes.
        resume: Go on from a stopped study's ``records`` (see
            :func:`~votebank.forensics.power.forensics_power`).

    Returns:
        The study: records carry the usual columns plus ``seats_shifted``, ``votes_moved``
        and ``forms_rewritten``.

    Raises:
        InputError: Every problem of the arguments, found before the first run.
    """
    start = time.perf_counter()
    # As forensics_power: every argument checked before the first run (no militia or stuffing
    # settings here: stuffing is off at every level).
    scenario, overrides = study_scenario(
        scenario,
        runs_per_level=runs_per_level,
        seed=seed,
        bootstrap=bootstrap,
        alpha=alpha,
        militia_prob=None,
        extreme_share=None,
        overrides=overrides,
        progress=progress,
        by_constituency=by_constituency,
        leader=leader,
    )
    level_list = compilation_levels(levels)
    _check_favoured(scenario, level_list, overrides, seed)
    return score_levels(
        scenario,
        [(lv, level_scenario(scenario, lv, overrides)) for lv in level_list],
        seed=seed,
        runs_per_level=runs_per_level,
        leader=leader,
        bootstrap=bootstrap,
        alpha=alpha,
        progress=progress,
        by_constituency=by_constituency,
        truth_of=lambda outcome: {"fraud": "compilation", **compilation_truth(outcome)},
        settings={"fraud": "compilation", "overrides": dict(overrides or {})},
        start=start,
        records=records,
        resume=resume,
    )


def _check_favoured(
    scenario: Scenario, level_list: list[Level], overrides: Mapping[str, object], seed: int
) -> None:
    """Refuse fraud levels where no seat has a favoured candidate (run 0 at every seat).

    No returning officer would have anyone to favour: each level would move nothing and its
    0% would be reported as power (as a stuffing study refuses levels with no armed patron).
    """
    rigged = [lv for lv in level_list if lv.target > 0]
    if not rigged:
        return
    top = level_scenario(scenario, Level("max", MAX, None, 1.0), overrides)
    if (Model(top, seed).outcome(0).truth["compilation"]["favoured_slot"] >= 0).any():
        return
    why = (
        "no seat has a candidate of a favoured party, so no votes can be moved; mark a party "
        "government = true or set mechanisms.compilation.favoured_parties, or study the clean "
        "level alone (--levels none)"
    )
    given = ",".join(lv.name for lv in rigged)
    raise InputError([Problem("--levels", scenario.name, given, why)])


def compilation_table(result: PowerResult, width: int | None = None) -> Table:
    """Detection rate of each test by level of compilation fraud (level "none": false alarms).

    ``width``: columns of text the table fits (default: the terminal's).
    """
    return rate_table(
        result,
        "Detection rate by level of result-compilation fraud",
        "Column heads: level, share of seats shifted, (share of valid votes moved). Level "
        "'none' gives the false-positive rate; AUC is for the top level. Stuffing is off.",
        lambda r: f"{100 * r['seats_shifted']:.1f}%\n({100 * r['votes_moved']:.2f}%)",
        width=width,
    )
