"""Results as JSON: numpy values become Python ones, and non-finite numbers become null."""

from __future__ import annotations

import math

import numpy as np


def json_safe(value: object, digits: int | None = None, *, keep_nan: bool = False) -> object:
    """Convert numpy values to Python ones and non-finite floats to ``None``, recursively.

    Args:
        value: Nested dicts, lists, tuples, numpy arrays and scalars.
        digits: If given, each float rounded to that many significant digits: a sum's noise
            (22.910000000000004) is no part of the result. Integers and the structure are
            kept; a float of more digits than ``digits`` before the point loses the rest.
        keep_nan: Keep non-finite floats (JSON's ``NaN``, which Python reads back), for a
            file only votebank reads again, where every value must round-trip.

    Returns:
        A structure ``json.dumps`` accepts (with ``allow_nan=False`` unless ``keep_nan``).
    """
    if isinstance(value, dict):
        return {str(k): json_safe(v, digits, keep_nan=keep_nan) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v, digits, keep_nan=keep_nan) for v in value]
    if isinstance(value, np.ndarray):
        return json_safe(value.tolist(), digits, keep_nan=keep_nan)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return value if keep_nan else None
    if isinstance(value, float) and digits:
        return float(f"{value:.{digits}g}")
    return value
