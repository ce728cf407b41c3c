"""station_results_from_store checks the run it is asked for (1.5 read run 1)."""

import pytest

import votebank as vb
from votebank.ensemble.runner import EnsembleRequest, run_ensemble
from votebank.errors import InputError
from votebank.forensics.stored import station_results_from_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "votebank.duckdb"
    sc = vb.load_scenario("tiny")
    eid = run_ensemble(EnsembleRequest(sc, runs=2, seed=1, store_path=path, station_runs=2))
    return path, eid


@pytest.mark.parametrize("run_index", [1.5, "0", None, -1, True])
def test_a_run_index_that_is_no_run_is_refused(store, run_index):
    path, eid = store
    with pytest.raises(InputError) as exc:
        station_results_from_store(path, eid, run_index)
    assert [p.file for p in exc.value.problems] == ["run_index"]


def test_bad_ids_and_paths_are_refused(store):
    path, _ = store
    with pytest.raises(InputError) as exc:
        station_results_from_store(path, 5, -1)
    assert [p.file for p in exc.value.problems] == ["run_index", "ensemble_id"]
    with pytest.raises(InputError, match="store_path"):
        station_results_from_store(None)
    # A bad path was refused alone; the ids only once the store was open.
    with pytest.raises(InputError) as exc:
        station_results_from_store(None, 5, -1)
    assert [p.file for p in exc.value.problems] == ["store_path", "run_index", "ensemble_id"]
    with pytest.raises(InputError) as exc:
        station_results_from_store(path.parent / "missing.duckdb", None, -1)
    assert [p.value for p in exc.value.problems] == ["missing", "-1"]


def test_a_right_run_is_read(store):
    path, eid = store
    results, _ = station_results_from_store(path, eid, 1)
    assert results.n_stations > 0
    labelled, _ = station_results_from_store(path, eid, 1, regions=True)
    assert results.regions is None
    assert len(labelled.regions) == results.n_stations


def test_the_folder_votebank_run_wrote_is_read_as_its_store(store):
    # `votebank run --out DIR` names the folder; given it, the store "was not there".
    path, eid = store
    results, _ = station_results_from_store(path.parent, eid, 1)
    assert results.n_stations == station_results_from_store(path, eid, 1)[0].n_stations


def test_an_empty_ensemble_id_is_refused_not_read_as_the_latest(store):
    path, _ = store
    with pytest.raises(InputError, match=r"no such ensemble in the store; it holds .* \(got ''\)"):
        station_results_from_store(path, "", 0)


def test_regions_must_be_true_or_false(store):
    # "no" is true: every station was labelled with its constituency.
    path, eid = store
    with pytest.raises(InputError) as exc:
        station_results_from_store(path, eid, 1, regions="no")
    assert [p.file for p in exc.value.problems] == ["regions"]


@pytest.mark.parametrize("given", [None, 5, "votebank.duckdb"])
def test_a_run_that_is_no_tables_is_refused(given):
    # A TypeError ("argument of type 'NoneType' is not iterable") before, or a string's
    # letters searched for the table names.
    from votebank.forensics.stored import station_results_from_run

    with pytest.raises(InputError, match="needs the polling_stations and candidates tables"):
        station_results_from_run(given)


def test_an_ensemble_is_told_to_give_one_run_or_a_store():
    # An Ensemble's tables have station_votes, not a run's polling_stations: the message named
    # the missing tables only, with no way on.
    from votebank.forensics.stored import station_results_from_run

    ens = vb.run_ensemble("tiny", runs=1, seed=1)
    for given in (ens, ens.frames):
        with pytest.raises(InputError, match=r"vb\.simulate\(\.\.\.\) or a store"):
            station_results_from_run(given)
