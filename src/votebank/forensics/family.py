"""The election-level decision: Holm's step-down procedure over the counted tests.

An observer reads "flagged" as a verdict on the election, so the chance that a clean election
raises any counted flag must stay at the report's level. Each counted test has its own p-value
(the Klimek shares a one-sided bootstrap one); Holm's procedure turns them into decisions whose
family-wise false-alarm rate is at most ``alpha`` whatever the dependence between the tests
(Holm 1979, "A simple sequentially rejective multiple test procedure").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from votebank.forensics.report import Flag


def holm(p_values: Sequence[float | None], alpha: float) -> tuple[list[float], list[bool]]:
    """Holm-adjusted p-values and decisions of a family of tests.

    Sort the p-values ascending, p(1) <= ... <= p(m); the adjusted p-value of the j-th smallest
    is ``max over i <= j of min(1, (m - i + 1) * p(i))``, and a test is rejected when its
    adjusted p-value is below ``alpha`` (strictly, like every single test in the report).
    That is the step-down rule: reject while p(j) < alpha / (m - j + 1), stop at the first
    that is not.

    Args:
        p_values: One p-value per test; ``None`` or NaN (a test that could not be decided)
            counts as 1.
        alpha: Family-wise level, in (0, 1).

    Returns:
        ``(adjusted, rejected)``, in the order of ``p_values``.
    """
    p = [1.0 if v is None or not math.isfinite(v) else min(max(float(v), 0.0), 1.0)
         for v in p_values]  # fmt: skip
    m = len(p)
    adjusted = [1.0] * m
    running = 0.0
    for rank, i in enumerate(sorted(range(m), key=lambda k: p[k])):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted, [a < alpha for a in adjusted]


def family_flags(flags: Sequence[Flag], alpha: float, refits: int = 0) -> tuple[Flag, ...]:
    """The flags with each counted test's decision replaced by its Holm decision.

    Counted flags get ``p_adjusted`` and ``flagged`` from :func:`holm` over the counted tests
    that were run (those with a p-value); where a test rejects on its own but not after the
    adjustment, its reading says so. Uncounted (digit) tests and counted tests that were not
    run are returned unchanged.

    Args:
        flags: The raw flags (each counted one with its own p-value).
        alpha: Family-wise level.
        refits: Bootstrap refits behind the Klimek p-values (at least ``1 / (refits + 1)``):
            where that least p kept a Klimek test from rejecting, its reading says how many
            would do.

    Returns:
        The flags, in the same order.
    """
    # A counted test that could not be run (no p-value) has no decision to adjust and cannot
    # raise a false alarm, so the family is the tests that were run.
    counted = [k for k, f in enumerate(flags) if f.counted and f.p_value is not None]
    adjusted, rejected = holm([flags[k].p_value for k in counted], alpha)
    out = list(flags)
    for k, adj, rej in zip(counted, adjusted, rejected, strict=True):
        f = flags[k]
        reading = f.reading
        raw = f.p_value is not None and f.p_value < alpha
        if raw and not rej:
            reading += (
                f" On its own this test rejects (p = {f.p_value:.3g}), but not once the "
                f"{len(counted)} main tests are taken together (Holm-adjusted p = {adj:.3g}): "
                "not flagged."
            )
            least = 1 / (refits + 1) if refits else 0.0
            if f.test.startswith("Klimek") and f.p_value <= least * (1 + 1e-9):
                need = math.floor(len(counted) / alpha + 1e-9)  # 1/(B+1) below alpha/m
                reading += (
                    f" That p is the least {refits} bootstrap refits can give; Holm needs one "
                    f"below {alpha / len(counted):.3g} here: give --bootstrap {need} or more."
                )
        out[k] = replace(f, flagged=rej, p_adjusted=adj, reading=reading)
    return tuple(out)


def any_flag(flags: Sequence[Flag]) -> bool:
    """Whether the election is flagged: at least one counted test rejects."""
    return any(f.flagged for f in flags if f.counted)
