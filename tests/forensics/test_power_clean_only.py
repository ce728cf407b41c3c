"""A power study with only the clean level has no ROC, but its tables keep their columns."""

from __future__ import annotations

import pandas as pd

from votebank.forensics import power, power_rates


def test_clean_only_study_tables_keep_their_columns():
    # Regression: `forensics-power --levels none` wrote power.json, then failed with
    # KeyError: 'test' when the plots looked up the (empty) ROC table by test.
    records = {"level": ["none"] * 3}
    for t in (*power_rates.TESTS, power_rates.ANY):
        records[f"score_{t.key}"] = [0.1, 0.2, 0.3]
        records[f"flag_{t.key}"] = [False, False, True]
    roc = power_rates._roc(pd.DataFrame(records), ["none"])
    auc = power_rates._auc(pd.DataFrame(records), ["none"])
    assert roc.empty
    assert auc.empty
    assert {"test", "level", "fpr", "tpr"} <= set(roc.columns)
    assert {"test", "level", "auc"} <= set(auc.columns)
    assert roc[roc["test"] == "integers"].empty


def test_a_study_takes_a_scenario_by_name_as_the_other_entries_do():
    # It raised AttributeError: 'str' object has no attribute 'with_spec'.
    result = power.forensics_power("tiny", levels=["none"], runs_per_level=2, bootstrap=0)
    assert result.scenario == "tiny"
    assert len(result.records) == 2  # two clean elections scored
    assert result.settings["seats"] == 3
