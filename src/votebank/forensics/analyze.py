"""Run every forensic test on one election and summarise the results in plain language."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from votebank.display import plural
from votebank.errors import (
    InputError,
    Problem,
    callback_problem,
    flag_problem,
    integer_problem,
    is_real_number,
    seed_problem,
)
from votebank.forensics.checks import results_problems
from votebank.forensics.digits import DigitTest, last_digit_test, second_digit_test
from votebank.forensics.family import family_flags
from votebank.forensics.fingerprint import MAX_MISFIT, KlimekFit, fingerprint, fit_klimek
from votebank.forensics.integers import IntegerTest, integer_test
from votebank.forensics.klimek import fewest_refits
from votebank.forensics.regional import (
    MIN_REGION_STATIONS,
    rank_regions,
    subset,
    with_small_regions,
)
from votebank.forensics.report import Flag, ForensicsReport, RegionReport
from votebank.forensics.shape import ShapeStats, shape_stats
from votebank.forensics.stations import StationResults, in_canonical_order, station_notes
from votebank.rng import fresh_entropy

Progress = Callable[[str, int, int], None]

ALPHA = (1e-6, 0.5)
"""The flags' levels allowed, as ``votebank forensics --alpha``."""
MAX_BOOTSTRAP = 100_000
"""Most resamples: each refits the Klimek model, so more would run for days."""


def analyze(
    results: StationResults,
    *,
    seed: int | None = 0,
    bootstrap: int = 100,
    alpha: float = 0.05,
    progress: Progress | None = None,
    per_region: bool = True,
) -> ForensicsReport:
    """Run every forensic test, on all stations and (with regions) on each region.

    Args:
        results: Station results; with ``results.regions`` set, the Klimek fit of all
            stations is standardised within region and every test is also run per region.
        seed: Seed of every simulation and resample (the report is reproducible, and the
            same for the stations in any order); None: fresh OS entropy, recorded in
            ``report.seed``.
        bootstrap: Bootstrap resamples for the Klimek fit and the shape intervals (0 to
            100,000).
        alpha: Nominal level of the flags, from 1e-6 to 0.5; intervals have coverage
            ``1 - alpha``.
        progress: Called with (stage, done, total) as work is done.
        per_region: With regions, also run every test on each region (``False``: only the
            national analysis, still standardised within region).

    Returns:
        The report.

    Raises:
        InputError: Every problem of the arguments, together.
    """
    problems = [
        *results_problems(results),
        seed_problem(seed),
        integer_problem("bootstrap", bootstrap, 0, MAX_BOOTSTRAP),
        alpha_problem(alpha),
        callback_problem("progress", progress),
        flag_problem("per_region", per_region),
    ]
    if any(problems):
        raise InputError([p for p in problems if p])
    seed = fresh_entropy() if seed is None else int(seed)
    bootstrap, alpha = int(bootstrap), float(alpha)
    notes = station_notes(results)  # stations named in the file's order
    results = in_canonical_order(results)  # the same report whatever the file's row order
    main_seq, region_seq = np.random.SeedSequence(seed).spawn(2)
    tick = _ticker(progress, "Klimek bootstrap", bootstrap)
    report = _analyze_one(results, main_seq, seed, bootstrap, alpha, tick)
    report = ForensicsReport(
        **{
            **vars(report),
            "empty": results.empty,
            "repeated": results.repeated,
            "unregistered": results.unregistered,
            **notes,
        }
    )
    if results.regions is None or not per_region:
        return report
    labels = np.asarray(results.regions).astype(str)  # labels of mixed types sort as text
    names, sizes = np.unique(labels, return_counts=True)
    names = names.tolist()
    seqs = region_seq.spawn(len(names))  # one per region, tested or not: seeds stay put
    tested = [k for k, n in enumerate(sizes) if n >= MIN_REGION_STATIONS]
    per_region = {}
    for done, k in enumerate(tested):
        sub = subset(results, labels == names[k])
        per_region[names[k]] = _analyze_one(sub, seqs[k], seed, bootstrap, alpha, None)
        if progress is not None:
            progress("Regions", done + 1, len(tested))
    report = _with_regions(report, rank_regions(per_region))
    return with_small_regions(report, dict(zip(names, sizes.tolist(), strict=True)))


