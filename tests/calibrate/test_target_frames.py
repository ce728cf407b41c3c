"""A target made in Python from tables lacking a column, or from no table, is named."""

from __future__ import annotations

import pandas as pd
import pytest

from votebank.calibrate.match import match_results
from votebank.calibrate.target import Target, load_target
from votebank.errors import InputError

VOTES = pd.DataFrame(
    {"constituency_id": ["T-1", "T-1"], "party": ["RED", "IND"], "votes": [11_000, 2_000]}
)


@pytest.mark.parametrize(
    ("candidates", "seats", "table", "why"),
    [
        (VOTES.rename(columns={"constituency_id": "seat"}), None, "candidates", "constituency_id"),
        (VOTES.drop(columns="votes"), None, "candidates", "votes missing"),
        (VOTES.to_dict("list"), None, "candidates", "must be a pandas DataFrame"),
        (VOTES, pd.DataFrame({"seat": ["T-1"]}), "seats", "constituency_id missing"),
    ],
)
def test_a_table_without_the_columns_a_target_reads_is_named(candidates, seats, table, why):
    # pandas' KeyError: 'constituency_id' (or "'list' object has no attribute 'astype'"),
    # with a traceback from inside from_frames.
    with pytest.raises(InputError, match=why) as exc:
        Target.from_frames("mine", candidates, seats)
    assert [(p.file, p.location) for p in exc.value.problems] == [("mine", table)]


def test_a_dataframe_given_as_the_target_says_how_to_make_one():
    # It was read as a file name: OSError "File name too long", the table printed in it.
    with pytest.raises(InputError, match=r"Target\.from_frames") as exc:
        match_results("tiny", VOTES, runs=2, iterations=1, turnout=False)
    assert [(p.file, p.value) for p in exc.value.problems] == [
        ("target", "a DataFrame of shape (2, 3)")
    ]
    with pytest.raises(InputError):
        load_target(None)
