"""Match the same person across two elections within one seat.

Names are written differently from one election to the next: "Reed, J.R." and "Jamie Reed";
"Syed Zafar Ali Shah" and "Zafar Ali Shah"; "Muhammad" and "Mohammad". Two names in the same
seat are the same person when, after dropping titles and honorifics:

* they share at least two words and those cover all but at most one word of the shorter name;
* or one is "Surname, Initials" and the surname and first initial agree;
* or the joined letters are nearly equal (difflib ratio >= 0.85: spelling variants).

Pairs are then taken best score first, one to one. Only people within one seat are compared,
so a common surname elsewhere cannot make a false match.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

# Titles and honorifics that a source prints or leaves out at will (not part of who it is).
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "rev",
        "prof",
        "lord",
        "lady",
        "dame",
        "hon",
        "mp",
        "qc",
        "obe",
        "mbe",
        "cbe",
        "syed",
        "sayed",
        "sayyid",
        "mian",
        "malik",
        "chaudhry",
        "chaudhary",
        "ch",
        "haji",
        "hajji",
        "alhaj",
        "al",
        "hafiz",
        "maulana",
        "molana",
        "mufti",
        "qazi",
        "sardar",
        "makhdoom",
        "pir",
        "rana",
        "raja",
        "khawaja",
        "nawab",
        "sheikh",
        "shaikh",
        "begum",
        "engr",
        "mst",
        "mohtarma",
        "rtd",
        "retd",
        "col",
        "gen",
        "maj",
        "capt",
        "brig",
    ]
)


def words(name: str) -> list[str]:
    """Lower-case words of a name, titles dropped (order kept)."""
    toks = re.findall(r"[a-z]+", name.lower())
    return [t for t in toks if t not in TITLES]


def _surname_initial(name: str) -> tuple[str, str] | None:
    if "," not in name:
        w = words(name)
        return (w[-1], w[0][0]) if len(w) >= 2 else None
    sur, _, given = name.partition(",")
    s, g = words(sur), re.findall(r"[a-z]", given.lower().replace("ms", "").replace("dr", ""))
    return (s[-1], g[0]) if s and g else None


def score(a: str, b: str) -> float:
    """Similarity in [0, 1]; 0 means not the same person (see the module docstring)."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    if wa == wb:
        return 1.0
    shared = len(set(wa) & set(wb))
    short = min(len(set(wa)), len(set(wb)))
    if shared >= 2 and shared >= short - 1:
        return 0.9
    if "," in a or "," in b:
        sa, sb = _surname_initial(a), _surname_initial(b)
        if sa and sb and sa == sb:
            return 0.8
    ratio = SequenceMatcher(None, "".join(wa), "".join(wb)).ratio()
    return ratio if ratio >= 0.85 else 0.0


def match(before: list[str], after: list[str]) -> dict[int, int]:
    """One-to-one matches ``after index -> before index``, best score first."""
    pairs = sorted(
        ((score(a, b), j, i) for i, a in enumerate(before) for j, b in enumerate(after)),
        reverse=True,
    )
    out: dict[int, int] = {}
    used: set[int] = set()
    for s, j, i in pairs:
        if s <= 0:
            break
        if j not in out and i not in used:
            out[j] = i
            used.add(i)
    return out
