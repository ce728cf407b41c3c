import numpy as np
import pytest

import votebank as vb
from votebank.errors import InputError


@pytest.fixture(scope="module")
def mood_sweep():
    return vb.sweep("tiny", {"mood.national.RED": [0.0, 0.4, 0.8]}, runs=60, seed=7)


def test_each_points_difference_is_its_runs_minus_the_bases_runs(mood_sweep):
    seats = mood_sweep.seats.pivot_table(
        index=["party", "run_index"], columns="point", values="total", fill_value=0
    )
    diff = mood_sweep.differences(base=0).set_index(["point", "party"])
    for point in (1, 2):
        per_run = (seats[point] - seats[0]).unstack("run_index")
        mean = diff.xs(point, level="point")["difference"]
        se = diff.xs(point, level="point")["difference_se"]
        assert np.allclose(mean.loc[per_run.index], per_run.mean(axis=1))
        assert np.allclose(se.loc[per_run.index], per_run.std(axis=1, ddof=1) / np.sqrt(60))
    frame = mood_sweep.differences(base=0)
    assert np.allclose(frame["seats"] - frame["seats_base"], frame["difference"])
    assert np.allclose(frame["votes"] - frame["votes_base"], frame["difference_votes"])
    assert frame.columns[:2].tolist() == ["point", "mood.national.RED"]


def test_a_better_mood_gains_red_seats_well_beyond_its_error(mood_sweep):
    # Bound: RED's gain at +0.8 must exceed 3 of its standard errors (seed 7, 60 runs).
    red = mood_sweep.differences().query("party == 'RED' and point == 2").iloc[0]
    assert red["difference"] > 3 * red["difference_se"]
    assert red["difference_votes"] > 3 * red["difference_se_votes"]


def test_pairing_makes_the_error_smaller_than_unpaired_runs_would(mood_sweep):
    # The same runs at both points: the paired s.e. of RED's gain is below the unpaired one.
    totals = mood_sweep.seats.query("party == 'RED'").pivot(
        index="run_index", columns="point", values="total"
    )
    unpaired = np.sqrt(totals[0].var(ddof=1) / 60 + totals[1].var(ddof=1) / 60)
    red = mood_sweep.differences().query("party == 'RED' and point == 1").iloc[0]
    assert red["difference_se"] < unpaired


def test_winners_changed_counts_seats_whose_winner_differs_from_the_bases(mood_sweep):
    won = mood_sweep.constituencies.pivot(
        index=["constituency_id", "run_index"], columns="point", values="winner_party"
    )
    per_run = (won[2] != won[0]).groupby(level="run_index").sum()
    row = mood_sweep.winners_changed(base=0).set_index("point").loc[2]
    assert row["winners_changed"] == pytest.approx(per_run.mean())
    assert row["winners_changed_se"] == pytest.approx(per_run.std(ddof=1) / np.sqrt(60))
    assert mood_sweep.winners_changed(base=1)["point"].tolist() == [0, 2]


@pytest.mark.parametrize("base", [3, -1, True, 1.0, "0"])
def test_a_base_that_is_no_point_is_refused(mood_sweep, base):
    with pytest.raises(InputError) as err:
        mood_sweep.differences(base=base)
    assert "base" in str(err.value)


def test_difference_votess_are_each_partys_votes_run_by_run(mood_sweep):
    votes = mood_sweep.candidates.groupby(["point", "run_index", "party"])["votes"].sum()
    per_run = votes.xs(1, level="point") - votes.xs(0, level="point")
    blue = mood_sweep.differences().query("party == 'BLUE' and point == 1").iloc[0]
    assert blue["difference_votes"] == pytest.approx(per_run.xs("BLUE", level="party").mean())
