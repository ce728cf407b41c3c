"""Named random streams: one stream per decision, derived from (seed, run, name[, unit]).

No global generator is ever used. A stream's seed comes from
``SeedSequence(entropy=seed, spawn_key=(run_index, *name_words, *unit))`` where ``name_words``
are taken from a BLAKE2b digest of the stream's stable name, so results do not depend on
``PYTHONHASHSEED``, on the order in which streams are asked for, or on the worker that runs them.

Draws that touch many constituencies go through :meth:`Streams.binomial` and friends with
``segments``: each constituency then has its own generator for that decision, so a change in one
constituency leaves every other constituency's random numbers untouched (common random numbers
for paired counterfactuals).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

# Names are part of the results: renaming a stream changes the numbers it draws.
_NAME_WORDS = 2


def fresh_entropy() -> int:
    """Return 128 bits of OS entropy, for runs that were given no seed (record it)."""
    return secrets.randbits(128)


@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> tuple[int, ...]:
    """Return the stable 32-bit words that stand for a stream name."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=4 * _NAME_WORDS).digest()
    return tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, len(digest), 4))


@dataclass(frozen=True)
class Whole:
    """The whole scenario a run was cut from, as its draws laid out by position see it.

    Attributes:
        seats: Its constituencies.
        slots: Its candidate slots per constituency.
        regions: Its region names, sorted.
    """

    seats: int
    slots: int
    regions: tuple[str, ...]


