"""The start and the fitted values scored again on seeds the search never saw.

Every trial of a search runs on one seed, and the best of many trials is picked on that seed's
noise too: its loss is biased low (the winner's curse), and "36.1 -> 21.3" does not say if the
gain is larger than what another seed would give. Here both are run on ``repeats`` fresh
seeds, the same seeds for both (paired), so the gain's standard error is that of the fit alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from votebank.calibrate.objective import Objective, simulate_ensemble
from votebank.calibrate.params import apply_to_scenario
from votebank.outputs import write_texts
from votebank.run.contests import build_contests
from votebank.scenario.load import Scenario


@dataclass(frozen=True)
class FreshSeeds:
    """Losses of the start and of the fitted values on the same fresh seeds."""

    seeds: tuple[int, ...]
    start: tuple[float, ...]
    fitted: tuple[float, ...]

    @property
    def gain(self) -> float:
        """Mean of start minus fitted, seed by seed."""
        return float(np.mean(np.subtract(self.start, self.fitted)))

    @property
    def gain_se(self) -> float:
        """Its standard error (sd of the per-seed gains / sqrt(seeds)); nan for one seed."""
        gains = np.subtract(self.start, self.fitted)
        return float(gains.std(ddof=1) / np.sqrt(len(gains))) if len(gains) > 1 else float("nan")

    def text(self) -> str:
        """One line for the terminal: both losses, the gain and whether it clears its noise."""
        n = len(self.seeds)
        line = (
            f"on {n} fresh seed{'s' if n > 1 else ''} (not the search's): loss "
            f"{np.mean(self.start):.3f} at the start, {np.mean(self.fitted):.3f} fitted; "
            f"gain {self.gain:.3f}"
        )
        if n < 2:
            return line
        line += f" ± {self.gain_se:.3f} (s.e.)"
        if self.gain <= 2 * self.gain_se:
            line += ": not clear of the runs' noise (more --runs, or fewer parameters)"
        return line


def add_to_record(folder: Path, checked: FreshSeeds) -> None:
    """``calibration.json`` in ``folder`` with the check beside the search's own figures."""
    path = folder / "calibration.json"
    record = json.loads(path.read_text())
    record["fresh_seeds"] = {
        "seeds": list(checked.seeds),
        "loss_start": list(checked.start),
        "loss_fitted": list(checked.fitted),
        "gain": checked.gain,
        "gain_se": None if np.isnan(checked.gain_se) else checked.gain_se,
    }
    write_texts({path.name: json.dumps(record, indent=2) + "\n"}, folder)


def fresh_seeds(search_seed: int, repeats: int) -> tuple[int, ...]:
    """``repeats`` seeds derived from the search's, none of them the search's own."""
    states = np.random.SeedSequence([search_seed, 1]).generate_state(repeats + 1, np.uint32)
    return tuple(int(s) for s in states if int(s) != search_seed)[:repeats]


def score_on_fresh_seeds(
    scenario: Scenario,
    objective: Objective,
    start: dict[str, float],
    fitted: dict[str, float],
    *,
    runs: int,
    search_seed: int,
    repeats: int,
    client: Any = None,
) -> FreshSeeds:
    """The loss of ``start`` and ``fitted`` on each of ``repeats`` fresh seeds, ``runs`` each."""
    aligned = objective.target.align(build_contests(scenario), scenario.name)
    seeds = fresh_seeds(search_seed, repeats)
    losses: dict[str, list[float]] = {"start": [], "fitted": []}
    for seed in seeds:
        for name, values in (("start", start), ("fitted", fitted)):
            ens = simulate_ensemble(apply_to_scenario(scenario, values), runs, seed, client=client)
            losses[name].append(objective.components(ens, aligned)["loss"])
    return FreshSeeds(seeds, tuple(losses["start"]), tuple(losses["fitted"]))
