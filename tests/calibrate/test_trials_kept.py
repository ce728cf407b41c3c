"""A calibration stopped before its first trial finished leaves no trials file behind."""

from __future__ import annotations

import pytest

from tests.calibrate.test_inputs import REAL
from votebank.calibrate.fit import calibrate
from votebank.errors import Interrupted

pytest.importorskip("optuna")


def test_a_search_stopped_in_its_first_trial_writes_nothing(tmp_path, monkeypatch):
    # Before: "0 of 5 trials finished; nothing written", beside a trials.partial.jsonl begun
    # for the search.
    real = tmp_path / "real.csv"
    real.write_text(REAL)
    out = tmp_path / "fit"

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("votebank.calibrate.fit.simulate_ensemble", ctrl_c)
    with pytest.raises(Interrupted, match="nothing written"):
        calibrate("tiny", str(real), ["mood.national.RED=-1:1"], trials=5, out=out)
    assert not (out / "trials.partial.jsonl").exists()


def test_a_stopped_search_keeps_the_trials_it_had_when_stopped_again_at_once(tmp_path, monkeypatch):
    real = tmp_path / "real.csv"
    real.write_text(REAL)
    out = tmp_path / "fit"
    params = ["mood.national.RED=-1:1"]

    def stop(done, total, best):
        raise KeyboardInterrupt

    with pytest.raises(Interrupted):  # one trial kept
        calibrate("tiny", str(real), params, trials=5, runs_per_trial=1, out=out, progress=stop)
    kept = (out / "trials.partial.jsonl").read_text()
    monkeypatch.setattr(
        "votebank.calibrate.fit.simulate_ensemble",
        lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt),
    )
    with pytest.raises(Interrupted):  # resumed: the kept trial read back, the next one stopped
        calibrate("tiny", str(real), params, trials=5, runs_per_trial=1, out=out, resume=True)
    assert (out / "trials.partial.jsonl").read_text() == kept