class Streams:
    """The random streams of one run.

    Args:
        entropy: The ensemble's seed (a non-negative integer).
        run_index: Which run of the ensemble this is.
        prefix: Prepended to every stream name (a by-election's).
        seats: For a run cut from a larger scenario, each seat's position there.
        whole: For a cut run, the scenario it was cut from.
    """

    def __init__(
        self,
        entropy: int,
        run_index: int,
        prefix: str = "",
        seats: np.ndarray | None = None,
        whole: Whole | None = None,
    ):
        self.entropy = entropy
        self.run_index = run_index
        self.prefix = prefix
        self.seats = seats
        self.whole = whole

    @classmethod
    def of(
        cls,
        entropy: int,
        run_index: int,
        seats: np.ndarray | None = None,
        whole: Whole | None = None,
    ) -> Streams:
        """A run's streams; with ``seats`` (a cut scenario's), as :meth:`of_seats` maps them."""
        streams = cls(entropy, run_index)
        return streams if seats is None else streams.of_seats(seats, whole)

    def child(self, prefix: str) -> Streams:
        """Return streams whose names all start with ``prefix`` (e.g. a by-election's).

        Their units are the child's own (a by-election numbers its seats from 0), whatever
        seats these streams map.
        """
        return Streams(self.entropy, self.run_index, f"{self.prefix}{prefix}.")

    def of_seats(self, seats: np.ndarray, whole: Whole | None = None) -> Streams:
        """Streams for a run cut to ``seats``: seat ``i`` of the cut draws as seat ``seats[i]``.

        A seat-local step then draws the same numbers in a seat whether or not the run was cut;
        draws laid out by position need ``whole`` too (:mod:`votebank.core.whole_draws`).
        """
        return Streams(self.entropy, self.run_index, self.prefix, np.asarray(seats), whole)

    def generator(self, name: str, *unit: int) -> np.random.Generator:
        """Return a fresh generator for the decision ``name`` (and optional unit, e.g. a seat).

        The first unit, where given, is a seat (or the only unit of a decision).
        """
        if unit and self.seats is not None:
            unit = (self.seats[unit[0]], *unit[1:])
        key = (self.run_index, *name_key(self.prefix + name), *(int(u) for u in unit))
        seq = np.random.SeedSequence(entropy=self.entropy, spawn_key=key)
        return np.random.Generator(np.random.PCG64(seq))

    def generators(self, name: str, units: np.ndarray) -> Iterator[np.random.Generator]:
        """For each unit in turn, the generator :meth:`generator` would give for it.

        Exactly the same numbers, seeded for all the units at once (``SeedSequence`` for every
        unit in a handful of array operations, :func:`pcg64_states`) instead of one unit at a
        time: one generator object is reset for each unit, so each must be used up before
        the next is taken (as in a loop over the seats).
        """
        units = np.asarray(units, dtype=np.int64)
        mapped = units if self.seats is None else np.asarray(self.seats)[units]
        key = (self.run_index, *name_key(self.prefix + name))
        # Past 32 bits the array code does not reach; below FEW_UNITS its fixed cost is more.
        if len(units) < FEW_UNITS or int(mapped.max()) > _M32:
            yield from (self.generator(name, int(u)) for u in units)
            return
        bits = np.random.PCG64(0)
        gen = np.random.Generator(bits)
        for state, inc in pcg64_states(self.entropy, key, mapped):
            bits.state = {
                "bit_generator": "PCG64",
                "state": {"state": state, "inc": inc},
                "has_uint32": 0,
                "uinteger": 0,
            }
            yield gen

    def binomial(self, name: str, n: np.ndarray, p: np.ndarray, segments: np.ndarray) -> np.ndarray:
        """Draw ``Binomial(n, p)`` elementwise with one generator per segment.

        Args:
            name: The decision's stream name.
            n: Trials per element (integer array).
            p: Success probability per element, same shape as ``n``.
            segments: Boundaries of the elements of each unit (constituency): unit ``u`` owns
                ``[segments[u], segments[u + 1])``.

        Returns:
            An int64 array of successes.
        """
        out = np.zeros(n.shape, dtype=np.int64)
        p = np.clip(p, 0.0, 1.0)
        units = _filled(segments)
        for unit, gen in zip(units, self.generators(name, units), strict=True):
            lo, hi = segments[unit], segments[unit + 1]
            out[lo:hi] = gen.binomial(n[lo:hi], p[lo:hi])
        return out

    def binomial_monotone(
        self, name: str, n: np.ndarray, p: np.ndarray, segments: np.ndarray
    ) -> np.ndarray:
        """Draw ``Binomial(n, p)`` as :meth:`binomial` does, by inversion of one uniform each.

        Slower than :meth:`binomial`, but with the same ``n`` a larger ``p`` never draws fewer
        from the same stream: runs that differ only in ``p`` (more canvass hours) differ by
        the change's effect alone, not by redrawn noise.
        """
        u = np.zeros(n.shape)
        units = _filled(segments)
        for unit, gen in zip(units, self.generators(name, units), strict=True):
            lo, hi = segments[unit], segments[unit + 1]
            u[lo:hi] = gen.random(hi - lo)
        return binomial_by_inversion(u, n, p)

    def multinomial(
        self, name: str, n: np.ndarray, probs: np.ndarray, segments: np.ndarray
    ) -> np.ndarray:
        """Draw ``Multinomial(n, probs)`` per row by conditional binomials, one stream per unit.

        Exactly the distribution of ``n`` independent categorical draws: category ``j`` takes
        ``Binomial(remaining, p_j / (p_j + ... + p_last))``.

        Args:
            name: The decision's stream name.
            n: Trials per row, shape ``(rows,)``.
            probs: Category probabilities, shape ``(rows, categories)``; rows need not be
                normalised, but a row with trials must have a positive sum (an all-zero row
                puts every trial in the last category).
            segments: Row boundaries of each unit, as in :meth:`binomial`.

        Returns:
            Counts, int64, shape ``(rows, categories)``.
        """
        rows, cats = probs.shape
        out = np.zeros((rows, cats), dtype=np.int64)
        remaining = n.astype(np.int64).copy()
        # Computed once for all rows, column by column (contiguous for the draws).
        cond = np.ascontiguousarray(conditionals(probs).T)
        units = _filled(segments)
        for unit, gen in zip(units, self.generators(name, units), strict=True):
            lo, hi = segments[unit], segments[unit + 1]
            rem = remaining[lo:hi]
            for j in range(cats - 1):
                draw = gen.binomial(rem, cond[j, lo:hi])
                out[lo:hi, j] = draw
                rem = rem - draw
            out[lo:hi, cats - 1] = rem
        return out

    def uniform(self, name: str, segments: np.ndarray, cols: int = 0) -> np.ndarray:
        """Uniform numbers for the rows of each segment (unit), one stream per unit.

        Args:
            name: The decision's stream name.
            segments: Row boundaries of each unit.
            cols: Numbers per row (0 for a flat array).

        Returns:
            Shape ``(rows,)`` or ``(rows, cols)``.
        """
        shape_tail = (cols,) if cols else ()
        out = np.empty((int(segments[-1]), *shape_tail))
        units = _filled(segments)
        for unit, gen in zip(units, self.generators(name, units), strict=True):
            lo, hi = segments[unit], segments[unit + 1]
            out[lo:hi] = gen.random((hi - lo, *shape_tail))
        return out


def binomial_by_inversion(u: np.ndarray, n: np.ndarray, p: np.ndarray) -> np.ndarray:
    """``Binomial(n, p)`` quantiles of the uniforms ``u``, elementwise (SciPy's ``binom.ppf``).

    u = 0 (odds 2**-53) would invert to -1: the smallest positive float inverts to the
    support's start. With no trials or p = 0 that start is 0, the whole support; and where
    ``u`` lies below the chance of 0, ``(1 - p) ** n``, by more than any rounding, the
    quantile is 0 too. Only the rest go through SciPy's inversion (about 50 microseconds a
    call and a microsecond a cell): in a canvassed run almost every cell is one of those
    zeros, since a campaign meets few of a cohort's voters.
    """
    from scipy.stats import binom  # slow to import: only runs with a canvass need it

    u = np.maximum(u, np.finfo(float).tiny)
    p = np.clip(p, 0.0, 1.0)
    out = np.zeros(n.shape, dtype=np.int64)
    live = np.flatnonzero((n > 0) & (p > 0))
    n_live, p_live, u_live = n[live], p[live], u[live]
    with np.errstate(divide="ignore"):  # p = 1: log 0 = -inf, and no chance of 0
        zero_chance = np.exp(n_live * np.log1p(-p_live))
    # 1e-9 is far beyond the rounding of either side's (1 - p) ** n (about 1e-13 relative).
    rest = u_live > zero_chance * (1 - 1e-9)
    cells = live[rest]
    out[cells] = binom.ppf(u_live[rest], n_live[rest], p_live[rest]).astype(np.int64)
    return out


