"""A station table's ``votes`` column (one list per station) as one flat array."""

from __future__ import annotations

import numpy as np
import pandas as pd


def flat_votes(votes: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every station's counts end to end, each station's count of entries, and its first's place.

    ``flat[starts[i] : starts[i] + lengths[i]]`` are station ``i``'s counts, in slot order.
    """
    lists = votes.to_numpy()
    lengths = np.fromiter((len(v) for v in lists), dtype=np.int64, count=len(lists))
    arrays = [np.asarray(v, dtype=np.int64) for v in lists]
    flat = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)
    return flat, lengths, np.cumsum(lengths) - lengths
