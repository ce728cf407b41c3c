"""What a self-contained page carries inline: its assets, their CSP hashes, script-safe JSON."""

from __future__ import annotations

import base64
import hashlib
import json
from importlib.resources import files
from typing import Any

from votebank.display import clean_strings


def asset(name: str) -> str:
    """The text of one of the package's page assets (``report.css``, ``report.js``)."""
    return (files("votebank.report") / "assets" / name).read_text(encoding="utf-8")


def json_for_script(value: Any) -> str:
    r"""Serialise ``value`` as JSON that is safe inside a ``<script>`` element.

    ``<``, ``>`` and ``&`` become ``\u003c``, ``\u003e``, ``\u0026`` (no ``</script>`` or
    ``<!--`` can close or confuse the element) and U+2028/U+2029 are escaped too.
    """
    text = json.dumps(
        clean_strings(value), ensure_ascii=False, allow_nan=False, separators=(",", ":")
    )
    for ch, rep in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, rep)
    return text


def csp_hash(text: str) -> str:
    """The Content-Security-Policy source that admits exactly this inline text."""
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"