def conditionals(probs: np.ndarray) -> np.ndarray:
    """Per row, the chance of each category given that none before it was drawn.

    A multinomial is drawn as conditional binomials: category ``j`` takes
    ``Binomial(remaining, p_j / (p_j + ... + p_last))`` (0 where nothing is left).
    """
    tail = np.cumsum(probs[:, ::-1], axis=1)[:, ::-1]
    cond = np.zeros(probs.shape)
    np.divide(probs, tail, out=cond, where=tail > 0)
    return np.clip(cond, 0.0, 1.0)


def bounds_of(unit_of_rows: np.ndarray, units: int) -> np.ndarray:
    """Row boundaries of each unit in an array sorted by unit (``units + 1`` entries)."""
    return np.searchsorted(unit_of_rows, np.arange(units + 1)).astype(np.int64)


def _filled(segments: np.ndarray) -> np.ndarray:
    """The units that own at least one row."""
    return np.flatnonzero(np.diff(np.asarray(segments)) > 0)


# SeedSequence (NumPy's, after M. O'Neill's seed_seq_fe) and PCG64's seeding, for many spawn
# keys at once: the same words, so the same states, as NumPy computes one key at a time
# (tests/test_rng.py checks them against NumPy on random keys).
_INIT_A, _MULT_A = 0x43B0D7E5, 0x931E8875
_INIT_B, _MULT_B = 0x8B51F9DD, 0x58F38DED
_MIX_L, _MIX_R = np.uint32(0xCA01F9DD), np.uint32(0x4973F715)
_M32 = 0xFFFFFFFF
FEW_UNITS = 16  # seeded one at a time below this [measured: 2 units 0.03 ms, not 0.19 ms]
_POOL = 4
_PCG_MULT = 0x2360ED051FC65DA44385DF649FCCF645
_M128 = (1 << 128) - 1
_SHIFT = np.uint32(16)


def _words(value: int) -> list[int]:
    """A non-negative integer as little-endian 32-bit words (0 is one word), as NumPy does."""
    out = [int(value) & _M32]
    value = int(value) >> 32
    while value:
        out.append(value & _M32)
        value >>= 32
    return out


class _HashMix:
    def __init__(self) -> None:
        self.const = _INIT_A

    def __call__(self, value: np.ndarray) -> np.ndarray:
        value = value ^ np.uint32(self.const)
        self.const = (self.const * _MULT_A) & _M32
        value = value * np.uint32(self.const)
        return value ^ (value >> _SHIFT)


def _mix(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    r = _MIX_L * x - _MIX_R * y
    return r ^ (r >> _SHIFT)


def pcg64_states(entropy: int, prefix: tuple[int, ...], units: np.ndarray) -> list[tuple[int, int]]:
    """PCG64's (state, inc) seeded by ``SeedSequence(entropy, spawn_key=(*prefix, unit))``.

    One entry per unit (each below 2**32); uint32 arithmetic wraps as in NumPy's C code.
    """
    n = len(units)
    run = _words(entropy)
    run += [0] * (_POOL - len(run))  # NumPy pads the entropy to the pool when a key follows
    cols = [np.full(n, w, dtype=np.uint32) for w in run + [w for p in prefix for w in _words(p)]]
    cols.append(np.asarray(units).astype(np.uint32))
    hashmix = _HashMix()
    mixer = [hashmix(cols[i]) for i in range(_POOL)]
    for src in range(_POOL):
        for dst in range(_POOL):
            if src != dst:
                mixer[dst] = _mix(mixer[dst], hashmix(mixer[src]))
    for src in range(_POOL, len(cols)):
        for dst in range(_POOL):
            mixer[dst] = _mix(mixer[dst], hashmix(cols[src]))
    const, words = _INIT_B, []
    for i in range(8):  # generate_state(4, uint64)
        v = mixer[i % _POOL] ^ np.uint32(const)
        const = (const * _MULT_B) & _M32
        v = v * np.uint32(const)
        words.append((v ^ (v >> _SHIFT)).astype(np.uint64))
    w64 = [(words[2 * k] | (words[2 * k + 1] << np.uint64(32))).tolist() for k in range(4)]
    out = []
    for a, b, c, d in zip(*w64, strict=True):
        inc = ((((c << 64) | d) << 1) | 1) & _M128
        out.append(((((inc + ((a << 64) | b)) * _PCG_MULT) + inc) & _M128, inc))
    return out
