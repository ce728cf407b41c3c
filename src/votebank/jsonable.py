"""Results as JSON: numpy values become Python ones, and non-finite numbers become null."""

from __future__ import annotations

import math

import numpy as np


def json_safe(value: object) -> object:
    """Convert numpy values to Python ones and non-finite floats to ``None``, recursively.

    Args:
        value: Nested dicts, lists, tuples, numpy arrays and scalars.

    Returns:
        A structure ``json.dumps`` accepts with ``allow_nan=False``.
    """
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, np.ndarray):
        return json_safe(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