def alpha_problem(alpha: object) -> Problem | None:
    """A level in ALPHA (NaN fails the comparison; a bool is no level)."""
    low, high = ALPHA
    if is_real_number(alpha) and low <= alpha <= high:
        return None
    return Problem("alpha", "", repr(alpha), f"must be a number from {low:g} to {high:g}")


def _with_regions(report: ForensicsReport, regions: tuple[RegionReport, ...]) -> ForensicsReport:
    out = ForensicsReport(**{**vars(report), "regions": regions})
    hot = [r for r in regions if r.n_flags]
    if hot:
        names = ", ".join(f"{r.region} ({r.n_flags})" for r in hot[:5])
        more = f" and {len(hot) - 5} more" if len(hot) > 5 else ""
        text = (
            f"{out.headline} By region, {len(hot)} of {len(regions)} regions "
            f"{'has' if len(hot) == 1 else 'have'} at least one "
            f"flag; most suspicious first: {names}{more}. Each region's tests are adjusted within "
            f"the region only, so about 1 in {round(1 / out.alpha):,} clean regions flags by "
            "chance where voters decide one by one, far more where votes come in blocs (a clan, a "
            "landlord's tenants: docs/forensics.md, 'Votes delivered in blocs')."
        )
        out = ForensicsReport(**{**vars(out), "headline": text})
    return out


def _ticker(progress: Progress | None, stage: str, total: int) -> Callable[[int], None] | None:
    if progress is None:
        return None
    done = [0]

    def tick(k: int) -> None:
        done[0] += k
        progress(stage, done[0], total)

    return tick


def _analyze_one(
    results: StationResults,
    seq: np.random.SeedSequence,
    seed: int,
    bootstrap: int,
    alpha: float,
    tick: Callable[[int], None] | None,
) -> ForensicsReport:
    klimek_seq, shape_seq = seq.spawn(2)
    level = 1.0 - alpha
    klimek = fit_klimek(
        results,
        rng=np.random.default_rng(klimek_seq),
        bootstrap=bootstrap,
        level=level,
        progress=tick,
    )
    ints = integer_test(results, alpha=alpha)
    shape = shape_stats(
        results, rng=np.random.default_rng(shape_seq), bootstrap=bootstrap, level=level,
        alpha=alpha,
    )  # fmt: skip
    series = [(f"leader ({results.leader_name})", results.leader_votes)]
    if results.other_votes is not None and results.other_votes.size:
        series.append(("other parties", results.other_votes))
    last = tuple(last_digit_test(c, label=lab, alpha=alpha) for lab, c in series)
    second = tuple(second_digit_test(c, label=lab, alpha=alpha) for lab, c in series)
    flags = _flags(klimek, ints, shape, last, second, alpha)
    totals = {
        "registered": int(results.registered.sum()),
        "ballots": int(results.ballots.sum()),
        "valid": int(results.valid.sum()),
        "leader_votes": int(results.leader_votes.sum()),
    }
    return ForensicsReport(
        source=results.source,
        n_stations=results.n_stations,
        n_with_votes=int(np.count_nonzero(results.valid > 0)),
        totals=totals,
        alpha=alpha,
        seed=seed,
        bootstrap=bootstrap,
        fingerprint=fingerprint(results),
        klimek=klimek,
        integers=ints,
        shape=shape,
        last_digit=last,
        second_digit=second,
        flags=flags,
        headline=_headline(flags, alpha) + _over_roll(shape) + _no_leader(results),
    )


