"""Station votes kept in memory that would not fit are refused before anything runs.

run_ensemble("pakistan-2008", runs=200, station_runs=-1) keeps about 1.5 million rows a run;
it ran for minutes and the process was killed. The machine's memory is shrunk here by
reporting fewer pages, never by allocating.
"""

from __future__ import annotations

import os

import pytest

import votebank as vb
from votebank.errors import InputError

PAGE = 4096


def report_memory(monkeypatch, total: int | None) -> None:
    """Make os.sysconf report ``total`` bytes of memory (None: that it cannot say)."""
    real = os.sysconf

    def sysconf(name):
        if name in ("SC_PHYS_PAGES", "SC_PAGE_SIZE"):
            if total is None:
                raise ValueError("unrecognized configuration name")
            return PAGE if name == "SC_PAGE_SIZE" else total // PAGE
        return real(name)

    monkeypatch.setattr(os, "sysconf", sysconf, raising=False)


def test_run_ensemble_refuses_station_votes_larger_than_memory(monkeypatch):
    report_memory(monkeypatch, 64 * PAGE)  # 256 KiB: tiny's station rows of 50 runs do not fit
    with pytest.raises(InputError) as exc:
        vb.run_ensemble("tiny", runs=50, seed=1, station_runs=-1)
    (problem,) = exc.value.problems
    assert problem.file == "station_runs"
    assert problem.value == "-1"
    said = str(problem)
    assert "more than this machine's 256 KB" in said
    assert "votebank run --station-runs" in said


def test_the_refusal_says_how_many_station_runs_fit(monkeypatch):
    report_memory(monkeypatch, 64 * PAGE)
    with pytest.raises(InputError) as exc:
        vb.run_ensemble("tiny", runs=20, seed=1, station_runs=10)
    assert "(enough for those of 1 run at most)" in str(exc.value.problems[0])


def test_station_runs_that_fit_run(monkeypatch):
    report_memory(monkeypatch, 64 * PAGE)
    e = vb.run_ensemble("tiny", runs=50, seed=1, station_runs=0)
    assert e.runs == 50
    assert e.station_votes.empty


def test_no_check_where_memory_cannot_be_read(monkeypatch):
    report_memory(monkeypatch, None)
    e = vb.run_ensemble("tiny", runs=2, seed=1, station_runs=-1)
    assert e.station_votes["run_index"].nunique() == 2


def test_a_sweep_counts_the_station_runs_of_every_point(monkeypatch):
    report_memory(monkeypatch, 64 * PAGE)
    with pytest.raises(InputError) as exc:
        vb.sweep("tiny", {"mood.national.RED": [0.0, 0.2]}, runs=20, seed=1, station_runs=-1)
    assert exc.value.problems[0].file == "station_runs"


def test_the_estimate_is_the_rows_a_run_keeps():
    from votebank.run.station_memory import station_rows

    sc = vb.load_scenario("tiny")
    e = vb.run_ensemble(sc, runs=1, seed=1, station_runs=1)
    assert station_rows(sc) == len(e.station_votes)


def test_run_ensemble_refuses_runs_whose_tables_exceed_memory(monkeypatch):
    # uk-2015-from-2010 keeps about 1 MB of tables a run: 50,000 runs were killed hours in.
    report_memory(monkeypatch, 64 * PAGE)  # 256 KiB: tiny's tables of 1,000 runs do not fit
    with pytest.raises(InputError) as exc:
        vb.run_ensemble("tiny", runs=1000, seed=1, station_runs=0)
    (problem,) = exc.value.problems
    assert problem.file == "runs"
    assert problem.value == "1000"
    assert "more than this machine's 256 KB" in str(problem)


def test_a_container_limit_below_the_machine_memory_is_the_memory(tmp_path):
    from votebank.run.station_memory import total_memory

    machine = total_memory(limit_files=())
    (tmp_path / "v2").write_text("max\n")  # no limit
    (tmp_path / "v1").write_text("8589934592\n")  # docker run -m 8g
    (tmp_path / "huge").write_text("9223372036854771712\n")  # cgroup v1's "no limit"
    files = [str(tmp_path / name) for name in ("v2", "v1", "huge", "missing")]
    assert total_memory(limit_files=files) == min(machine, 8 * 2**30)
    assert total_memory(limit_files=files[2:]) == machine
