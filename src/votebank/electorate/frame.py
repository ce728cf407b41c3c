"""The electorate as a struct of arrays: fixed once built, read by every run.

Voters who are interchangeable (same station, vote bloc or none, class, landlord tie, sex and
party identification) form one cohort with a ``count``; a cohort of one is one voter. Every random
decision samples a cohort exactly as its voters deciding one by one would (binomial or
multinomial), so how voters are grouped never changes the distribution of results.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Electorate:
    """Every level of the hierarchy seat > station > village > clan > cohort, as arrays.

    Seats are the contests' constituencies; stations and cohorts are sorted by seat, and
    ``station_bounds`` / ``cohort_bounds`` give each seat's slice.
    """

    # polling stations
    station_seat: np.ndarray
    station_locality: np.ndarray
    station_registered: np.ndarray
    station_ghosts: np.ndarray
    station_urban: np.ndarray
    station_bounds: np.ndarray
    # villages (rural) and wards (urban)
    locality_seat: np.ndarray
    locality_urban: np.ndarray
    locality_landlord: np.ndarray
    # clans (biradaris) and village vote blocs (dharras)
    clan_locality: np.ndarray
    clan_bloc: np.ndarray
    clan_class: np.ndarray
    bloc_seat: np.ndarray
    # landlords and pirs
    landlord_seat: np.ndarray
    landlord_slot: np.ndarray
    landlord_kind: np.ndarray
    landlord_militia: np.ndarray
    # cohorts of interchangeable voters
    cohort_count: np.ndarray
    cohort_station: np.ndarray
    cohort_seat: np.ndarray
    cohort_bloc: np.ndarray
    cohort_landlord: np.ndarray
    cohort_female: np.ndarray
    cohort_class: np.ndarray
    cohort_urban: np.ndarray
    cohort_pid: np.ndarray
    cohort_bounds: np.ndarray

    @property
    def voters(self) -> int:
        """Real (non-ghost) registered voters."""
        return int(self.cohort_count.sum())

    @property
    def stations(self) -> int:
        """Number of polling stations."""
        return len(self.station_seat)

    @property
    def cohorts(self) -> int:
        """Number of cohorts."""
        return len(self.cohort_count)

    @functools.cached_property
    def bloc_voters(self) -> np.ndarray:
        """Real voters in each village vote bloc (read every run, computed once)."""
        # Shifted by one so that free cohorts (bloc -1) fall in the first bin, then dropped.
        per_bloc = np.bincount(
            self.cohort_bloc + 1, self.cohort_count, minlength=len(self.bloc_seat) + 1
        )
        return per_bloc[1:]

    def describe(self) -> dict[str, int]:
        """Counts of each level, for logs and benchmarks."""
        return {
            "seats": len(self.station_bounds) - 1,
            "stations": self.stations,
            "localities": len(self.locality_seat),
            "clans": len(self.clan_locality),
            "blocs": len(self.bloc_seat),
            "landlords": len(self.landlord_seat),
            "cohorts": self.cohorts,
            "voters": self.voters,
            "ghosts": int(self.station_ghosts.sum()),
        }
