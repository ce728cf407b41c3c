"""run_ensemble's scheduler and workers: refused by their Python names; the CLI keeps its own."""

import pytest

import votebank as vb
from votebank.ensemble.cluster import cluster_client
from votebank.errors import InputError


@pytest.mark.parametrize(
    ("given", "argument"),
    [
        ({"scheduler": 5}, "scheduler"),
        ({"scheduler": ""}, "scheduler"),
        ({"scheduler": "foo://x"}, "scheduler"),
        ({"scheduler": "tcp://127.0.0.1:1", "workers": 2}, "workers"),
    ],
)
def test_run_ensemble_names_its_own_arguments(given, argument):
    with pytest.raises(InputError) as exc:
        vb.run_ensemble("tiny", runs=2, seed=1, **given)
    assert [p.file for p in exc.value.problems] == [argument]
    assert "--" not in str(exc.value)


def test_the_command_line_names_its_options():
    with pytest.raises(InputError) as exc, cluster_client(2, "tcp://127.0.0.1:1"):
        pass
    assert [p.file for p in exc.value.problems] == ["--workers"]
    with pytest.raises(InputError) as exc, cluster_client(1, ""):
        pass
    assert [p.file for p in exc.value.problems] == ["--scheduler"]


def test_a_tls_scheduler_without_its_certificates_is_refused_before_connecting():
    # compare, explain and calibrate take no --tls-* options: a tls:// address failed only
    # on connecting ("TLS expects a `ssl_context` argument"), or said nobody listens.
    from votebank.ensemble.security import scheduler_problems

    (problem,) = scheduler_problems("tls://127.0.0.1:1", None)
    assert "tls-ca-file" in problem.message
    assert "tcp://" in problem.message
    with pytest.raises(InputError, match="tls-ca-file"), cluster_client(1, "tls://127.0.0.1:1"):
        pass
    # TLS set up in Dask's own configuration is Dask's to use: not refused.
    import dask.config

    with dask.config.set({"distributed.comm.tls.ca-file": "ca.pem"}):
        assert scheduler_problems("tls://127.0.0.1:1", None) == []


@pytest.mark.parametrize("port", ["0", "65536", "99999"])
def test_a_port_out_of_range_is_named_before_connecting(port):
    # It read "cannot connect: Connection refused", as if nobody listened at a real port.
    from votebank.ensemble.security import scheduler_problems

    (problem,) = scheduler_problems(f"tcp://127.0.0.1:{port}", None)
    assert problem.message == f"port {port} is not between 1 and 65535"
    assert scheduler_problems("tcp://127.0.0.1:65535", None) == []
    assert scheduler_problems("tcp://[::1]:8786", None) == []


@pytest.mark.parametrize("port", ["8786/", "abc", "8786/status"])
def test_a_port_that_is_no_number_is_named_before_connecting(port):
    # It read "cannot connect: invalid literal for int() with base 10: '8786/'".
    from votebank.ensemble.security import scheduler_problems

    (problem,) = scheduler_problems(f"tcp://127.0.0.1:{port}", None)
    assert problem.message.startswith(f"the port, {port}, is not a number: use tcp://HOST:PORT")
    assert "int()" not in problem.message
    assert scheduler_problems("tcp://localhost:8786", None) == []


def test_a_script_without_the_main_guard_is_told_to_add_it(tmp_path):
    # Each worker process imports the script and starts workers of its own: 300 lines of
    # Dask's tracebacks ended in "RuntimeError: Nanny failed to start.", the cause unnamed.
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "unguarded.py"
    script.write_text('import votebank as vb\nvb.run_ensemble("tiny", runs=2, seed=1, workers=2)\n')
    src = str(Path(vb.__file__).parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert "workers: the worker processes did not start" in last, done.stderr
    assert 'under `if __name__ == "__main__":`' in last
    assert "An attempt has been made to start a new process" not in done.stderr
