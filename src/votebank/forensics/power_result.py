"""A power study's result: :class:`PowerResult`, its ``power.json`` form and reading it back."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from votebank.forensics.power_levels import MAX, Level
from votebank.forensics.power_rates import ANY, TESTS, tables
from votebank.jsonable import json_safe

FORMAT_VERSION = 1


@dataclass(frozen=True, eq=False)
class PowerResult:
    """Everything the power study measured.

    Attributes:
        scenario: Scenario name.
        settings: Seed, runs per level, bootstrap, alpha, leader rule, overrides applied.
        levels: The levels, "none" first.
        records: One row per (level, run): truth, fitted shares, each test's score and flag.
        rates: Detection rate per test and level, with Wilson intervals (the rate at "none" is
            the false-positive rate).
        roc: Empirical ROC points per test and stuffed level (threshold, fpr, tpr).
        auc: Area under each ROC curve (chance of ranking a stuffed run above a clean one).
        recovery: Fitted f_i/f_e against the truth per level: bias, RMSE, coverage.
        seconds: Wall-clock time of the study.
    """

    scenario: str
    settings: dict
    levels: tuple[Level, ...]
    # Shown by their own cells: the repr printed all five tables, cut by pandas mid-row.
    records: pd.DataFrame = field(repr=False)
    rates: pd.DataFrame = field(repr=False)
    roc: pd.DataFrame = field(repr=False)
    auc: pd.DataFrame = field(repr=False)
    recovery: pd.DataFrame = field(repr=False)
    seconds: float

    def to_dict(self) -> dict:
        """Return the result as JSON-safe values."""
        realised = self.records.groupby("level", sort=False)[
            ["stuffed", "incremental", "extreme", "stuffed_leader", "fabricated"]
        ].mean()
        levels = [
            {
                **vars(lv),
                "realised": realised.loc[lv.name].to_dict() if lv.name in realised.index else {},
            }
            for lv in self.levels
        ]
        out = {
            "format_version": FORMAT_VERSION,
            "scenario": self.scenario,
            "settings": self.settings,
            "tests": [vars(t).copy() for t in (*TESTS, ANY)],
            "levels": levels,
            "rates": self.rates.to_dict(orient="records"),
            "auc": self.auc.to_dict(orient="records"),
            "recovery": self.recovery.to_dict(orient="records"),
            "roc": self.roc.to_dict(orient="records"),
            "records": self.records.to_dict(orient="records"),
            "seconds": self.seconds,
        }
        return json_safe(out)


def read_power(path: str | Path) -> PowerResult:
    """Read a study back from its ``power.json`` (tables are recomputed from the records).

    Args:
        path: The ``power.json`` file, or the folder holding it.

    Returns:
        The study, ready for :func:`~votebank.forensics.power_outputs.power_tables` or
        :func:`~votebank.forensics.power_outputs.roc_figure`.
    """
    file = Path(path)
    if file.is_dir():
        file = file / "power.json"
    data = json.loads(file.read_text(encoding="utf-8"))
    levels = tuple(
        Level(
            lv["name"],
            MAX if lv["target"] is None else float(lv["target"]),
            lv["protection_max"],
            lv["expected_share"],
        )
        for lv in data["levels"]
    )
    records = pd.DataFrame(data["records"])
    score = [c for c in records.columns if c.startswith("score_")]
    records[score] = records[score].astype(float)  # NaN was written as null
    names = [lv.name for lv in levels]
    alpha = float(data["settings"]["alpha"])
    return PowerResult(
        scenario=data["scenario"],
        settings=data["settings"],
        levels=levels,
        records=records,
        **tables(records, names, alpha),
        seconds=float(data.get("seconds") or 0.0),
    )
