"""The words under a backtest's table: every column of it is explained."""

import re

from votebank.backtest.cli import COLUMNS
from votebank.backtest.legend import LEGEND, MEASURES


def test_every_column_of_the_table_is_explained():
    # backtest.html and the report's backtest section showed "Brier", "seats in 90%" and rows
    # of "-" with nothing to say what they measured or which way is better.
    terms = {term for term, _ in MEASURES}
    for head, *_ in COLUMNS:
        both = re.sub(r" in (50|90)%$", " in 50% / 90%", head)  # seats in 50% / 90%
        assert head in terms or both in terms or f"{head}:".lower() in LEGEND.lower(), head
    assert "not margins of error" in LEGEND


def test_the_log_score_is_said_as_computed():
    # The legend said "the average log of the share of runs the real winner won (0 is best)":
    # recomputed so, a referee got -0.145 where backtest.json said -0.167 (8 seats, 40 runs),
    # as each seat's count is smoothed by half a run per party that can win there.
    meaning = dict(MEASURES)["log score"]
    assert "(wins + 0.5) / (runs + 0.5 k)" in meaning
    assert "(0 is best" not in meaning  # 0 is out of reach: a sure hit is below 0