def _too_few_refits(klimek: KlimekFit, alpha: float) -> str:
    """Why a fit with too few bootstrap refits for its p-values to reach alpha is not tested."""
    b, need = klimek.bootstrap, fewest_refits(alpha)
    return (
        f"Not tested: {plural(b, 'bootstrap refit')} cannot give a p-value below {alpha:g} "
        f"(the least is 1/{b + 1} = {1 / (b + 1):.2g}); give --bootstrap {need} or more. Best "
        f"fit: incremental fraud {klimek.f_i:.1%} of stations, extreme fraud {klimek.f_e:.1%}."
    )


def _flags(
    klimek: KlimekFit,
    ints: IntegerTest,
    shape: ShapeStats,
    last: tuple[DigitTest, ...],
    second: tuple[DigitTest, ...],
    alpha: float,
) -> tuple[Flag, ...]:
    """One line per test; the counted tests' decisions are Holm's over the four of them."""
    fe_p, fi_p = klimek.f_e_p_value, klimek.f_i_p_value
    fe_text = _share_text(klimek.f_e, klimek.f_e_interval, fe_p)
    fi_text = _share_text(klimek.f_i, klimek.f_i_interval, fi_p)
    if fe_p < alpha:
        fe_reading = f"A cluster near 100% turnout and 100% for the leader: {fe_text}."
    else:
        fe_reading = f"No cluster at 100%/100% beyond chance: {fe_text}."
    if fi_p < alpha:
        fi_reading = (
            f"Stations smeared towards high turnout and high leader share: {fi_text}. Votes "
            "delivered in blocs make such a smear without fraud."
        )
    elif klimek.bootstrap and klimek.misfit > MAX_MISFIT:
        # The guard set p to 1 because f_i cannot be read here, not because none was found.
        fi_reading = (
            f"Incremental fraud not identified: the one-cluster model does not describe these "
            f"stations (misfit {klimek.misfit:.2f}, above {MAX_MISFIT}), so honest differences "
            f"cannot be told from a smear: {fi_text}."
        )
    else:
        fi_reading = f"No smear towards high turnout and leader share beyond chance: {fi_text}."
    fe_interval, fi_interval = klimek.f_e_interval, klimek.f_i_interval
    if klimek.n_stations < 50 or not klimek.bootstrap:
        # Not tested (too few stations, or no bootstrap): no p-value, not "p = 1".
        fe_reading = fi_reading = klimek.reading
        fe_p = fi_p = None
        fe_interval = fi_interval = None
    elif klimek.bootstrap < fewest_refits(alpha):
        # A bootstrap p-value is at least 1/(B+1): too few refits could not have flagged.
        fe_reading = fi_reading = _too_few_refits(klimek, alpha)
        fe_p = fi_p = None
    pile_p: float | None = shape.at_100_p_value
    if shape.at_100_least_p >= alpha:
        # Too few stations near 100% for any count there to reach alpha: not run, not "p = 1".
        pile_p = None
        pile = (
            "Not tested: no station has turnout between 95% and 100%."
            if not shape.near_100
            else f"Not tested: too few stations near 100% turnout "
            f"({plural(shape.near_100, 'station')} between 95% and 100%): were every one at "
            f"exactly 100%, p would be {shape.at_100_least_p:.2g}, not below {alpha:g}."
        )
    elif shape.flagged:
        pile = (
            f"{plural(shape.at_100, 'station')} at exactly 100% turnout, "
            f"{shape.at_100_expected:,.1f} expected if turnout were flat above 95%."
        )
    elif shape.at_100:
        # More than expected can still be within chance: say so with the p-value.
        pile = (
            f"No pile-up beyond chance: {plural(shape.at_100, 'station')} at exactly 100% "
            f"turnout ({shape.at_100_expected:,.1f} expected, p = {shape.at_100_p_value:.2g})."
        )
    else:
        pile = (
            f"No pile-up: {plural(shape.at_100, 'station')} at exactly 100% turnout "
            f"({shape.at_100_expected:,.1f} expected)."
        )
    out = [
        Flag(
            "Klimek fingerprint: extreme fraud share f_e",
            klimek.f_e,
            fe_p,
            fe_interval,
            fe_p is not None and fe_p < alpha,
            True,
            fe_reading,
        ),
        Flag(
            "Klimek fingerprint: incremental fraud share f_i",
            klimek.f_i,
            fi_p,
            fi_interval,
            fi_p is not None and fi_p < alpha,
            True,
            fi_reading,
        ),
        Flag(
            "Integer percentages (Kobak et al.)",
            ints.statistic,
            None if math.isnan(ints.p_value) else ints.p_value,  # not tested: no p-value
            None,
            ints.flagged,
            True,
            ints.reading,
        ),
        Flag(
            "Pile-up at exactly 100% turnout",
            float(shape.at_100),
            pile_p,
            None,
            shape.flagged,
            True,
            pile,
        ),
    ]
    for t in (*last, *second):
        name = "Last digits" if t.kind == "last" else "Second digits vs Benford (2BL)"
        out.append(
            Flag(f"{name}: {t.label}", t.statistic, t.p_value, None, t.flagged, False, t.reading)
        )
    return family_flags(out, alpha, klimek.bootstrap)


