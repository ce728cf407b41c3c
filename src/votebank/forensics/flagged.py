"""The stations behind each flag, as a table an observer can take to the field.

For every counted test the report flags (its family decision; in the whole election, or in one
region when regions are given):

* integer percentages: stations whose turnout or leader share is a round percent in the sense
  of the test (the count nearest to it), at the grain of the strongest excess (every 1%, 5%
  or 10%), among those it counts (denominators of at least 100);
* 100% pile-up: stations with exactly as many ballots as registered voters;
* extreme-fraud cluster: stations in the cells where the fitted Klimek model's extreme
  stations outnumber its others.

A listed station is not a proven fraud: by chance alone about one station in ``n / 100``
hits a whole percent, and some honest stations report 100% turnout.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from votebank.forensics.fingerprint import extreme_stations
from votebank.forensics.integers import MIN_DENOMINATOR, is_round_percent
from votebank.forensics.regional import flag_names, subset
from votebank.forensics.report import ForensicsReport
from votebank.forensics.stations import StationResults
from votebank.formula_cells import inert

COLUMNS = (
    "station", "region", "found_in", "test", "detail", "registered", "ballots", "valid",
    "leader_votes", "turnout_pct", "leader_share_pct",
)  # fmt: skip
ALL = "(all stations)"


def flagged_stations(results: StationResults, report: ForensicsReport) -> pd.DataFrame:
    """One row per station and flag that lists it.

    Args:
        results: The analysed results.
        report: Their report (with per-region reports when regions were given).

    Returns:
        A table with the columns of :data:`COLUMNS`.
    """
    scopes = [(ALL, results, report)]
    if results.regions is not None:
        labels = np.asarray(results.regions)
        for r in report.regions:
            scopes.append((r.region, subset(results, labels == r.region), r.report))
    parts = [_scope_rows(name, res, rep) for name, res, rep in scopes]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=list(COLUMNS))
    return pd.concat(parts, ignore_index=True)[list(COLUMNS)]


def for_spreadsheet(table: pd.DataFrame) -> pd.DataFrame:
    """The flagged stations as written to CSV: every label :func:`~votebank.formula_cells.inert`."""
    out = table.copy()
    for column in ("station", "region", "found_in"):
        out[column] = [inert(v) for v in out[column]]
    return out


def _scope_rows(name: str, res: StationResults, rep: ForensicsReport) -> pd.DataFrame:
    rows = []
    hits = flag_names(rep)
    if "integer %" in hits:
        # The stations the test counted: smaller denominators are round by arithmetic alone.
        # Their hits at the grain of the strongest excess, the one the reading names: at every
        # whole percent a station of n voters hits by chance about once in n / 100, and a file
        # written to multiples of 5% listed four chance hits for each written protocol.
        grain = min(rep.integers.grains, key=lambda g: g.p_value).grain
        t_ok = (res.ballots <= res.registered) & (res.registered >= MIN_DENOMINATOR)
        t_hit = t_ok & is_round_percent(res.ballots, np.maximum(res.registered, 1), grain)
        s_ok = res.valid >= MIN_DENOMINATOR
        s_hit = s_ok & is_round_percent(res.leader_votes, np.maximum(res.valid, 1), grain)
        detail = np.where(
            t_hit & s_hit, "turnout and leader share", np.where(t_hit, "turnout", "leader share")
        )
        at = "a whole percent" if grain == 1 else f"a multiple of {grain}%"
        detail = np.char.add(detail.astype(str), f" at {at}")
        rows.append(_rows(res, t_hit | s_hit, "integer percentages", detail))
    if "100%" in hits:
        hit = res.ballots == res.registered
        rows.append(_rows(res, hit, "100% turnout pile-up", np.full(len(hit), "100% turnout")))
    if "f_e" in hits:
        hit = extreme_stations(res, rep.klimek)
        rows.append(_rows(res, hit, "extreme-fraud cluster", np.full(len(hit), "near 100%/100%")))
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=list(COLUMNS))
    out["found_in"] = name
    if name != ALL:
        out["region"] = name
    return out


def _rows(res: StationResults, hit: np.ndarray, test: str, detail: np.ndarray) -> pd.DataFrame:
    idx = np.flatnonzero(hit)
    reg = res.registered[idx]
    bal = res.ballots[idx]
    val = res.valid[idx]
    lead = res.leader_votes[idx]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(val > 0, 100 * lead / np.maximum(val, 1), np.nan)
    return pd.DataFrame(
        {
            "station": np.asarray(res.ids)[idx],
            "region": np.asarray(res.regions)[idx] if res.regions is not None else "",
            "test": test,
            "detail": np.asarray(detail)[idx],
            "registered": reg,
            "ballots": bal,
            "valid": val,
            "leader_votes": lead,
            "turnout_pct": np.round(100 * bal / reg, 2),
            "leader_share_pct": np.round(share, 2),
        }
    )
