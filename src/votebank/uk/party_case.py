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
