"""Helpers shared by the report tests: tiny ensembles, hostile names, synthetic stores."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import votebank
from votebank.ensemble.runner import EnsembleRequest, run_ensemble
from votebank.results.frames import example_frames, example_meta
from votebank.results.store import ResultsStore
from votebank.scenario.load import load_scenario

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
TITLE = "</title><script>alert(3)</script>"
PAYLOADS = (SCRIPT, IMG, TITLE)
TINY = Path(votebank.__file__).parent / "scenarios" / "tiny"


def run_tiny(folder: Path, scenario: str | Path = "tiny", runs: int = 20) -> Path:
    """Run an ensemble of ``scenario`` with station detail in every run; return the store."""
    store = folder / "votebank.duckdb"
    request = EnsembleRequest(
        load_scenario(scenario), runs, seed=1, store_path=store, station_runs=-1
    )
    run_ensemble(request)
    return store


def _csv_field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def hostile_tiny(folder: Path) -> Path:
    """Copy the tiny scenario with hostile names; return its folder.

    A candidate, a constituency, a region and a party's name become ``SCRIPT``; another
    candidate, another constituency and a party id (``BLUE``, everywhere it is used) become
    ``IMG``; the title becomes ``TITLE``.
    """
    dst = folder / "hostile"
    shutil.copytree(TINY, dst)
    cands = (dst / "candidates.csv").read_text(encoding="utf-8")
    cands = cands.replace("Mian Sahib", _csv_field(SCRIPT)).replace("Dr Amina", _csv_field(IMG))
    cands = re.sub(r"(?<=,)BLUE(?=,)", _csv_field(IMG), cands)
    (dst / "candidates.csv").write_text(cands, encoding="utf-8")
    seats = (dst / "constituencies.csv").read_text(encoding="utf-8")
    seats = seats.replace("Riverside", _csv_field(SCRIPT)).replace("Old Town", _csv_field(IMG))
    seats = seats.replace(",South,", f",{_csv_field(SCRIPT)},")
    (dst / "constituencies.csv").write_text(seats, encoding="utf-8")
    toml = (dst / "scenario.toml").read_text(encoding="utf-8")
    img_basic = json.dumps(IMG)  # a TOML basic string is JSON-compatible here
    toml = toml.replace(
        'title = "Three constituencies, every delivery mechanism on"',
        f"title = {json.dumps(TITLE)}",
    )
    toml = toml.replace('name = "Red Party"', f"name = {json.dumps(SCRIPT)}")
    toml = toml.replace('"BLUE"', img_basic)
    toml = re.sub(r"^BLUE = ", f"{img_basic} = ", toml, flags=re.M)
    toml = re.sub(r"^South = ", f"{json.dumps(SCRIPT)} = ", toml, flags=re.M)
    (dst / "scenario.toml").write_text(toml, encoding="utf-8")
    return dst


def synthetic_store(folder: Path, runs: int, name: str = "votebank.duckdb") -> Path:
    """A store of synthetic runs (:func:`example_frames`): by-elections and canvass included."""
    path = folder / name
    spec = {
        "scenario": {"name": "synthetic", "title": "Synthetic runs", "majority": None},
        "parties": [{"id": "PPP", "name": "Peoples Party", "colour": "#009E73"}],
    }
    with ResultsStore(path) as store:
        eid = store.begin_ensemble(
            scenario_name="synthetic",
            scenario_hash="h",
            seed_entropy=1,
            runs_requested=runs,
            scenario_json=json.dumps(spec),
            version="0.1.0",
        )
        for i in range(runs):
            store.write_run(eid, example_meta(i), example_frames(i, seed=3), stations=i < 3)
    return path


def drawn_and_stopped(path: Path, asked: int) -> None:
    """As a run with --parameter-uncertainty killed part way leaves its ensemble."""
    with ResultsStore(path) as store:
        con = store.connection
        spec = json.loads(con.execute("SELECT scenario_json FROM ensembles").fetchone()[0])
        spec["scenario"]["draw_parameters"] = True
        con.execute(
            "UPDATE ensembles SET runs_requested = ?, scenario_json = ?", [asked, json.dumps(spec)]
        )
