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

from votebank.core.frame import column


@dataclass(frozen=True)
class Electorate:
    """Every level of the hierarchy seat > station > village > clan > cohort, as arrays.

    Seats are the contests' constituencies; stations and cohorts are sorted by seat, and
    ``station_bounds`` / ``cohort_bounds`` give each seat's slice. Villages, clans, blocs and
    landlords are sorted by seat too, so every level can be cut to some seats.
    """

    # polling stations
    station_seat: np.ndarray = column("station", refers="seat")
    station_locality: np.ndarray = column("station", refers="locality")
    station_registered: np.ndarray = column("station")
    station_ghosts: np.ndarray = column("station")
    station_urban: np.ndarray = column("station")
    station_bounds: np.ndarray = column("seat", bounds="station_seat")
    # villages (rural) and wards (urban)
    locality_seat: np.ndarray = column("locality", refers="seat")
    locality_urban: np.ndarray = column("locality")
    locality_landlord: np.ndarray = column("locality", refers="landlord")
    # clans (biradaris) and village vote blocs (dharras)
    clan_locality: np.ndarray = column("clan", refers="locality")
    clan_bloc: np.ndarray = column("clan", refers="bloc")
    clan_class: np.ndarray = column("clan")
    bloc_seat: np.ndarray = column("bloc", refers="seat")
    # landlords and pirs
    landlord_seat: np.ndarray = column("landlord", refers="seat")
    landlord_slot: np.ndarray = column("landlord")
    landlord_kind: np.ndarray = column("landlord")
    landlord_militia: np.ndarray = column("landlord")
    # cohorts of interchangeable voters
    cohort_count: np.ndarray = column("cohort")
    cohort_station: np.ndarray = column("cohort", refers="station")
    cohort_seat: np.ndarray = column("cohort", refers="seat")
    cohort_bloc: np.ndarray = column("cohort", refers="bloc")
    cohort_landlord: np.ndarray = column("cohort", refers="landlord")
    cohort_female: np.ndarray = column("cohort")
    cohort_class: np.ndarray = column("cohort")
    cohort_urban: np.ndarray = column("cohort")
    cohort_pid: np.ndarray = column("cohort")
    cohort_bounds: np.ndarray = column("seat", bounds="cohort_seat")

    def seat_of(self, axis: str) -> np.ndarray:
        """The seat of each row of an axis (``station``, ``cohort``, ``clan``, ...)."""
        if axis == "clan":
            return self.locality_seat[self.clan_locality]
        return getattr(self, f"{axis}_seat")

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
