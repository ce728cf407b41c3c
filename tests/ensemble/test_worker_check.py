"""A scheduler's workers are checked before anything is stored: some joined, each with votebank
at this version (a real LocalCluster, its worker altered from inside)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

import votebank as vb
from votebank.ensemble import worker_check
from votebank.ensemble.runner import EnsembleRequest, run_ensemble
from votebank.errors import InputError

OLDER = "import votebank.version as v; v.__version__ = '0.0.1'"
NO_VOTEBANK = """
import sys
for name in [m for m in sys.modules if m.split('.')[0] == 'votebank']:
    del sys.modules[name]
class Absent:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] == 'votebank':
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Absent())
"""


@contextmanager
def one_worker():
    """A real LocalCluster of one worker process and a client of it: (cluster, client)."""
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address=":0"
        ) as cluster,
        Client(cluster) as client,
    ):
        yield cluster, client


def request(address: str, tmp_path) -> EnsembleRequest:
    store = tmp_path / "out" / "votebank.duckdb"
    return EnsembleRequest(vb.load_scenario("tiny"), 4, seed=1, store_path=store, scheduler=address)


def test_a_scheduler_without_workers_is_named_before_anything_is_stored(tmp_path, monkeypatch):
    # It failed after 10 s as "the cluster lost runs (TimeoutError: No valid workers found)",
    # an empty ensemble left in the store.
    from dask.distributed import LocalCluster

    monkeypatch.setattr(worker_check, "WAIT_FOR_WORKERS", 0.5)
    with LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=":0") as cluster:
        address = cluster.scheduler_address
        with pytest.raises(InputError, match="no workers") as caught:
            run_ensemble(request(address, tmp_path))
    assert f"dask worker {address}" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_workers_of_another_version_or_without_votebank_are_named(tmp_path):
    # A worker of another version made the runs silently (stored as its version); one without
    # votebank failed the first transfer in Dask's traceback.
    with one_worker() as (cluster, client):
        address = cluster.scheduler_address
        (worker,) = client.scheduler_info()["workers"]
        client.run(exec, OLDER)
        with pytest.raises(InputError) as older:
            run_ensemble(request(address, tmp_path))
        client.run(exec, NO_VOTEBANK)
        with pytest.raises(InputError) as absent:
            run_ensemble(request(address, tmp_path))
    assert f"worker {worker} has votebank 0.0.1, this machine {vb.__version__}" in str(older.value)
    assert "cannot import votebank (ModuleNotFoundError: No module named" in str(absent.value)
    assert not (tmp_path / "out").exists()


def test_a_worker_with_another_numpy_is_named_before_anything_is_stored(tmp_path):
    # NumPy's Generator may draw other numbers for the same seed in another version (NEP 19):
    # such a worker made its runs silently, breaking "the same seed, the same results".
    import numpy

    with one_worker() as (cluster, client):
        (worker,) = client.scheduler_info()["workers"]
        # Another version than this machine's, one that pandas and Numba both import with.
        other = "2.2.0" if numpy.__version__ == "2.3.0" else "2.3.0"
        client.run(exec, f"import numpy; numpy.__version__ = {other!r}")
        with pytest.raises(InputError) as caught:
            run_ensemble(request(cluster.scheduler_address, tmp_path))
    ours = f"NumPy {numpy.__version__}"
    said = f"worker {worker} has NumPy {other} where this machine has {ours}, which may give "
    assert said + f"other results: install {ours} on every worker" in str(caught.value)
    assert "Numba" not in str(caught.value)  # the same on both: not named
    assert not (tmp_path / "out").exists()


def test_only_the_libraries_that_differ_are_named_each_beside_this_machines():
    # It read "has NumPy 1.26.4, Numba 0.60.0, this machine NumPy 2.1.0, Numba 0.60.0".
    found = {"tcp://h:1": ("0.1.0", "c", ("NumPy 1.26.4", "Numba 0.60.0"))}
    ours = ("0.1.0", "c", ("NumPy 2.1.0", "Numba 0.60.0"))
    (problem,) = worker_check.worker_problems(found, ours, "tcp://s:1", "--scheduler")
    assert "worker tcp://h:1 has NumPy 1.26.4 where this machine has NumPy 2.1.0, which may " in (
        str(problem)
    )
    assert "install NumPy 2.1.0 on every worker" in str(problem)
    assert "Numba" not in str(problem)
    both = {"tcp://h:1": ("0.1.0", "c", ("NumPy 1.26.4", "Numba 0.59.1"))}
    (problem,) = worker_check.worker_problems(both, ours, "tcp://s:1", "--scheduler")
    assert "has NumPy 1.26.4 and Numba 0.59.1 where this machine has NumPy 2.1.0 and " in (
        str(problem)
    )


def test_many_workers_with_one_problem_are_listed_once_and_counted():
    found = {f"tcp://h:{i}": ("0.0.1", "c", "L") for i in range(5)} | {
        "tcp://h:9": ("0.1.0", "c", "L")
    }
    (problem,) = worker_check.worker_problems(
        found, ("0.1.0", "c", "L"), "tcp://s:1", "--scheduler"
    )
    assert "workers tcp://h:0, tcp://h:1, tcp://h:2 and 2 more have votebank 0.0.1" in str(problem)


def test_a_worker_gone_since_it_joined_is_not_told_as_missing_votebank():
    # A worker killed a moment before was still listed, and its closed connection was reported
    # as "cannot import votebank (CommClosedError: ...)".
    from distributed.comm.core import CommClosedError

    found = {"tcp://h:1": CommClosedError("Stream is closed"), "tcp://h:2": ("0.1.0", "c", "L")}
    assert (
        worker_check.worker_problems(found, ("0.1.0", "c", "L"), "tcp://s:1", "--scheduler") == []
    )


def test_a_worker_with_other_code_of_the_same_version_is_named(tmp_path):
    # A worker whose votebank was a checkout at another commit (same version, 0.1.0) made the
    # runs silently, with other results: reserved seats settled another way in every run.
    import shutil
    from pathlib import Path

    other = tmp_path / "other" / "votebank"
    shutil.copytree(Path(vb.__file__).parent, other, ignore=shutil.ignore_patterns("data"))
    with (other / "run" / "model.py").open("a") as edited:
        edited.write("\n# edited\n")
    moved = f"import votebank; votebank.__file__ = {str(other / '__init__.py')!r}"
    with one_worker() as (cluster, client):
        client.run(exec, moved)
        with pytest.raises(InputError, match="other votebank code than this machine") as caught:
            run_ensemble(request(cluster.scheduler_address, tmp_path))
    assert f"both {vb.__version__}" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_a_client_given_in_python_has_its_workers_checked_too():
    # compare(client=...) and deciding_routes(client=...) skipped the check that a scheduler's
    # address gets: a worker of another version made their runs silently.
    with one_worker() as (_, client):
        client.run(exec, OLDER)
        for call in (
            lambda: vb.compare("tiny", "tiny", runs=2, client=client),
            lambda: vb.deciding_routes("tiny", "T-1", runs=2, client=client),
        ):
            with pytest.raises(InputError, match=r"0\.0\.1") as caught:
                call()
            assert caught.value.problems[0].file == "client"


def test_a_worker_whose_votebank_has_no_probe_is_said_to_have_another_votebank():
    # The probe travels by reference (nothing is pickled by value): an older votebank without
    # its module fails to unpickle it, which is another votebank, not none.
    older = Exception("ModuleNotFoundError(\"No module named 'votebank.ensemble.worker_probe'\")")
    none = Exception("ModuleNotFoundError(\"No module named 'votebank'\")")
    found = {"tcp://a:1": older, "tcp://b:1": none}
    (a, b) = worker_check.worker_problems(found, ("0.1.0", "x", "L"), "tcp://s:1", "--scheduler")
    assert "tcp://a:1 has another votebank than this machine" in a.message
    assert "no votebank.ensemble.worker_probe" in a.message
    assert "tcp://b:1 cannot import votebank (ModuleNotFoundError: No module named" in b.message
