"""build_report and write_report check their arguments at entry, naming each."""

from pathlib import Path

import pytest

from tests.report import run_tiny
from votebank.errors import InputError
from votebank.report import build_report, write_report


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_tiny(tmp_path_factory.mktemp("store"), runs=2)


@pytest.mark.parametrize(
    ("given", "argument"),
    [
        ({"store_path": None}, "store_path"),
        ({"ensemble_id": 5}, "ensemble_id"),
        ({"extras": [1, 2]}, "extras"),
        ({"extras": {"notes": [1, 2]}}, "extras"),
        ({"extras": {"notes": {"when": object()}}}, "extras"),
        ({"extras": {"notes": {"seen": {1, 2}}}}, "extras"),
        # A section of the report's own: it was replaced, and the simulated turnout lost.
        ({"extras": {"turnout": {"headline": "Official turnout: 44%"}}}, "extras"),
        ({"extras": {"house": {"rows": [{"party": "A"}]}}}, "extras"),
    ],
)
def test_build_report_refuses_bad_arguments(store, given, argument):
    with pytest.raises(InputError) as exc:
        build_report(**{"store_path": store, **given})
    assert [p.file for p in exc.value.problems] == [argument]


def test_extras_may_use_the_names_of_the_sections_read_from_files(store):
    data = build_report(store, extras={"validation": {"coverage": 0.93}})
    assert data["extras"] == {"validation": {"coverage": 0.93}}


def test_json_extras_with_nan_are_kept(store):
    data = build_report(store, extras={"notes": {"share": float("nan"), "n": 3}})
    assert data["extras"]["notes"] == {"share": None, "n": 3}


def test_write_report_refuses_a_folder_and_no_data(store, tmp_path):
    data = build_report(store)
    with pytest.raises(InputError, match="is a folder") as exc:
        write_report(data, tmp_path)
    assert [p.file for p in exc.value.problems] == ["path"]
    with pytest.raises(InputError) as exc:
        write_report(None, 5)
    assert [p.file for p in exc.value.problems] == ["data", "path"]
    assert write_report(data, tmp_path / "report.html").is_file()


def test_the_folder_holding_the_store_is_read_as_its_store(store, tmp_path):
    # build_report("votebank-out") said "is a folder, not a results store (... another --out)",
    # while station_results_from_store takes the folder.
    assert build_report(store.parent)["ensemble"] == build_report(store)["ensemble"]
    with pytest.raises(InputError, match="no results store here") as exc:
        build_report(tmp_path)
    assert exc.value.problems[0].file == str(tmp_path / store.name)


@pytest.mark.parametrize("drop", ["house", "turnout"])
def test_a_dict_that_is_no_report_is_refused_naming_what_it_lacks(store, tmp_path, drop):
    # render_html and write_report given another dict (a backtest's, say) failed deep in the
    # drawing with KeyError: 'house'.
    from votebank.report import render_html

    data = {k: v for k, v in build_report(store).items() if k != drop}
    with pytest.raises(InputError, match=f"without {drop}") as exc:
        render_html(data)
    assert [p.file for p in exc.value.problems] == ["data"]
    with pytest.raises(InputError, match=f"without {drop}"):
        write_report(data, tmp_path / "report.html")
    assert not (tmp_path / "report.html").exists()
