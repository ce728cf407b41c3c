"""Parties on a page: each id's display name, checked colour, CSS class and coloured tag."""

from __future__ import annotations

import re

from votebank.report.colours import OKABE_ITO
from votebank.report.formats import esc

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


class Parties:
    """Party id -> display name, colour and CSS class (colours checked before use in CSS)."""

    def __init__(self, parties: dict[str, dict[str, str]]):
        self.info = parties
        self.index = {pid: i for i, pid in enumerate(parties)}

    def colour(self, pid: str) -> str:
        """The party's colour if it is a ``#RRGGBB`` hex, else one of Okabe-Ito by position."""
        c = self.info.get(pid, {}).get("colour") or ""
        if _HEX.match(c):
            return c
        return OKABE_ITO[self.index.get(pid, len(self.index)) % len(OKABE_ITO)]

    def name(self, pid: str) -> str:
        """The party's full name (its id when it has none)."""
        return self.info.get(pid, {}).get("name") or pid

    def css(self) -> str:
        """One ``.pc-N`` background class per party, for its swatch."""
        return "".join(f".pc-{i}{{background:{self.colour(p)}}}" for p, i in self.index.items())

    def tag(self, pid: str) -> str:
        """A party id with its colour swatch and its full name as a tooltip."""
        i = self.index.get(pid)
        sw = f'<span class="sw pc-{i}" aria-hidden="true"></span>' if i is not None else ""
        return f'<span class="party" title="{esc(self.name(pid))}">{sw}{esc(pid)}</span>'
