"""Voter types: cohorts that share a choice model, and the pools their choices are drawn in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from votebank.core.electorate import Electorate
from votebank.core.frame import column


@dataclass(frozen=True)
class VoterTypes:
    """Cohorts that share a choice model: same seat, urban or rural, class, party id.

    A *pool* is one type at one station: its cohorts' own-choice voters share their choice
    probabilities, so their choices can be drawn as one multinomial.
    """

    cohort_type: np.ndarray = column("cohort", refers="type")
    seat: np.ndarray = column("type", refers="seat")
    urban: np.ndarray = column("type")
    klass: np.ndarray = column("type")
    pid: np.ndarray = column("type")
    cohort_pool: np.ndarray = column("cohort", refers="pool")
    pool_station: np.ndarray = column("pool", refers="station")
    pool_type: np.ndarray = column("pool", refers="type")

    @classmethod
    def of(cls, el: Electorate) -> VoterTypes:
        """Group an electorate's cohorts into voter types."""
        digits = [el.cohort_seat, el.cohort_urban, el.cohort_class, el.cohort_pid]
        offsets = [0, 0, 0, 1]  # pid -1 (none) counts as digit 0
        # The rows (seat, urban, class, pid) as one number in mixed radix, which sorts as the
        # rows do: the same types in the same order as np.unique over rows. Built in place,
        # one digit at a time, in one array of the cohorts.
        radix = [int(d.max(initial=-o)) + o + 1 for d, o in zip(digits, offsets, strict=True)]
        key = digits[0].astype(np.int64)
        for d, o, r in zip(digits[1:], offsets[1:], radix[1:], strict=True):
            key *= r
            key += d
            key += o
        codes, inverse = _unique(key, int(np.prod(radix, dtype=np.float64)))
        del key
        cols = []
        for r in reversed(radix[1:]):
            codes, digit = np.divmod(codes, r)
            cols.append(digit)
        pid, klass, urban = cols
        return cls.with_pools(el, inverse, codes, urban.astype(bool), klass, pid - 1)

    @classmethod
    def with_pools(cls, el: Electorate, cohort_type, seat, urban, klass, pid) -> VoterTypes:
        """Voter types as given, with their pools.

        Pools are numbered by station, so a seat's pools are contiguous like its stations.
        """
        key = el.cohort_station.astype(np.int64)
        key *= len(seat)
        key += cohort_type
        pools, cohort_pool = np.unique(key, return_inverse=True)
        del key
        pool_station, pool_type = np.divmod(pools, len(seat))
        return cls(
            _narrow(cohort_type),
            seat,
            urban,
            klass,
            pid,
            _narrow(cohort_pool.ravel()),
            pool_station,
            pool_type,
        )

    def cut(self, el: Electorate, cohorts: np.ndarray, new_seat: np.ndarray) -> VoterTypes:
        """The types of some cohorts of a cut electorate ``el``, renumbered, with new pools."""
        used = np.unique(self.cohort_type[cohorts])
        return VoterTypes.with_pools(
            el,
            np.searchsorted(used, self.cohort_type[cohorts]),
            new_seat[self.seat[used]],
            self.urban[used],
            self.klass[used],
            self.pid[used],
        )


def _narrow(index: np.ndarray) -> np.ndarray:
    """An index column in int32 where it fits (half the memory of int64), else as it is."""
    small = len(index) == 0 or int(index.max()) < np.iinfo(np.int32).max
    return index.astype(np.int32, copy=False) if small else index


def _unique(key: np.ndarray, span: float) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(key, return_inverse=True)`` for keys in ``[0, span)``.

    Where the span is small beside the keys (voter types: seats x 2 x classes x slots) a table
    of the span marks the keys present, with no sort of the cohorts; else NumPy's own.
    """
    if span > max(1 << 24, 4 * len(key)):
        codes, inverse = np.unique(key, return_inverse=True)
        return codes, inverse.ravel()
    present = np.zeros(int(span), dtype=bool)
    present[key] = True
    codes = np.flatnonzero(present)
    rank = np.cumsum(present, dtype=np.int64) - 1
    del present
    return codes, rank.take(key)
