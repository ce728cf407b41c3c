"""Where each seat goes on the report's map: equal hexagons, dots at centroids, or a grid.

The layouts ship in ``votebank/data`` with their provenance (``SOURCES.md`` there): the UK's
hex cartogram (HexJSON, one hexagon per Westminster seat) and the centroids of Pakistan's
National Assembly seats. A scenario uses the first layout that places nearly all of its seat
ids (:data:`COVERAGE`); seats it misses, and scenarios no layout knows, go into a plain grid
ordered by region, so any scenario gets a map. Nothing here names a seat or a country: a new
layout is a file and a line in :data:`LAYOUTS`.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from importlib import resources

import numpy as np

from votebank.elections.seat_ids import match_seats

COVERAGE = 0.9
"""A layout is used when it places at least this share of a scenario's seats."""
HEX = 10.0
"""Hexagon size (centre to corner) in SVG units."""
DOT = 6.0
"""Dot radius in SVG units; dots closer than two radii plus a gap are pushed apart."""
LAYOUTS = (
    (
        "hex",
        ("uk", "constituencies.hexjson"),
        "Hex map of UK constituencies: Open Innovations (ODI Leeds)",
    ),
    (
        "dots",
        ("pakistan", "na_centroids_2002_delimitation.csv"),
        "Constituency centroids: Hasan Khalid, electionMap",
    ),
)


@dataclass(frozen=True)
class Layout:
    """Seat positions in SVG units.

    Attributes:
        kind: ``hex``, ``dots`` or ``grid`` (the shape drawn per seat).
        width: Width of the drawing.
        height: Height of the drawing.
        cells: Seat id -> (x, y) centre.
        credit: Whom to credit under the map ('' for the grid).
        placed: Seats placed by the layout file (the others are in the grid below it).
    """

    kind: str
    width: float
    height: float
    cells: dict[str, tuple[float, float]]
    credit: str
    placed: int


def _read(parts: tuple[str, str]) -> str:
    return (resources.files("votebank") / "data" / parts[0] / parts[1]).read_text(encoding="utf-8")


def _hex_ids(text: str) -> set[str]:
    return {str(k) for k in json.loads(text)["hexes"]}


def _dot_ids(text: str) -> set[str]:
    return {r["constituency"] for r in csv.DictReader(text.splitlines())}


def _hex_positions(text: str) -> dict[str, tuple[float, float]]:
    """HexJSON ``odd-r``/``even-r`` (rows of pointy-top hexagons) -> centres; north up."""
    data = json.loads(text)
    shift = 1 if data.get("layout", "odd-r") in ("odd-r", "odd-q") else 0
    w = math.sqrt(3) * HEX
    out = {}
    for sid, h in data["hexes"].items():
        q, r = int(h["q"]), int(h["r"])
        offset = 0.5 if (r % 2 == 1) == bool(shift) else 0.0
        out[str(sid)] = (w * (q + offset), -1.5 * HEX * r)
    return out


def _dot_positions(text: str, wanted: set[str]) -> dict[str, tuple[float, float]]:
    """Centroids (longitude, latitude) -> equirectangular positions, overlaps pushed apart."""
    rows = [r for r in csv.DictReader(text.splitlines()) if r["constituency"] in wanted]
    ids = [r["constituency"] for r in rows]
    lon = np.array([float(r["longitude"]) for r in rows])
    lat = np.array([float(r["latitude"]) for r in rows])
    x = lon * math.cos(math.radians(float(lat.mean())))
    span = max(float(x.max() - x.min()), float(lat.max() - lat.min()), 1e-9)
    scale = 560.0 / span
    pts = np.column_stack([(x - x.min()) * scale, (lat.max() - lat) * scale])
    return dict(zip(ids, map(tuple, _relax(pts, 2 * DOT + 1.5)), strict=True))


def _relax(pts: np.ndarray, gap: float, rounds: int = 120) -> np.ndarray:
    """Push apart points closer than ``gap``, a little at a time, until none overlap."""
    p = pts.astype(float).copy()
    rng = np.random.default_rng(0)  # only to separate points that coincide exactly
    for _ in range(rounds):
        d = p[:, None, :] - p[None, :, :]
        dist = np.hypot(d[..., 0], d[..., 1])
        np.fill_diagonal(dist, np.inf)
        close = dist < gap
        if not close.any():
            break
        same = dist < 1e-9
        if same.any():
            i = np.nonzero(same.any(axis=1))[0]
            p[i] += rng.normal(0, 0.5, size=(len(i), 2))
            continue
        push = np.where(close, (gap - dist) / 2 / np.where(close, dist, 1), 0.0)
        p += (d * push[..., None]).sum(axis=1) * 0.5
    return p


def _grid(ids: list[str], top: float, width: float | None = None) -> dict[str, tuple[float, float]]:
    cols = max(1, math.ceil(math.sqrt(len(ids) * 1.6)))
    step = 2 * DOT + 4
    if width:
        cols = max(1, min(cols, int(width // step)))
    return {
        sid: (DOT + 2 + step * (i % cols), top + DOT + 2 + step * (i // cols))
        for i, sid in enumerate(ids)
    }


def seat_layout(ids: list[str]) -> Layout:
    """Place ``ids`` (in the order a grid should use, e.g. by region) on the best layout.

    An id the layout writes otherwise (``e14000530`` for ``E14000530``: case, separators and
    leading zeros, as results files are read) is placed as the layout's id.
    """
    for kind, parts, credit in LAYOUTS:
        text = _read(parts)
        known = _hex_ids(text) if kind == "hex" else _dot_ids(text)
        as_known = _as_known(ids, known)
        if not ids or len(as_known) < COVERAGE * len(set(ids)):
            continue
        wanted = set(as_known.values())
        pos = _hex_positions(text) if kind == "hex" else _dot_positions(text, wanted)
        placed = {sid: pos[as_known[sid]] for sid in ids if as_known.get(sid) in pos}
        return _fit(kind, placed, ids, credit)
    cells = _grid(ids, 0.0)
    return Layout("grid", *_extent(cells), cells, "", 0)


def _as_known(ids: list[str], known: set[str]) -> dict[str, str]:
    """Each id the layout knows, as the layout writes it: exactly, else read loosely.

    Loosely as results files are matched to seats
    (:func:`~votebank.elections.seat_ids.match_seats`): never an id whose reading fits two
    layout ids, nor two ids of one reading.
    """
    out = {sid: sid for sid in ids if sid in known}
    out.update(match_seats(ids, known).loose)
    return out


def _extent(cells: dict[str, tuple[float, float]]) -> tuple[float, float]:
    xs = [x for x, _ in cells.values()] or [0.0]
    ys = [y for _, y in cells.values()] or [0.0]
    return max(xs) + DOT + 2, max(ys) + DOT + 2


def _fit(kind: str, pos: dict, ids: list[str], credit: str) -> Layout:
    """Shift the placed seats to the origin (with a margin) and grid the rest below."""
    pad = HEX + 2 if kind == "hex" else DOT + 2
    x0 = min(x for x, _ in pos.values()) - pad
    y0 = min(y for _, y in pos.values()) - pad
    cells = {sid: (x - x0, y - y0) for sid, (x, y) in pos.items()}
    width, height = (max(v) + pad for v in zip(*cells.values(), strict=True))
    rest = [sid for sid in ids if sid not in cells]
    if rest:
        cells.update(_grid(rest, height + 10, width))
        width, height = max(width, _extent(cells)[0]), _extent(cells)[1]
    return Layout(kind, width, height, cells, credit, len(pos))
