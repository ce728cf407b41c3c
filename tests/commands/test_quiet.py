"""Third-party logs kept off the terminal."""

from __future__ import annotations

import logging

from votebank.commands.quiet import quiet_third_party


def test_a_lost_scheduler_s_reconnect_traceback_is_not_printed():
    # Killing the scheduler under `votebank run --scheduler` printed distributed.client's
    # "_reconnect" traceback (logged as an error) above votebank's own message.
    quiet_third_party()
    import distributed  # noqa: F401 - importing it sets its loggers' levels again

    client = logging.getLogger("distributed.client")
    record = client.makeRecord("distributed.client", logging.ERROR, "", 0, "lost", (), None)
    assert not client.filter(record)
    worker = logging.getLogger("distributed.worker")
    assert worker.filter(
        worker.makeRecord("distributed.worker", logging.ERROR, "", 0, "x", (), None)
    )
