"""Integer-percentage test of Kobak, Shpilkin & Pshenichnikov (Ann. Appl. Stat. 2016).

A protocol whose numbers were written to hit a target ("turnout 80%, leader 75%") has counts
that are the nearest whole number to a round percentage of the denominator. Such counts occur
by chance too, at a rate set by the denominator (about one count in ``n / 100`` for a station
with ``n`` registered voters). The test counts the stations whose turnout or leader share is a
round percent in this sense and compares the count with a null in which each station keeps
its denominator and its count is redrawn from ``Binomial(n, fraction)``, the observed fraction
pulled towards the mean by the part of its spread counting noise explains
(:func:`null_fractions`; the paper redraws from the observed fraction itself). Instead of
sampling that null, it computes each station's chance of a hit exactly and adds the stations
up with the Poisson-binomial distribution, which is what an infinite Monte Carlo would give.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

from votebank.display import p_is, plural
from votebank.errors import InputError, integer_problem
from votebank.forensics.checks import counts_and_argument_problems
from votebank.forensics.poisson_binomial import poisson_binomial_sf
from votebank.forensics.stations import StationResults

GRAINS = (1, 5, 10)
_SMALL_N = 100  # below this, windows of neighbouring percents overlap: enumerate every count
_TAIL_SD = 6.0
_TAIL_COUNTS = 8.0
_MAX_IDS = 50
# Smaller denominators are left out. Their counts are round by arithmetic, and the null's
# redraw from the observed fraction is then more spread than the counts themselves: on clean
# stations of 20-75 voters it flagged 6.5-9.5 % at alpha 0.05 (docs/forensics.md).
MIN_DENOMINATOR = 100
# Above this no polling station (nor most districts) is tested: the test would say nothing.
MAX_DENOMINATOR = 10_000_000

CAVEAT = (
    "Small stations hit round percentages often by arithmetic alone; the null allows for each "
    "station's denominator, but stations with 0% or 100% results carry no information. A "
    "significant excess says that numbers were rounded to targets somewhere, not where or by "
    "whom: look at the listed stations."
)


@dataclass(frozen=True)
class GrainResult:
    """Round-number hits at one grain (every 1%, 5% or 10%).

    Attributes:
        grain: Step of the round percentages, in percent.
        observed: Hits in turnout plus hits in leader share.
        expected: Hits expected under the null.
        p_value: Chance under the null of at least ``observed`` hits.
        turnout_observed: Hits in turnout.
        turnout_expected: Expected hits in turnout.
        share_observed: Hits in leader share.
        share_expected: Expected hits in leader share.
    """

    grain: int
    observed: int
    expected: float
    p_value: float
    turnout_observed: int
    turnout_expected: float
    share_observed: int
    share_expected: float

    @property
    def excess(self) -> float:
        """Observed over expected hits (1 means no excess)."""
        return self.observed / self.expected if self.expected > 0 else math.nan


@dataclass(frozen=True)
class IntegerTest:
    """Result of the integer-percentage test.

    Attributes:
        grains: One result per grain (1%, 5%, 10%).
        p_value: Smallest grain p-value times the number of grains (Bonferroni), at most 1.
        statistic: Observed over expected whole-percent hits.
        n_turnout: Stations tested on turnout (ballots not above registered, at least
            :data:`MIN_DENOMINATOR` registered).
        n_share: Stations tested on leader share (at least :data:`MIN_DENOMINATOR` valid).
        both_round: Stations where turnout and leader share are both whole percents.
        both_round_ids: The first of those stations' IDs (up to 50).
        flagged: Whether ``p_value < alpha``.
        alpha: Nominal level used for the flag.
        reading: Plain-language reading.
        caveat: The method's known weakness.
    """

    grains: tuple[GrainResult, ...]
    p_value: float
    statistic: float
    n_turnout: int
    n_share: int
    both_round: int
    both_round_ids: tuple[str, ...]
    flagged: bool
    alpha: float
    reading: str
    caveat: str = CAVEAT

    def to_dict(self) -> dict:
        """Return the result as plain JSON-ready values."""
        return {
            "statistic": self.statistic,
            "p_value": self.p_value,
            "flagged": self.flagged,
            "alpha": self.alpha,
            "n_turnout": self.n_turnout,
            "n_share": self.n_share,
            "both_round": self.both_round,
            "both_round_ids": list(self.both_round_ids),
            "grains": [dict(vars(g), excess=g.excess) for g in self.grains],
            "reading": self.reading,
            "caveat": self.caveat,
        }


def is_round_percent(count: np.ndarray, total: np.ndarray, grain: int = 1) -> np.ndarray:
    """Whether ``count`` is the whole number nearest to a multiple of ``grain``% of ``total``.

    This is what a protocol written to a target percentage produces: ``round(P / 100 * n)``.
    Exact whole percents (``100 * count % total == 0``) are included.

    Args:
        count: Numerators (integers).
        total: Denominators (integers > 0).
        grain: Step of the round percentages in percent (1, 5, 10, ...).

    Returns:
        Boolean array.
    """
    count = np.asarray(count, dtype=np.int64)
    total = np.asarray(total, dtype=np.int64)
    target = np.round(100.0 * count / total / grain) * grain
    # |100 count - P total| <= 50, in integers so that ties at half a vote count as hits.
    return np.abs(100 * count - target.astype(np.int64) * total) <= 50


def hit_probability(fraction: np.ndarray, total: np.ndarray, grain: int = 1) -> np.ndarray:
    """Chance that ``Binomial(total, fraction)`` is a round percent of ``total``.

    Args:
        fraction: Each station's chance of a vote (or ballot), from 0 to 1.
        total: Denominators (> 0).
        grain: Step of the round percentages in percent.

    Returns:
        One probability per station.
    """
    fraction = np.asarray(fraction, dtype=float)
    total = np.asarray(total, dtype=np.int64)
    out = np.empty(len(fraction))
    small = total < _SMALL_N
    if small.any():
        out[small] = _hit_probability_small(fraction[small], total[small], grain)
    big = np.flatnonzero(~small)
    if len(big):
        n = total[big].astype(float)
        p = fraction[big]
        # Window of +-6 sd plus a margin of counts for the skewed tail of small n * p.
        reach_pct = 100.0 * (_TAIL_SD * np.sqrt(n * p * (1 - p)) + _TAIL_COUNTS) / n
        half = np.ceil(reach_pct / grain).astype(np.int64) + 1
        # Group stations by window width so each group is one rectangular array.
        width_class = -(-half // 4) * 4
        for c in np.unique(width_class):
            sel = width_class == c
            out[big[sel]] = _hit_probability_big(p[sel], total[big[sel]], grain, int(c))
    return np.clip(out, 0.0, 1.0)


def null_fractions(count: np.ndarray, total: np.ndarray, shrink: bool = True) -> np.ndarray:
    """The fractions the null redraws each station's count from.

    The observed fraction ``count / total`` is the true one plus counting noise, so redrawing
    from it adds that noise twice: the null's fractions are more spread than the true ones, and
    where the true ones barely differ (every station near 60 % turnout) the null misses the
    round percentages that counts near a round true fraction hit by chance, and a clean
    election reads as rounded. Each fraction is therefore pulled towards the mean so that the
    pulled fractions vary across stations as much as the true ones are estimated to (the
    observed variance less the mean binomial variance): a constrained Bayes estimate (Louis
    1984). Where stations differ far more than counting noise, the pull is negligible. A
    fraction of exactly 0 or 1 stays: it hits under the null for certain (no information).
    """
    fraction = count / total
    inner = (count > 0) & (count < total)
    if not shrink or inner.sum() < 2:
        return fraction
    f, n = fraction[inner], total[inner]
    noise = np.mean(f * (1 - f) / (n - 1))
    spread = np.var(f)
    keep = np.sqrt(max(0.0, 1.0 - noise / spread)) if spread > 0 else 0.0
    pulled = fraction.copy()
    pulled[inner] = np.clip(f.mean() + keep * (f - f.mean()), 0.0, 1.0)
    return pulled


def integer_test(
    results: StationResults,
    *,
    alpha: float = 0.05,
    min_denominator: int = MIN_DENOMINATOR,
    shrink: bool = True,
) -> IntegerTest:
    """Run the integer-percentage test on turnout and the leader's share.

    Args:
        results: Station results.
        alpha: Nominal level for the flag.
        min_denominator: Turnouts of fewer registered voters, and shares of fewer valid
            votes, are left out (:data:`MIN_DENOMINATOR`; 0 keeps every station, at most
            :data:`MAX_DENOMINATOR`).
        shrink: Pull the null's fractions to the mean (:func:`null_fractions`); False gives
            the paper's null, each count redrawn from its observed fraction.

    Returns:
        Hits at 1%, 5% and 10% grains with exact null p-values, and a Bonferroni-combined
        p-value.
    """
    problems = counts_and_argument_problems(results, alpha=alpha)
    cut = integer_problem("min_denominator", min_denominator, 0, MAX_DENOMINATOR)
    if problems := problems + ([cut] if cut else []):
        raise InputError(problems)
    t_ok = (results.ballots <= results.registered) & (results.registered >= min_denominator)
    s_ok = (results.valid > 0) & (results.valid >= min_denominator)
    t_num, t_den = results.ballots[t_ok], results.registered[t_ok]
    s_num, s_den = results.leader_votes[s_ok], results.valid[s_ok]
    t_fit, s_fit = null_fractions(t_num, t_den, shrink), null_fractions(s_num, s_den, shrink)
    grains, least_p = [], 1.0
    for g in GRAINS:
        t_hit, s_hit = is_round_percent(t_num, t_den, g), is_round_percent(s_num, s_den, g)
        t_prob, s_prob = hit_probability(t_fit, t_den, g), hit_probability(s_fit, s_den, g)
        probs = np.concatenate([t_prob, s_prob])
        observed = int(t_hit.sum() + s_hit.sum())
        p = poisson_binomial_sf(probs, observed) if observed else 1.0
        # The p-value were every count that can be round so: the least this grain can give.
        least_p = min(least_p, float(np.exp(np.sum(np.log(probs[probs > 0])))))
        grains.append(
            GrainResult(
                grain=g,
                observed=observed,
                expected=float(t_prob.sum() + s_prob.sum()),
                p_value=p,
                turnout_observed=int(t_hit.sum()),
                turnout_expected=float(t_prob.sum()),
                share_observed=int(s_hit.sum()),
                share_expected=float(s_prob.sum()),
            )
        )
    both = t_ok & s_ok
    both_mask = np.zeros(results.n_stations, dtype=bool)
    both_mask[both] = is_round_percent(
        results.ballots[both], results.registered[both]
    ) & is_round_percent(results.leader_votes[both], results.valid[both])
    ids = tuple(str(i) for i in np.asarray(results.ids)[both_mask][:_MAX_IDS])
    # No station large enough, or none between 0% and 100% (a certain hit under the null, no
    # information): not tested (NaN, as the digit tests with too few counts).
    informative = int(((t_num > 0) & (t_num < t_den)).sum() + ((s_num > 0) & (s_num < s_den)).sum())
    tested = informative > 0
    # Too few counts for any result to reach alpha (one station): no test, not "p = 1".
    powerless = tested and len(GRAINS) * least_p >= alpha
    p_comb = min(1.0, len(GRAINS) * min(g.p_value for g in grains))
    p_comb = p_comb if tested and not powerless else math.nan
    flagged = p_comb < alpha
    return IntegerTest(
        grains=tuple(grains),
        p_value=p_comb,
        statistic=grains[0].excess,
        n_turnout=len(t_num),
        n_share=len(s_num),
        both_round=int(both_mask.sum()),
        both_round_ids=ids,
        flagged=flagged,
        alpha=alpha,
        reading=_reading(
            grains,
            p_comb,
            flagged,
            alpha,
            int(both_mask.sum()),
            min_denominator,
            len(t_num) + len(s_num),
            (min(1.0, len(GRAINS) * least_p), informative) if powerless else None,
        ),
    )


# --- internals -------------------------------------------------------------------------------


def _log_pmf(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        base = special.gammaln(n + 1)
        out = (
            base
            - special.gammaln(k + 1)
            - special.gammaln(n - k + 1)
            + special.xlogy(k, p)
            + special.xlog1py(n - k, -p)
        )
    return np.where((k >= 0) & (k <= n), out, -np.inf)


def _hit_probability_big(
    fraction: np.ndarray, total: np.ndarray, grain: int, half: int
) -> np.ndarray:
    """For totals >= 100 the counts nearest to distinct percents are distinct: sum their pmf."""
    n = total.astype(float)[:, None]
    p = fraction[:, None]
    centre = np.round(100.0 * p / grain) * grain
    pct = centre + grain * np.arange(-half, half + 1)[None, :]
    inside = (pct >= 0) & (pct <= 100)
    target = np.where(inside, pct, 0.0) * n / 100.0
    lo = np.ceil(target - 0.5)
    prob = np.where(inside, np.exp(_log_pmf(lo, n, p)), 0.0).sum(axis=1)
    # A target exactly on a half vote has two nearest counts; rare, so handle them apart.
    hi = np.floor(target + 0.5)
    r, c = np.nonzero(inside & (hi > lo))
    if len(r):
        extra = np.exp(_log_pmf(hi[r, c], n[r, 0], p[r, 0]))
        prob += np.bincount(r, weights=extra, minlength=len(prob))
    return prob


def _hit_probability_small(fraction: np.ndarray, total: np.ndarray, grain: int) -> np.ndarray:
    """For small totals enumerate every possible count (at most 100)."""
    ks = np.arange(_SMALL_N)[None, :]
    n = total[:, None]
    p = fraction[:, None]
    k_ok = ks <= n
    kk = np.where(k_ok, ks, 0)
    hit = is_round_percent(kk, np.broadcast_to(n, kk.shape), grain) & k_ok
    return np.sum(np.where(hit, np.exp(_log_pmf(kk.astype(float), n.astype(float), p)), 0.0), 1)


def p_text(p: float) -> str:
    """A p-value as tables write it: four decimals, its digits below 1e-4, < 1e-300 for 0."""
    return ("< 1e-300" if p == 0 else f"{p:.2g}") if p < 1e-4 else f"{p:.4f}"  # no test gives 0


def _fmt_expected(x: float) -> str:
    """Expected hits: a few are given with decimals ("2 vs 0 expected" read as a contradiction)."""
    return f"{x:,.2f}" if x < 10 else f"{x:,.0f}"


def _reading(
    grains: list[GrainResult],
    p: float,
    flagged: bool,
    alpha: float,
    both: int,
    least: int,
    looked_at: int,
    powerless: tuple[float, int] | None = None,
) -> str:
    if powerless is not None:
        least_p, informative = powerless
        return (
            f"Not tested: too few counts ({plural(informative, 'turnout or leader share')} "
            f"between 0% and 100% at stations large enough): were every one a round "
            f"percentage, p would be {least_p:.2g}, not below {alpha}."
        )
    if math.isnan(p) and looked_at:
        return (
            f"Not tested: every turnout and leader share large enough to test ({looked_at:,}) "
            "is exactly 0% or 100%, which hits a round percentage whatever happened and "
            "carries no information."
        )
    if math.isnan(p):
        return (
            f"Not tested: no station has {least:,} or more registered voters or valid "
            "votes (smaller ones hit round percentages by arithmetic alone)."
        )
    whole = grains[0]
    lead = (
        f"{plural(whole.observed, 'whole-percent value')} in turnout and leader share, against "
        f"{_fmt_expected(whole.expected)} expected by chance ({whole.excess:.2f} times)"
    )
    if not flagged:
        level = f", not below {alpha:g}" if p < 0.05 else ""  # a level set below the usual
        return f"No excess of round percentages: {lead}; combined {p_is(p_text(p))}{level}."
    worst = min(grains, key=lambda g: g.p_value)
    return (
        f"Round percentages are over-represented: {lead}; the strongest excess is at "
        f"multiples of {worst.grain}% ({worst.observed:,} vs {_fmt_expected(worst.expected)} "
        "expected). "
        f"Combined {p_is(p_text(p))} (flag below {alpha}). {plural(both, 'station')} "
        f"{'has' if both == 1 else 'have'} both turnout and "
        "leader share at whole percents."
    )
