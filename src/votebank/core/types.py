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
        digits = [el.cohort_seat, el.cohort_urban, el.cohort_class, el.cohort_pid + 1]
        digits = [np.asarray(d, dtype=np.int64) for d in digits]
        # The rows (seat, urban, class, pid) as one number in mixed radix, which sorts as the
        # rows do: the same types in the same order as np.unique over rows, in a third of
        # its memory (it sorted copies of a cohorts x 4 table).
        radix = [int(d.max(initial=0)) + 1 for d in digits]
        key = digits[0]
        for d, r in zip(digits[1:], radix[1:], strict=True):
            key = key * r + d
        codes, inverse = np.unique(key, return_inverse=True)
        del key
        cols = []
        for r in reversed(radix[1:]):
            codes, digit = np.divmod(codes, r)
            cols.append(digit)
        pid, klass, urban = cols
        return cls.with_pools(el, inverse.ravel(), codes, urban.astype(bool), klass, pid - 1)

    @classmethod
    def with_pools(cls, el: Electorate, cohort_type, seat, urban, klass, pid) -> VoterTypes:
        """Voter types as given, with their pools.

        Pools are numbered by station, so a seat's pools are contiguous like its stations.
        """
        key = el.cohort_station.astype(np.int64) * len(seat) + cohort_type
        pools, cohort_pool = np.unique(key, return_inverse=True)
        pool_station, pool_type = np.divmod(pools, len(seat))
        return cls(cohort_type, seat, urban, klass, pid, cohort_pool, pool_station, pool_type)

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
