"""A power study's result shows its settings and levels, not its tables."""

from __future__ import annotations

import numpy as np

from votebank.forensics.power import forensics_power


def test_the_repr_names_the_study_without_printing_its_tables():
    # The repr printed the records, rates, ROC, AUC and recovery tables: 5,300 characters
    # for two levels of two runs, cut by pandas mid-row.
    result = forensics_power("tiny", levels="0.1", runs_per_level=2, seed=0, bootstrap=2)
    shown = repr(result)
    assert shown.startswith("PowerResult(scenario='tiny', settings={'seed': 0,")
    assert "Level(name='10%'" in shown
    for table in ("records=", "rates=", "roc=", "auc=", "recovery=", "flag_any_counted"):
        assert table not in shown
    assert len(shown) < 1_000


def test_numpy_settings_are_kept_as_python_values():
    # seed=np.int64(0) showed as "settings={'seed': np.int64(0), ...}".
    result = forensics_power(
        "tiny", levels="0.1", runs_per_level=np.int64(2), seed=np.int64(0), bootstrap=2
    )
    assert repr(result).startswith("PowerResult(scenario='tiny', settings={'seed': 0,")
    assert type(result.settings["runs_per_level"]) is int
