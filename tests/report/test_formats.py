"""How the report writes values as text."""

from __future__ import annotations

import pytest

from votebank.report.formats import prob


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.998, "99.8%"),
        (0.002, "0.2%"),
        (0.9996, ">99.9%"),
        (0.0004, "<0.1%"),
        (1.0, "100.0%"),
        (0.0, "0.0%"),
        (0.5, "50.0%"),
        (None, "–"),
        (float("nan"), "–"),
    ],
)
def test_a_probability_reads_certain_only_when_it_is(p, text):
    # A seat won in 998 of 1,000 runs read "100%" and its challenger "0%".
    assert prob(p) == text
