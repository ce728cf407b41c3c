"""Keep third-party warnings and logs off the terminal; votebank's own warnings still show.

Dask, distributed, Numba and pandas warn about things a user of votebank cannot act on (a
dashboard port in use, a large graph, a deprecation inside a dependency). Errors still show.
"""

from __future__ import annotations

import logging
import warnings

NOISY_LOGGERS = ("distributed", "dask", "bokeh", "tornado", "numba", "optuna", "asyncio")


def quiet_third_party() -> None:
    """Ignore warnings raised outside votebank and lower third-party loggers to errors."""
    warnings.filterwarnings("ignore")
    # Filters added later are checked first: votebank's own warnings still reach the user.
    warnings.filterwarnings("default", module=r"votebank(\.|$)")
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
