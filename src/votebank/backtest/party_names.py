"""One label that names other parties in the base and the target, said (the rules applied).

A label's votes are carried from the base to the target as one party's. Where the files name
the parties behind a label (a ``party_name`` column) and no name of one election is a name of
the other, the label joins two parties: the shipped UK rows label the SDP-Liberal Alliance
of 1983 and 1987 LD, the code of the Liberal Democrats it merged into in 1988. The backtest
reads it as the file does; this note lets a reader see it.
"""

from __future__ import annotations

import re
from collections import defaultdict

from votebank.elections.read import Election


def named_otherwise(base: Election, target: Election) -> list[str]:
    """Each label standing in both whose names in the two elections share none, in words."""
    b, t = _names(base), _names(target)
    return [
        f"{label}: {' / '.join(sorted(b[label]))} in {base.date}, "
        f"{' / '.join(sorted(t[label]))} in {target.date} (one label: its vote carried)"
        for label in sorted(set(b) & set(t))
        if not any(_alike(x, y) for x in b[label] for y in t[label])
    ]


FILLER = {"party", "and", "the", "of"}  # English words of any party's name


def _words(name: str) -> list[str]:
    text = re.sub(r"['\u2019]", "", name.lower())
    return [w for w in re.findall(r"[^\W\d_]+", text) if w not in FILLER]


def _alike(a: str, b: str) -> bool:
    """One name written two ways (the module docstring).

    A name with no word ("-", "Party 1") says nothing of the party: never two parties by it.
    """
    wa, wb = _words(a), _words(b)
    return not (wa and wb) or _within(wa, wb) or _within(wb, wa)


def _within(these: list[str], those: list[str]) -> bool:
    """Every word of ``these`` is in ``those``, or the initials of words next to each other."""
    initials = {
        "".join(w[0] for w in those[i : i + n])
        for n in range(2, len(those) + 1)
        for i in range(len(those) - n + 1)
    }
    return all(w in those or w in initials for w in these)


def _names(election: Election) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for label, name in election.party_names:
        out[label].add(name)
    return out
