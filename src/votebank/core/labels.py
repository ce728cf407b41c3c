"""Labels with fixed positions, each beside what shows it: routes, stuffing, patrons, classes.

A new vote route is one entry in ``ROUTE_INFO`` (its label and its chart fill); the position of
every route is its index in the run's tallies.
"""

from typing import NamedTuple


class Route(NamedTuple):
    """A route by which a vote was decided, and how reports show it."""

    name: str
    label: str
    colour: str
    pattern: str


# Okabe-Ito colours and a pattern each, so routes read apart in grey print too.
ROUTE_INFO = (
    Route("own", "own choice", "#56B4E9", "solid"),
    Route("clan", "clan (biradari)", "#009E73", "diag"),
    Route("landlord", "landlord / pir", "#E69F00", "rdiag"),
    Route("coerced", "coerced", "#D55E00", "cross"),
    Route("stuffed", "stuffed", "#CC79A7", "dots"),
    Route("canvassed", "canvassed", "#F0E442", "horiz"),
)
ROUTES = tuple(r.name for r in ROUTE_INFO)
# Each by its name, so a route added (its own constant beside these) leaves them as they are.
OWN, CLAN, LANDLORD, COERCED, STUFFED, CANVASSED = map(
    ROUTES.index, ("own", "clan", "landlord", "coerced", "stuffed", "canvassed")
)
STUFFING_KINDS = ("none", "incremental", "extreme")
PATRONS = ("none", "landlord", "pir")  # a candidate's patron status, as in candidates.csv
CLASSES = ("rural_poor", "middle", "urban")
BACKGROUNDS = ("none", "feudal", "middle_class", "religious", "dynastic")
