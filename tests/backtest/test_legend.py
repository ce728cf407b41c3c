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
