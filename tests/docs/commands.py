"""The `votebank ...` commands that README.md and docs/*.md show, read from their code blocks."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)\s*$")
SHELL = {"", "bash", "sh", "console", "shell"}


def commands(path: Path) -> list[str]:
    """Each documented command, as its words joined by single spaces, in the order shown."""
    found, block, lang = [], None, ""
    for line in path.read_text(encoding="utf-8").splitlines():
        fence = FENCE.match(line)
        if fence:
            if block is None:
                block, lang = [], fence.group(1)
            else:
                if lang in SHELL:
                    found += _from_block(block)
                block = None
            continue
        if block is not None:
            block.append(line)
    return found


def _from_block(lines: list[str]) -> list[str]:
    text = "\n".join(lines)
    if "<<" in text:  # a here-document holds file contents, not commands
        return []
    text = text.replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip().removeprefix("$ ")
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            continue
        group: list[str] = []
        for word in [*words, "&&"]:
            if word != "&&":
                group.append(word)
                continue
            if group[:1] == ["votebank"]:
                out.append(shlex.join(group))
            group = []
    return out
