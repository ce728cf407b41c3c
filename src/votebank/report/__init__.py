"""A self-contained HTML report of one stored ensemble (``votebank report``).

:func:`build_report` gathers the figures from the store into a small JSON-able dict;
:func:`render_html` turns it into one HTML page with inline CSS, JS and SVG charts, and
:func:`write_report` writes that page atomically.
"""

from votebank.report.build import build_report
from votebank.report.render import render_html, write_report

__all__ = ["build_report", "render_html", "write_report"]
