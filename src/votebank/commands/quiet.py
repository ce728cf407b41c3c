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
    # A scheduler lost under an ensemble logged 30 lines of its reconnect traceback as an
    # error, above votebank's own line saying which runs are stored and how to go on. A
    # filter, not a level: importing distributed sets its loggers' levels again.
    client = logging.getLogger("distributed.client")
    if _below_critical not in client.filters:
        client.addFilter(_below_critical)


def _below_critical(record: logging.LogRecord) -> bool:
    """Let only critical records through (votebank reports a lost cluster itself)."""
    return record.levelno >= logging.CRITICAL
