"""Match the same person across two elections within one seat.

Names are written differently from one election to the next: "Reed, J.R." and "Jamie Reed";
"Syed Zafar Ali Shah" and "Zafar Ali Shah"; "Muhammad" and "Mohammad". Two names in the same
seat are the same person when, after dropping titles and honorifics:

* they share at least two words and those cover all but at most one word of the shorter name,
  and that word is the other's written another way: an initial of one of its words ("M. Ali
  Khan" and "Muhammad Ali Khan") or a spelling variant (difflib ratio >= 0.65: "Yousaf",
  "Yusuf"). Two words in common are not enough by themselves: "Muhammad Ali Khan" and
  "Muhammad Ali Shah", or "Sardar Farooq Ahmad Khan Leghari" and "Sardar Imtiaz Ahmad Khan
  Leghari", are different people;
* or one is "Surname, Initials" and the surname agrees with the other's first initial, or
  with a later initial (known by a middle name: "Howarth, J.G.D." is Gerald Howarth), the
  forename's familiar form counting for its formal initial ("Bob" for R.);
* or the joined letters are nearly equal (difflib ratio >= 0.85: spelling variants).

Words are letters of any script, accents folded ("Öztürk" is "ozturk"). Pairs are then taken
best score first, one to one. Only people within one seat are compared,
so a common surname elsewhere cannot make a false match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
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
    """Lower-case words of a name in any script, accents folded, titles dropped (order kept).

    A name is spelt with and without its accents from one file to the next ("Émile", "Emile"),
    so the marks are dropped (NFKD, then the combining characters).
    """
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)
    )
    toks = re.findall(r"[^\W\d_]+", folded.casefold())
    return [SPELLINGS.get(t, t) for t in toks if t not in TITLES]


# One name's common spellings and abbreviations, as one word (too far apart for the ratio).
SPELLINGS = dict.fromkeys(
    ("mohd", "md", "mohammad", "mohammed", "muhammed", "mohamed", "mohamad"), "muhammad"
)


# Familiar forms whose first letter differs from the formal name's ("Bob" for Robert).
FAMILIAR = {
    "bob": "r",
    "bobby": "r",
    "rob": "r",
    "dick": "r",
    "bill": "w",
    "billy": "w",
    "ted": "e",
    "ned": "e",
    "peggy": "m",
    "polly": "m",
    "hank": "h",
    "jack": "j",
}


def _surname_initials(name: str) -> tuple[str, list[str]] | None:
    """``(surname, initials in order)``; a forename's familiar form adds its formal initial."""
    if "," not in name:
        w = words(name)
        if len(w) < 2:
            return None
        first = [w[0][0], FAMILIAR[w[0]]] if w[0] in FAMILIAR else [w[0][0]]
        return w[-1], first
    sur, _, given = name.partition(",")
    s = words(sur)
    g = [t[0] for t in words(given)]
    return (s[-1], g) if s and g else None


def _initials_score(a: str, b: str) -> float:
    """Score "Surname, Initials" against a name: 0.8 on the first initial, 0.7 a later one."""
    sa, sb = _surname_initials(a), _surname_initials(b)
    if not sa or not sb or sa[0] != sb[0]:
        return 0.0
    listed, named = (sa[1], sb[1]) if "," in a else (sb[1], sa[1])
    if "," in a and "," in b:
        return 0.8 if listed[0] == named[0] else 0.0
    if listed[0] in named:
        return 0.8
    # Known by a middle name (J.G.D. Howarth is Gerald Howarth).
    return 0.7 if any(n in listed[1:] for n in named) else 0.0


def score(a: str, b: str) -> float:
    """Similarity in [0, 1]; 0 means not the same person (see the module docstring)."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    if wa == wb:
        return 1.0
    common = set(wa) & set(wb)
    short, long = sorted((set(wa), set(wb)), key=len)
    left = short - common
    if len(common) >= 2 and (not left or (len(left) == 1 and _written_otherwise(*left, long))):
        return 0.9
    if "," in a or "," in b:
        initials = _initials_score(a, b)
        if initials:
            return initials
    ratio = SequenceMatcher(None, "".join(wa), "".join(wb)).ratio()
    # Nearly equal letters, unless a word of the shorter name is nowhere in the other: the
    # long shared part of "Muhammad Ali Khan" and "Muhammad Ali Shah" is not one spelling.
    found = any(
        all(w in "".join(there) or _written_otherwise(w, there) for w in here)
        for here, there in ((wa, wb), (wb, wa))
    )
    return ratio if ratio >= 0.85 and found else 0.0


# Two spellings of one word ("Yousaf", "Yusuf": 0.73; "Babu", "Baboo": 0.67), not two names
# ("Afzal", "Ajmal": 0.6; "Shah", "Khan": 0.5): difflib's ratio.
VARIANT = 0.65


def _written_otherwise(word: str, other: Iterable[str]) -> bool:
    """Whether ``word`` is a word of ``other`` as an initial or another spelling."""
    return any(
        (len(word) == 1 and w.startswith(word))
        or (len(w) == 1 and word.startswith(w))
        or SequenceMatcher(None, word, w).ratio() >= VARIANT
        for w in other
    )


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
