"""Draws laid out by position (seat x slot, region x party) that a cut run makes as the whole does.

A run cut to some seats (a canvass plan, a quick forensics study) keys its seat-by-seat
streams by each seat's position in the whole scenario. A draw made for every seat at once from
one stream is laid out by position instead, so a cut run draws the whole scenario's array and
keeps its own rows: a cut seat then gets exactly the numbers it gets in the whole run, whatever
other seats were kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from votebank.rng import Streams

Draw = Callable[[tuple[int, ...]], np.ndarray]
"""Draws an array of the shape given (e.g. ``lambda shape: gen.normal(0, sd, shape)``)."""


def by_seat(streams: Streams, draw: Draw, shape: tuple[int, ...]) -> np.ndarray:
    """``draw(shape)`` for an array of seats (and slots): a cut run's rows of the whole's."""
    whole = streams.whole
    if whole is None:
        return draw(shape)
    drawn = draw((whole.seats, whole.slots)[: len(shape)])[streams.seats]
    return drawn if len(shape) == 1 else drawn[:, : shape[1]]


def by_region(streams: Streams, draw: Draw, regions: Sequence[str], cols: int) -> np.ndarray:
    """``draw((len(regions), cols))`` for an array of regions: a cut run's rows of the whole's."""
    whole = streams.whole
    if whole is None:
        return draw((len(regions), cols))
    drawn = draw((len(whole.regions), cols))
    return drawn[[whole.regions.index(r) for r in regions]]