def _share_text(value: float, interval: tuple[float, float], p: float) -> str:
    return (
        f"best fit {100 * value:.1f}% of stations (interval {100 * interval[0]:.1f}% to "
        f"{100 * interval[1]:.1f}%; bootstrap p = {p:.3g})"
    )


def _over_roll(shape: ShapeStats) -> str:
    """A warning where most stations have more ballots than voters, as swapped columns do."""
    share = shape.over_100.value
    if not share > 0.5:  # NaN: no station
        return ""
    return (
        f" {100 * share:.0f}% of stations report more ballots than registered voters, which no "
        "main test counts (each caps or leaves out turnout above 100%): check that the "
        "registered and ballots columns are not swapped."
    )


def _no_leader(results: StationResults) -> str:
    """A warning where the leader won nothing anywhere: most likely the wrong column."""
    if results.leader_votes.any() or not results.valid.any():
        return ""
    return (
        f" The leader's column ({results.leader_name}) has 0 votes at every station, so the "
        "tests of the leader's share have nothing to find: check that it names the winner's "
        "column."
    )


def _headline(flags: tuple[Flag, ...], alpha: float) -> str:
    counted = [f for f in flags if f.counted and f.p_value is not None]
    hit = [f for f in counted if f.flagged]
    m = len(counted)
    not_run = sum(1 for f in flags if f.counted and f.p_value is None)
    level = f"{100 * alpha:g}%"
    these = "this flag" if m == 1 else "any of these flags"
    bound = (
        f"a clean election raises {these} at most {level} of the time (Holm's "
        "adjustment for testing several at once)"
    )
    tests = plural(m, "main test")
    only = f"The {tests} that could be run"  # one left: not "None of the 1 main tests"
    if not counted:  # no bound to state: nothing was tested
        text = "No main test could be run on this election, so none flags it."
    elif not hit:
        opening = f"{only} does not flag" if m == 1 else f"None of the {tests} flags"
        text = (
            f"{opening} this election at the {level} family-wise level; {bound}. That is not "
            "proof of a clean count: these tests see only some kinds of manipulation."
        )
    else:
        names = "; ".join(f.test for f in hit)
        opening = f"{only} flags" if m == 1 else f"{len(hit)} of {tests} flag"
        text = (
            f"{opening} this election at the {level} family-wise level (Holm): {names}; "
            f"{bound}. Weigh agreement between tests, and read each caveat."
        )
    if not_run:
        says = "its reading says" if not_run == 1 else "their readings say"
        text += f" {plural(not_run, 'main test')} could not be run here: {says} why."
    digit_hits = [f for f in flags if not f.counted and f.flagged]
    if digit_hits:
        n = len(digit_hits)
        one = n == 1
        text += f" {plural(n, 'digit test')} also {'rejects' if one else 'reject'}: weak "
        text += f"evidence on {'its' if one else 'their'} own."
    return text
