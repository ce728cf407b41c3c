"""What the forensic analysis reports: a line per test, an election's report, a region's.

Plain values only; the tests that fill them are in their own modules.
"""

from __future__ import annotations

from dataclasses import dataclass

from votebank.display import plural
from votebank.forensics.digits import DigitTest
from votebank.forensics.fingerprint import Fingerprint, KlimekFit
from votebank.forensics.integers import IntegerTest
from votebank.forensics.shape import ShapeStats
from votebank.jsonable import json_safe

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Flag:
    """One line of the summary: did a test reject, and what does that mean.

    Attributes:
        test: Name of the test.
        statistic: Its headline statistic.
        p_value: Its own (raw) p-value; the Klimek shares' is a one-sided bootstrap p-value.
        interval: Its interval, or ``None``.
        flagged: Whether it rejects at the report's level: for a counted test the family
            decision (Holm over the counted tests, see ``forensics/family.py``), for a digit
            test its own.
        counted: Whether it counts towards the headline (digit tests do not).
        reading: Plain-language reading.
        p_adjusted: Holm-adjusted p-value of a counted test (``None`` for digit tests).
    """

    test: str
    statistic: float
    p_value: float | None
    interval: tuple[float, float] | None
    flagged: bool
    counted: bool
    reading: str
    p_adjusted: float | None = None


