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
