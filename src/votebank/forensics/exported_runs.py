"""A station file of several simulated elections (``votebank export``'s) is not one election.

``votebank export`` writes the stations of every stored run to one ``polling_stations.csv``,
each row named by its ``ensemble_id`` and ``run_index``. Read whole, the runs were tested as
one election (10 runs of a scenario as one country of ten times its stations, every station
id repeated), and nothing said so. Only a file with both columns is checked: a real station
file is not told what its columns mean.
"""

from __future__ import annotations

import pandas as pd

from votebank.forensics.problems import Problems

RUN_COLUMNS = ("ensemble_id", "run_index")


def several_runs(header: list[str], table: pd.DataFrame, report: Problems) -> None:
    """Report a table holding the stations of more than one stored run."""
    at = [[i for i, h in enumerate(header) if str(h).strip() == c] for c in RUN_COLUMNS]
    if not all(at):
        return
    runs = table.iloc[:, [where[0] for where in at]].astype(str).drop_duplicates()
    if len(runs) <= 1:
        return
    ensemble, run = runs.iloc[0]
    why = (
        f"the file holds the stations of {len(runs):,} simulated elections (votebank export's "
        "ensemble_id and run_index) and the tests take one election: keep one run's rows "
        f"(ensemble_id {ensemble}, run_index {run}, say), or test a stored run with "
        "votebank forensics-run --run N"
    )
    report.add("run_index", f"{len(runs):,} runs", why)
