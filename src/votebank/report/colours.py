"""Party colours: one table following each country's convention, then scenario, then Okabe-Ito.

Readers recognise parties by colour before they read a label, so a report that paints the
PML-N blue misleads Pakistani readers as much as a red Conservative Party would British ones.
The table below is looked up by party id (case-insensitive); a party it does not know keeps the
colour its scenario gives (other than the format's default grey), and a party with neither
gets the next Okabe-Ito colour. Colour is never the only channel: every mark also carries the
party id as text or in its tooltip.
"""

from __future__ import annotations

import re

CONVENTION: dict[str, str] = {
    # -- Pakistan ---------------------------------------------------------------------------
    # PML-N: green, the colour of its flag (green with the crescent) and of the PML-N in
    # Pakistani newspapers' and broadcasters' results graphics (Dawn, Geo).
    "PML-N": "#1B7F3B",
    # PPP / PPPP: the party flag is a black-red-green tricolour; black is its convention in
    # results tables and parliament charts (green is the PML-N's, red the PTI's).
    "PPPP": "#1A1A1A",
    "PPP": "#1A1A1A",
    # PTI: red and green flag; red, as Pakistani media show it beside the PML-N's green.
    "PTI": "#D7193F",
    # PML-Q: its flag is green and white; a light green tells it from the PML-N's dark green.
    "PML-Q": "#8CC63F",
    # MQM: red, white and green flag; its red (darkened to tell it from the PTI's).
    "MQM": "#8B1E2D",
    # ANP: its flag is plain red; an orange-red keeps it apart from the PTI and MQM.
    "ANP": "#E4572E",
    # Independents: grey, by convention in every country's results.
    "IND": "#A0A0A0",
    # -- United Kingdom: the parties' own colours, as the House of Commons Library's and the
    # BBC's results graphics use them (Con blue, Lab red, LD orange, SNP yellow ...).
    "CON": "#0087DC",
    "LAB": "#E4003B",
    "LD": "#FAA61A",
    "SNP": "#FDF38E",
    "UKIP": "#6D3177",
    "GREEN": "#6AB023",
    "PC": "#005B54",
    "DUP": "#D46A4C",
    "SF": "#326760",
    "SDLP": "#2AA82C",
    "UUP": "#48A5EE",
    "ALLIANCE": "#F6CB2F",
    "SPEAKER": "#CCCCCC",
}
"""Party id (upper case) -> colour. Add a country's parties here, with the source in a comment."""

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
# The scenario format's default colour: the stored scenario cannot tell it from one written,
# and kept it would paint every party that names none (all of `votebank synth`'s) one grey.
SCENARIO_DEFAULT = "#888888"


def party_colour(pid: str, scenario_colour: str | None, index: int) -> str:
    """The colour of party ``pid``: the convention's, the scenario's, else Okabe-Ito."""
    known = CONVENTION.get(str(pid).upper())
    if known:
        return known
    if scenario_colour and _HEX.match(scenario_colour) and scenario_colour != SCENARIO_DEFAULT:
        return scenario_colour
    return OKABE_ITO[index % len(OKABE_ITO)]


def party_colours(parties: list[tuple[str, str | None]]) -> list[str]:
    """Each ``(pid, scenario colour)``'s colour, as :func:`party_colour` gives it.

    A party left to Okabe-Ito takes the first of its colours unlike every colour already in
    use: a new party in Okabe orange beside the Liberal Democrats' orange reads as one party.
    """
    first = [party_colour(pid, colour, i) for i, (pid, colour) in enumerate(parties)]
    own = [c not in OKABE_ITO or c == given for c, (_, given) in zip(first, parties, strict=True)]
    taken = [c for c, fixed in zip(first, own, strict=True) if fixed]
    out = []
    for i, (c, fixed) in enumerate(zip(first, own, strict=True)):
        if not fixed:
            turn = [OKABE_ITO[(i + k) % len(OKABE_ITO)] for k in range(len(OKABE_ITO))]
            c = next((o for o in turn if all(_far(o, t) for t in taken)), c)
            taken.append(c)
        out.append(c)
    return out


def _far(a: str, b: str) -> bool:
    """Two #RRGGBB colours far enough apart in RGB to read as two parties."""
    if not (_HEX.match(a) and _HEX.match(b)):
        return a != b
    d = sum((int(a[i : i + 2], 16) - int(b[i : i + 2], 16)) ** 2 for i in (1, 3, 5))
    return d > 50**2


def text_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (WCAG relative luminance)."""
    if not _HEX.match(colour):
        return "#000000"

    def lin(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#000000" if lum > 0.179 else "#FFFFFF"
