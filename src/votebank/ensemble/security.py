"""What a Dask scheduler address may be, and the TLS settings to reach one.

A scheduler runs whatever it is sent and workers return pickled results that votebank
deserialises: whoever controls the address can run code on this machine (README, "Running on
a cluster"). Plain ``tcp://`` trusts the network; ``tls://`` with a CA and a client
certificate proves both ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from votebank.errors import InputError, Problem
from votebank.scenario.files import file_problem

SCHEMES = ("tcp", "tls")
FORM = "use tcp://HOST:PORT or tls://HOST:PORT"
CONNECT_TIMEOUT = "10s"
"""How long to try a scheduler before giving up (Dask's default waits 30 s)."""


@dataclass(frozen=True)
class TlsFiles:
    """PEM files for a ``tls://`` scheduler: the CA that signed it, this client's cert and key."""

    ca_file: Path
    cert: Path
    key: Path | None = None

    def security(self):
        """Dask's security settings, encryption required."""
        from distributed.security import Security

        return Security(
            tls_ca_file=str(self.ca_file),
            tls_client_cert=str(self.cert),
            tls_client_key=str(self.key) if self.key else None,
            require_encryption=True,
        )


def reach(address: str, seconds: float = 3.0, shown: str = "--scheduler") -> None:
    """Raise InputError unless a TCP connection to the address opens within ``seconds``.

    Dask retries a refused connection until its timeout; this says at once that nobody listens.
    ``shown`` names the address (an option, or a Python argument).
    """
    import socket

    from distributed.comm.addressing import parse_host_port

    rest = address.split("://", 1)[-1]
    try:
        host, port = parse_host_port(rest)
        socket.create_connection((host, port), timeout=seconds).close()
    except (OSError, ValueError, TypeError) as exc:
        why = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise InputError([Problem(shown, "", address, f"cannot connect: {why}")]) from None


def check_scheduler(address: str, tls: TlsFiles | None, shown: str = "--scheduler") -> None:
    """Raise InputError unless the address is ``tcp://`` or ``tls://`` and TLS files are sane."""
    problems = scheduler_problems(address, tls, shown)
    if problems:
        raise InputError(problems)


def scheduler_problems(
    address: object, tls: TlsFiles | None, shown: str = "--scheduler"
) -> list[Problem]:
    """Every problem of a scheduler's address (named ``shown``) and the TLS files given."""
    if not isinstance(address, str):
        return [Problem(shown, "", repr(address)[:80], FORM)]
    scheme = address.split("://", 1)[0] if "://" in address else "tcp"
    rest = address.split("://", 1)[-1]
    problems = []
    if scheme not in SCHEMES or not rest:
        problems.append(Problem(shown, "", address, FORM))
    elif (tail := _port_text(rest)) and not tail.isdigit():
        # Else "cannot connect: invalid literal for int() with base 10: '8786/'".
        why = f"the port, {tail}, is not a number: {FORM}, nothing after the port"
        problems.append(Problem(shown, "", address, why))
    elif (port := _port(rest)) is not None and not 1 <= port <= 65_535:
        # Else "cannot connect: Connection refused", as if nobody listened there.
        problems.append(Problem(shown, "", address, f"port {port} is not between 1 and 65535"))
    if tls is None and scheme == "tls" and not _tls_configured():
        # Dask would fail only on connecting: "TLS expects a `ssl_context` argument".
        why = (
            "a tls:// scheduler needs its CA and a client certificate, which `votebank run` "
            "takes (--tls-ca-file, --tls-cert); elsewhere reach the scheduler by tcp://"
        )
        problems.append(Problem(shown, "", address, why))
    if tls is not None:
        if scheme != "tls":
            problems.append(
                Problem(shown, "", address, "TLS files were given: use a tls:// address")
            )
        for option, path in (("--tls-ca-file", tls.ca_file), ("--tls-cert", tls.cert)):
            found = file_problem(path, option, "", str(path))
            if found is None and not path.exists():
                found = Problem(option, "", str(path), "no such file")
            if found:
                problems.append(found)
    return problems


def _port(host_port: str) -> int | None:
    """The port of ``HOST:PORT`` (``[::1]:PORT`` too), or None when it gives none as digits."""
    tail = _port_text(host_port)
    return int(tail) if tail.isdigit() else None


def _port_text(host_port: str) -> str:
    """What follows the host's last colon (``[::1]:PORT`` too); "" when there is none."""
    return host_port.rsplit(":", 1)[-1] if ":" in host_port.rsplit("]", 1)[-1] else ""


def _tls_configured() -> bool:
    """Whether Dask's own configuration gives a CA file (Dask's TLS without votebank's options)."""
    import dask.config

    return bool(dask.config.get("distributed.comm.tls.ca-file", None))
