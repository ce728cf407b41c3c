"""Party codes of a user's file that are the layout's harmonised codes in another case.

``con`` is not ``Con``: a main party's code typed so would fold its candidate into ``OTH``
without a word, so it is refused, naming the row and the layout's code.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.errors import Problem


def miscased(
    frame: pd.DataFrame, path: Path, lines: np.ndarray, codes: Iterable[str]
) -> list[Problem]:
    """Rows whose ``party`` is one of ``codes`` but for case and spacing (the first five)."""
    exact = set(codes)
    folded = {c.lower(): c for c in exact}
    party = frame["party"].astype(str)
    like = party.str.lower().str.replace(" ", "").map(folded)
    bad = (like.notna() & ~party.isin(exact)).to_numpy()
    return [
        Problem(
            str(path),
            f"row {line}, column party",
            given,
            f"the layout's code is {code} (codes are case-sensitive: this candidate would be "
            "counted with the others)",
        )
        for line, given, code in zip(lines[bad][:5], party[bad][:5], like[bad][:5], strict=True)
    ]


def misnamed(
    frame: pd.DataFrame, path: Path, lines: np.ndarray, codes: Iterable[str]
) -> list[Problem]:
    """Rows of a code not in ``codes`` named as one of them is in the same election.

    ``Lbr`` named ``Labour`` where Labour's rows are ``Lab``: a mistyped code, whose candidate
    would be folded into ``OTH`` (second in its seat, and Labour absent there) without a word.
    A code renamed between elections (``LD`` at one, ``LibDem`` at the next) is no typo: the
    renamed-party note tells of it.
    """
    if "party_name" not in frame.columns:
        return []
    exact = set(codes)
    party = frame["party"].astype(str)
    day = frame["election_date"].astype(str) if "election_date" in frame.columns else ""
    name = (
        day
        + "\n"
        + frame["party_name"].map(
            lambda v: " ".join(str(v).split()).casefold() if pd.notna(v) else ""
        )
    )
    main = party.isin(exact).to_numpy()
    owners: dict[str, set[str]] = {}
    for n, p in zip(name[main], party[main], strict=True):
        if not n.endswith("\n"):  # a blank party_name names no one
            owners.setdefault(n, set()).add(p)
    owner = name.map(lambda n: " or ".join(sorted(owners.get(n, ()))))
    bad = (~main & owner.ne("")).to_numpy()
    return [
        Problem(
            str(path),
            f"row {line}, column party",
            given,
            f"its party_name {written!r} is {code}'s on other rows of that election: write "
            f"{code} (codes are matched exactly: this candidate would be counted with the others)",
        )
        for line, given, written, code in zip(
            lines[bad][:5],
            party[bad][:5],
            frame["party_name"][bad][:5],
            owner[bad][:5],
            strict=True,
        )
    ]