@dataclass(frozen=True, eq=False)
class ForensicsReport:
    """Everything the forensic analysis found about one election.

    Attributes:
        source: Where the results came from.
        n_stations: Stations in the input.
        n_with_votes: Stations with at least one valid ballot.
        totals: Registered voters, ballots, valid ballots and leader votes summed.
        alpha: Nominal level of every flag (family-wise for the counted tests).
        seed: Seed of all randomness.
        bootstrap: Bootstrap resamples used.
        fingerprint: Turnout × leader-share histogram.
        klimek: Fit of the Klimek et al. fraud model.
        integers: Integer-percentage test.
        shape: Distribution-shape statistics.
        last_digit: Last-digit tests (leader; other parties).
        second_digit: Second-digit Benford tests (leader; other parties).
        flags: One summary line per test.
        headline: One-paragraph verdict in plain language.
        regions: Per-region reports, most suspicious first (empty without regions).
        empty: Labels of the file's stations left out for having no registered voter and
            nothing counted.
        unregistered: ``(label, ballots)`` of each station left out for having ballots cast
            but no registered voter (only when asked: the reader refuses them otherwise).
        small_regions: Regions of too few stations for results of their own (their
            stations are in the national results).
        repeated: ``(row, earlier row)`` for each row of a file without station labels that
            repeats an earlier row cell for cell (kept: two stations may report alike).
        over_roll: ``(label, registered, ballots)`` of each station with more ballots than
            registered voters (kept in every test), in the file's order.
        no_ballots: ``(label, registered)`` of each station with voters on its roll and no
            ballot cast (kept at turnout 0), in the file's order.
        labels_twice: ``(label, region, rows)`` of each station label given to rows that
            differ (each analysed; ``region`` None without regions).
    """

    source: str
    n_stations: int
    n_with_votes: int
    totals: dict[str, int]
    alpha: float
    seed: int
    bootstrap: int
    fingerprint: Fingerprint
    klimek: KlimekFit
    integers: IntegerTest
    shape: ShapeStats
    last_digit: tuple[DigitTest, ...]
    second_digit: tuple[DigitTest, ...]
    flags: tuple[Flag, ...]
    headline: str
    regions: tuple[RegionReport, ...] = ()
    empty: tuple[str, ...] = ()
    repeated: tuple[tuple[int, int], ...] = ()
    unregistered: tuple[tuple[str, int], ...] = ()
    small_regions: tuple[str, ...] = ()
    over_roll: tuple[tuple[str, int, int], ...] = ()
    no_ballots: tuple[tuple[str, int], ...] = ()
    labels_twice: tuple[tuple[str, str | None, int], ...] = ()

    def __repr__(self) -> str:
        # What was tested and how many tests flag it: the repr printed every array and nested
        # report (48,000 characters for 280 stations); ``print(report.headline)`` reads it.
        # Counted as the headline counts them: "0 of 4 main tests flag it" where two could not
        # be run read as four that ran clean.
        counted = [f for f in self.flags if f.counted and f.p_value is not None]
        flagged = sum(f.flagged for f in counted)
        not_run = sum(1 for f in self.flags if f.counted and f.p_value is None)
        unrun = f" ({not_run} could not be run)" if not_run else ""
        regions = f", {len(self.regions):,} regions" if self.regions else ""
        return (
            f"ForensicsReport({self.source!r}: {self.n_stations:,} stations{regions}; "
            f"{flagged} of {plural(len(counted), 'main test')} flag it at alpha "
            f"{self.alpha:g}{unrun}; "
            f"seed {self.seed}, bootstrap {self.bootstrap:,})"
        )

    def to_dict(self) -> dict:
        """Return the report as JSON-safe values (NaN and infinity become ``None``)."""
        fp = self.fingerprint
        out = {
            "format_version": FORMAT_VERSION,
            "source": self.source,
            "n_stations": self.n_stations,
            "n_with_votes": self.n_with_votes,
            "empty_stations_left_out": list(self.empty),
            "unregistered_stations_left_out": [
                {"station": s, "ballots": b} for s, b in self.unregistered
            ],
            "repeated_rows": [{"row": r, "repeats": f} for r, f in self.repeated],
            "repeated_labels": [
                {"station": k, "region": r, "rows": n} for k, r, n in self.labels_twice
            ],
            "stations_without_ballots": [
                {"station": s, "registered": r} for s, r in self.no_ballots
            ],
            "stations_over_roll": [
                {"station": s, "registered": r, "ballots": b} for s, r, b in self.over_roll
            ],
            "totals": self.totals,
            "turnout": ratio(self.totals["ballots"], self.totals["registered"]),
            "leader_share": ratio(self.totals["leader_votes"], self.totals["valid"]),
            "alpha": self.alpha,
            "seed": self.seed,
            "bootstrap": self.bootstrap,
            "headline": self.headline,
            "flags": [vars(f).copy() for f in self.flags],
            "klimek": self.klimek.to_dict(),
            "integers": self.integers.to_dict(),
            "shape": self.shape.to_dict(),
            "last_digit": [t.to_dict() for t in self.last_digit],
            "second_digit": [t.to_dict() for t in self.second_digit],
            "fingerprint": {
                "axes": "rows: turnout, columns: leader share; 1-point cells centred on 0..100%",
                "n_stations": fp.n_stations,
                "n_over_100": fp.n_over_100,
                "counts": fp.counts.tolist(),
            },
        }
        if self.regions:
            out["regions"] = [r.to_dict() for r in self.regions]
        if self.small_regions:
            out["regions_too_small_to_test"] = list(self.small_regions)
        return json_safe(out)


@dataclass(frozen=True, eq=False)
class RegionReport:
    """The forensic tests on one region's stations.

    Attributes:
        region: Region label.
        rank: 1 for the most suspicious region.
        report: The full report of the region's stations (no regions of its own).
    """

    region: str
    rank: int
    report: ForensicsReport

    @property
    def flags(self) -> tuple[Flag, ...]:
        """The region's summary lines."""
        return self.report.flags

    @property
    def n_flags(self) -> int:
        """Counted tests that flag this region."""
        return sum(f.flagged and f.counted for f in self.flags)

    def to_dict(self) -> dict:
        """Plain values: flags, and the Klimek, integer and shape results (no histogram)."""
        r = self.report
        return {
            "region": self.region,
            "rank": self.rank,
            "n_stations": r.n_stations,
            "n_flags": self.n_flags,
            "flags": [vars(f).copy() for f in r.flags],
            "klimek": r.klimek.to_dict(),
            "integers": r.integers.to_dict(),
            "shape": r.shape.to_dict(),
        }


def ratio(a: int, b: int) -> float | None:
    """The ratio a / b, or None where b is 0."""
    return a / b if b else None
