"""The tables `votebank forensics` and `forensics-run` print: the tests, and the regions ranked.

Both fit an 80-column terminal without cutting a word. Where the terminal is too narrow for
a column of readings beside the numbers (under :data:`WIDE` columns), each test's reading is
printed under the table instead: squeezed into the table, a reading lost words to an
ellipsis ("4.1 expected…"). The region table then gives its intervals on a line of their own
and leaves out the rank, which is the row's place in the table.
"""

from __future__ import annotations

import math

from rich.console import Console, Group
from rich.text import Text

from votebank.display import DataTable as Table
from votebank.display import plural
from votebank.forensics.integers import p_text
from votebank.forensics.regional import flag_names
from votebank.forensics.report import Flag, ForensicsReport

WIDE = 120
"""Terminal columns from which the readings stand in the table (about 40 columns of them)."""


def _num(x: float | None, fmt: str = ".3g") -> str:
    if x is None or not math.isfinite(x):
        return "-"
    return format(x, fmt)


def _p(p: float) -> str:
    return p_text(p) if math.isfinite(p) else "-"


MAX_REGION_ROWS = 40
"""Regions the terminal's table shows, the most suspicious; the JSON holds every one (a file's
territorial commissions, 2,700 of them, were a table of 2,700 rows)."""


def _wide(width: int | None) -> bool:
    return (width if width is not None else Console().width) >= WIDE


def flags_table(flags: tuple[Flag, ...], source: str, n: int, *, width: int | None = None):
    """The tests' table; under :data:`WIDE` columns, the readings follow it as paragraphs."""
    wide = _wide(width)
    table = Table(title=f"Forensics: {source} ({plural(n, 'station')})", show_lines=True)
    table.add_column("Test", max_width=20, overflow="fold")
    table.add_column("Statistic", justify="right", no_wrap=True)
    table.add_column("p / interval", justify="right", no_wrap=True)
    table.add_column("Holm p", justify="right", no_wrap=True)
    table.add_column("Flag", justify="center", no_wrap=True)
    if wide:
        table.add_column("Reading", ratio=1)
    for f in flags:
        evidence = "-" if f.p_value is None else _p(f.p_value)
        if f.interval is not None:
            shown = f"[{_num(f.interval[0])}, {_num(f.interval[1])}]"
            joint = " " if wide else "\n"
            evidence = shown if f.p_value is None else f"{shown}{joint}p={evidence}"
        if f.flagged:
            mark = Text("YES" if f.counted else "weak", style="bold red")
        else:
            mark = Text("no", style="green")
        holm = "-" if f.p_adjusted is None else _p(f.p_adjusted)
        table.add_row(f.test, _num(f.statistic), evidence, holm, mark, *([f.reading] * wide))
    if wide:
        return table
    readings = [Text.assemble((f"{f.test}: ", "bold"), f.reading) for f in flags]
    return Group(table, *readings)


def region_table(report: ForensicsReport, column: str, *, width: int | None = None) -> Table:
    """Every region's counted tests, most suspicious first."""
    wide = _wide(width)
    table = Table(title=f"By {column}, most suspicious first", show_lines=False)
    if wide:
        table.add_column("Rank", justify="right")
    table.add_column(column, overflow="fold")
    table.add_column("Stations", justify="right", no_wrap=True)
    for share in ("f_i", "f_e"):
        table.add_column(
            f"{share} [interval]" if wide else f"{share}\ninterval", justify="right", no_wrap=True
        )
    table.add_column("Integer p" if wide else "Integer\np", justify="right", no_wrap=True)
    table.add_column("100% p", justify="right", no_wrap=True)
    table.add_column("Flags", justify="left", overflow="fold")
    shown = report.regions[:MAX_REGION_ROWS]
    # "100% p 0.0357" beside "none" read as a flag missed: the p's are raw, the flags Holm's.
    table.caption = (
        "p: each test's own; Flags: after Holm's adjustment over the region's counted tests."
    )
    if len(report.regions) > len(shown):
        more = len(report.regions) - len(shown)
        table.caption += (
            f" {plural(more, 'less suspicious region')} not shown: all are in forensics.json."
        )
    for r in shown:
        k = r.report.klimek
        hits = flag_names(r.report)
        table.add_row(
            *([str(r.rank)] * wide),
            r.region,
            f"{r.report.n_stations:,}",
            _with_interval(k.f_i, k.f_i_interval, ".2f", wide),
            _with_interval(k.f_e, k.f_e_interval, ".3f", wide),
            # As the main table: "-" for a test not run, the same digits.
            *("-" if f.p_value is None else _p(f.p_value) for f in r.report.flags[2:4]),
            Text(", ".join(hits) or "none", style="bold red" if hits else "green"),
        )
    return table


def _with_interval(x: float, interval: tuple[float, float], fmt: str, wide: bool) -> str:
    """``0.54 [0.00, 0.60]`` (narrow: the interval on a line of its own); ``-`` if not fitted."""
    if x is None or not math.isfinite(x):
        return "-"
    if not any(math.isfinite(v) for v in interval):  # fitted without a bootstrap
        return _num(x, fmt)
    low, high = (_num(v, fmt) for v in interval)
    return f"{_num(x, fmt)} [{low}, {high}]" if wide else f"{_num(x, fmt)}\n{low}–{high}"


def caveats(report: ForensicsReport) -> Text | None:
    """The caveat of each test that flags, once each; None where none flags.

    The readings say "see the caveat" and the headline "read each caveat"; the caveats were
    only in forensics.json, so the terminal sent its reader to text it never showed.
    """
    sources = [report.klimek, report.klimek, report.integers, report.shape]
    sources += [*report.last_digit, *report.second_digit]  # the order of report.flags
    said: dict[str, list[str]] = {}
    for flag, source in zip(report.flags, sources, strict=True):
        if flag.flagged:
            said.setdefault(source.caveat, []).append(flag.test)
    if not said:
        return None
    lines = [Text("Caveats of the tests that flag:", style="bold")]
    lines += [
        Text.assemble(("- " + "; ".join(tests) + ": ", "bold"), c) for c, tests in said.items()
    ]
    return Text("\n").join(lines)
