"""A stored run whose station rows hold empty cells is refused, naming them."""

import shutil

import duckdb
import pytest
from typer.testing import CliRunner

import votebank as vb
from votebank.cli import app
from votebank.ensemble.runner import EnsembleRequest, run_ensemble
from votebank.errors import InputError
from votebank.forensics.stored import station_results_from_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "votebank.duckdb"
    run_ensemble(EnsembleRequest(vb.load_scenario("tiny"), runs=1, seed=1, store_path=path))
    return path


def _damaged(store, tmp_path, update: str):
    folder = tmp_path / "out"
    folder.mkdir()
    shutil.copy(store, folder / "votebank.duckdb")
    with duckdb.connect(str(folder / "votebank.duckdb")) as con:
        first = con.execute("SELECT min(station_id) FROM polling_stations").fetchone()[0]
        sql = f"UPDATE polling_stations SET {update} WHERE station_id = ?"  # noqa: S608 (fixed text)
        con.execute(sql, [first])
    return folder, first


@pytest.mark.parametrize(
    ("update", "column"),
    [
        ("registered = NULL", "registered"),  # a traceback: cannot convert to 'int64'-dtype
        ("votes = [NULL, 5]", "votes"),
        ("stuffing = NULL", "stuffing"),  # read as one more stuffed station
    ],
)
def test_an_empty_cell_is_refused_naming_its_column_and_station(store, tmp_path, update, column):
    folder, first = _damaged(store, tmp_path, update)
    with pytest.raises(InputError) as exc:
        station_results_from_store(folder)
    (problem,) = exc.value.problems
    assert problem.location == f"polling_stations, station {first}"
    assert problem.message.startswith(f"{column} is empty at 1 station:")
    result = CliRunner().invoke(app, ["forensics-run", "--out", str(folder), "--bootstrap", "0"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"{column} is empty" in result.output
    assert not (folder / "forensics-run").exists()


def test_a_station_given_twice_is_refused(store, tmp_path):
    # Rows repeated in the store: by constituency a traceback ("regions must have one entry
    # per station"); with --national-only the stations were counted twice, without a word.
    folder, first = _damaged(store, tmp_path, "stuffing = stuffing")
    with duckdb.connect(str(folder / "votebank.duckdb")) as con:
        con.execute(
            "INSERT INTO polling_stations SELECT * FROM polling_stations WHERE station_id < 3"
        )
    with pytest.raises(InputError) as exc:
        station_results_from_store(folder)
    (problem,) = exc.value.problems
    assert (problem.location, problem.value) == (f"polling_stations, station {first}", "repeated")
    for regions in ("--by-constituency", "--national-only"):
        args = ["forensics-run", "--out", str(folder), "--bootstrap", "0", regions]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2
        assert "6 rows repeat a station" in result.output
        assert not (folder / "forensics-run").exists()


def test_a_run_without_candidates_is_refused_as_such(store, tmp_path):
    # It was refused as "a seat's candidates are not in one block (got )".
    folder, _ = _damaged(store, tmp_path, "stuffing = stuffing")
    with duckdb.connect(str(folder / "votebank.duckdb")) as con:
        con.execute("DELETE FROM candidates")
    with pytest.raises(InputError) as exc:
        station_results_from_store(folder)
    (problem,) = exc.value.problems
    assert (problem.location, problem.value) == ("candidates", "0 rows")
    assert "no candidates" in problem.message
