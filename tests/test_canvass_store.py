"""The canvass plan stored beside the runs."""

from __future__ import annotations

import votebank as vb
from tests.hostile.helpers import assert_unmerged_said, with_the_store_full
from tests.uk.test_plan_canvass import QUICK_TINY
from votebank.ensemble.runner import EnsembleRequest, run_ensemble


def test_a_plan_that_could_not_be_merged_says_it_is_in_the_wal(tmp_path) -> None:
    # A full disk at the final merge left the plan in votebank.duckdb.wal alone, in silence:
    # a copy of votebank.duckdb (the README's one file) lacked it.
    store = tmp_path / "votebank.duckdb"
    run_ensemble(EnsembleRequest(vb.load_scenario("tiny"), 2, seed=7, store_path=store))
    argv = [*QUICK_TINY]
    proc = with_the_store_full([*argv, "--out", str(tmp_path)], tmp_path)
    assert_unmerged_said(proc, tmp_path, "canvass plan")
