"""Write TOML with tomli-w: the standard library reads TOML but does not write it.

tomli-w writes every value a scenario holds; this module adds the two things it leaves out:
a comment above a top-level table, and one value on its own (a mapping as an inline table)
for scripts that write a file line by line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import tomli_w


def toml_value(v: Any) -> str:
    """One value as TOML: a scalar, an array or (for a mapping) an inline table."""
    if isinstance(v, Mapping):
        # tomli-w writes a mapping inside an array inline, on one line: take it from there.
        text = tomli_w.dumps({"v": [v]})
        return text.split("\n")[1].strip().removesuffix(",")
    return tomli_w.dumps({"v": v}).removeprefix("v = ").rstrip("\n")


def to_toml(doc: Mapping[str, Any], comments: Mapping[str, str] | None = None) -> str:
    """Write a document as TOML, with a comment line above some top-level keys.

    Args:
        doc: The document.
        comments: A comment line written above a top-level key, by the key.

    Returns:
        TOML text.
    """
    comments = comments or {}
    # Keys that are not tables (arrays of tables included) must come before the first [table].
    values = {k: v for k, v in doc.items() if not isinstance(v, Mapping)}
    parts = []
    if values:
        notes = "".join(f"# {comments[k]}\n" for k in values if k in comments)
        parts.append(notes + tomli_w.dumps(values))
    for key, value in doc.items():
        if key not in values:
            note = f"# {comments[key]}\n" if key in comments else ""
            parts.append(note + tomli_w.dumps({key: value}))
    return "\n".join(p.rstrip("\n") + "\n" for p in parts)
