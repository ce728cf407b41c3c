"""Fingerprint heatmaps (PNG and SVG) and atomic writing of the report files.

Matplotlib is used through ``Figure`` objects only (no pyplot), so no global backend or state
is touched; files are rendered with the Agg-based writers.
"""

from __future__ import annotations

import io
import json
import os
import textwrap
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from votebank import outputs
from votebank.display import plural
from votebank.errors import InputError, Problem
from votebank.forensics.checks import results_problems
from votebank.forensics.fingerprint import MAX_MISFIT
from votebank.forensics.regional import flag_names
from votebank.forensics.report import ForensicsReport
from votebank.forensics.stations import StationResults
from votebank.jsonable import json_safe

if TYPE_CHECKING:
    from matplotlib.figure import Figure

CMAP = "viridis"
REGION_PANELS = 12
TITLE_WIDTH = 32  # characters a line of a region panel's title (3.2 in wide)
MODEL_FLOOR = 0.1  # expected stations per cell below which the fitted model's cell is blank
# The cells span -0.5% to 100.5% (centred on whole percents). Limits half a cell wider draw
# the 0% and 100% cells whole inside the frame: at the cells' own edges the 100%/100% corner
# lay under the frame's line.
EXTENT = (-0.5, 100.5, -0.5, 100.5)
LIMITS = (-1.0, 101.0)
_RC = {
    "font.size": 10,
    "axes.titlesize": 10,
    "axes.labelsize": 10,
    "svg.hashsalt": "votebank-forensics",
}


def fingerprint_figure(report: ForensicsReport, results: StationResults | None = None) -> Figure:
    """Draw the observed fingerprint next to the fitted Klimek model's.

    Both panels share a logarithmic colour scale (stations per 1% × 1% cell); empty cells are
    white.

    Args:
        report: The analysis report.
        results: The analysed results (used for the title; optional).

    Returns:
        A matplotlib figure.
    """
    # Matplotlib is imported here, not at module level, to keep `votebank` quick to start.
    import matplotlib as mpl
    from matplotlib.colors import LogNorm
    from matplotlib.figure import Figure

    fp, fit = report.fingerprint, report.klimek
    observed = fp.counts.astype(float)
    panels = [("Observed", observed)]
    if fit.model_counts is not None:
        # With its interval: "f_i = 22%" alone read as a finding where the test said chance.
        fi, fe = (_share(v, iv, d) for v, iv, d in ((fit.f_i, fit.f_i_interval, 0),
                                                   (fit.f_e, fit.f_e_interval, 1)))  # fmt: skip
        title = f"Fitted fraud model: f_i = {fi}, f_e = {fe}"
        if fit.misfit > MAX_MISFIT:  # the reading's guard: the plot alone read as f_i found
            title += f"\nmisfit {fit.misfit:.1f}: f_i not identified (see the reading)"
        panels.append((title, fit.model_counts))
    # The model's counts are expected stations, fractions of one in most cells of a small
    # election: a scale from one station left its panel blank.
    vmin = MODEL_FLOOR if len(panels) > 1 else 1.0
    vmax = max(1.0, float(max(p.max() for _, p in panels)))
    norm = LogNorm(vmin=vmin, vmax=vmax) if vmax > vmin else None
    cmap = mpl.colormaps[CMAP].with_extremes(bad="white", under="white")
    with mpl.rc_context(_RC):
        fig = Figure(figsize=(5.2 * len(panels) + 1.0, 5.0), layout="constrained")
        axes = fig.subplots(1, len(panels), squeeze=False)[0]
        image = None
        for ax, (title, counts) in zip(axes, panels, strict=True):
            # Rows of counts are turnout: put on x. Observed counts are whole stations.
            shown = np.ma.masked_less(counts.T, vmin if counts is not observed else 0.5)
            image = ax.imshow(
                shown,
                origin="lower",
                extent=EXTENT,
                cmap=cmap,
                norm=norm,
                interpolation="nearest",
                aspect="equal",
            )
            ax.set(xlim=LIMITS, ylim=LIMITS)
            ax.set_title(title, parse_math=False)
            ax.set_xlabel("Turnout (%)")
            ax.set_ylabel("Leader's share of valid votes (%)")
            ax.set_xticks(range(0, 101, 20))
            ax.set_yticks(range(0, 101, 20))
            ax.grid(color="0.85", linewidth=0.5)
            ax.set_axisbelow(True)
        cbar = fig.colorbar(image, ax=list(axes), shrink=0.85)
        cbar.set_label("Polling stations per 1% × 1% cell")
        _plain_ticks(cbar)
        source = (results.source if results is not None else report.source) or "results"
        # Names come from the user: "$x$" in one is a name, not a formula.
        fig.suptitle(
            f"Election fingerprint: {source} ({plural(fp.n_stations, 'station')})",
            parse_math=False,
        )
    return fig


def _share(value: float, interval: tuple[float, float], digits: int) -> str:
    """``22% [0–22%]``: a fitted share with its bootstrap interval, where it has one."""
    text = f"{100 * value:.{digits}f}%"
    if not (bool(np.all(np.isfinite(interval))) and len(interval) == 2):
        return text
    return text + f" [{100 * interval[0]:.{digits}f}–{100 * interval[1]:.{digits}f}%]"


def regions_figure(report: ForensicsReport, top: int = REGION_PANELS) -> Figure:
    """Observed fingerprints of the most suspicious regions, in rank order.

    Args:
        report: The analysis report (with regions).
        top: Number of regions drawn.

    Returns:
        A matplotlib figure.
    """
    import matplotlib as mpl
    from matplotlib.colors import LogNorm
    from matplotlib.figure import Figure

    shown = report.regions[:top]
    cols = min(4, max(len(shown), 1))
    rows = max(1, -(-len(shown) // cols))
    vmax = max([1.0] + [float(r.report.fingerprint.counts.max()) for r in shown])
    norm = LogNorm(vmin=1.0, vmax=vmax) if vmax > 1 else None
    cmap = mpl.colormaps[CMAP].with_extremes(bad="white", under="white")
    with mpl.rc_context(_RC):
        fig = Figure(figsize=(3.2 * cols + 1.0, 3.3 * rows + 0.6), layout="constrained")
        axes = fig.subplots(rows, cols, squeeze=False).ravel()
        image = None
        for ax, r in zip(axes, shown, strict=False):
            counts = r.report.fingerprint.counts.astype(float)
            image = ax.imshow(
                np.ma.masked_less(counts.T, 0.5),
                origin="lower",
                extent=EXTENT,
                cmap=cmap,
                norm=norm,
                interpolation="nearest",
            )
            ax.set(xlim=LIMITS, ylim=LIMITS)
            hits = flag_names(r.report)
            # On one line, a panel's title ran into the next one's ("integer %2. Богородская").
            name = textwrap.fill(f"{r.rank}. {r.region} ({r.report.n_stations:,})", TITLE_WIDTH)
            ax.set_title(f"{name}\n{', '.join(hits) or 'no flag'}", parse_math=False)
            ax.set_xlabel("Turnout (%)")
            ax.set_ylabel("Leader's share (%)")
        for ax in axes[len(shown) :]:
            ax.set_axis_off()
        if image is not None:
            cbar = fig.colorbar(image, ax=list(axes), shrink=0.8)
            cbar.set_label("Stations per cell")
            _plain_ticks(cbar)
        fig.suptitle(f"Regions ranked by flags: {report.source}", parse_math=False)
    return fig


def _plain_ticks(cbar: object) -> None:
    """A log colour bar's ticks as plain numbers: 0.1, 1, 6, not 10⁻¹, 10⁰, 6 × 10⁰."""
    from matplotlib.ticker import LogFormatter

    class Plain(LogFormatter):  # which ticks get a label: matplotlib's choice; the label: "6"
        def _num_to_string(self, x: float, vmin: float, vmax: float) -> str:
            return f"{x:g}"

    if type(cbar.norm).__name__ != "LogNorm":
        return  # one value throughout: no log scale, plain ticks already
    cbar.ax.yaxis.set_major_formatter(Plain(labelOnlyBase=False))
    cbar.ax.yaxis.set_minor_formatter(Plain(labelOnlyBase=False, minor_thresholds=(2, 1)))


FILES = ("forensics.json", "fingerprint.png", "fingerprint.svg", "regions.png")
_FLAGGED = "flagged_stations.csv"


def output_problems(
    outdir: Path,
    flagged_path: Path | None = None,
    inputs: tuple[Path, ...] = (),
    option: str = "--out",
    files: tuple[str, ...] | None = None,
) -> list[Problem]:
    """What stops :func:`write_outputs` from writing, found before any analysis is run.

    Besides what :func:`votebank.outputs.output_problems` finds (a folder that is a file, a
    file that is a folder, a folder that cannot be written or made, a name too long), a
    report file that is a folder; and no output may be an input (the flagged stations written
    over the results they came from would lose the data). ``files`` are the names written in
    ``outdir`` (default: :func:`write_outputs`'s).
    """
    problems = outputs.output_problems({option: outdir}, {"--flagged-stations": flagged_path})
    if files is None:
        files = FILES if flagged_path is not None else (*FILES, _FLAGGED)
    if not any(p.file == option for p in problems):  # else its files cannot be looked at
        problems += [
            Problem(option, "", str(outdir / name), "is a folder, where a file of the report goes")
            for name in files
            if (outdir / name).is_dir()
        ]
    flagged = flagged_path if flagged_path is not None else outdir / _FLAGGED
    if any(flagged.resolve() == i.resolve() for i in inputs):
        problems.append(
            Problem(
                "--flagged-stations" if flagged_path is not None else option,
                "",
                str(flagged),
                "is the input file; writing there would overwrite the results",
            )
        )
    if flagged_path is not None and not any(p.file == "--flagged-stations" for p in problems):
        # Written first, it would be replaced by the report's file (or, regions.png without
        # regions, deleted), or fail on the folder just made.
        clash = {outdir.resolve(): "is the output folder"}
        clash |= {(outdir / n).resolve(): "is where a file of the report goes" for n in FILES}
        if why := clash.get(flagged_path.resolve()):
            problems.append(Problem("--flagged-stations", "", str(flagged_path), why))
    return problems


def write_outputs(
    report: ForensicsReport,
    results: StationResults,
    outdir: str | os.PathLike[str],
    *,
    flagged_path: str | os.PathLike[str] | None = None,
    extra: Mapping[str, object] | None = None,
) -> dict[str, Path]:
    """Write the report, the plots and the flagged stations into ``outdir``.

    Files: ``forensics.json``, ``fingerprint.png``/``.svg``, ``regions.png`` (with regions)
    and the CSV of the stations behind each flag (``flagged_stations.csv`` unless
    ``flagged_path`` says otherwise). Every file is written under a temporary name and all
    are renamed only once all are whole, so a reader never sees a half-written file nor this
    report's files beside an earlier one's.

    Args:
        report: The analysis report.
        results: The analysed results.
        outdir: Output folder (created if missing).
        flagged_path: Where to write the flagged stations.
        extra: Fields added to ``forensics.json`` (``forensics-run``'s simulated truth).

    Returns:
        The paths written, by kind (``json``, ``png``, ``svg``, ``flagged``, ``regions``).

    Raises:
        InputError: A report or results of another kind, results other than those the report
            was made from, or where :func:`output_problems` finds that a file cannot be
            written; nothing is written then.
    """
    from votebank.forensics.flagged import flagged_stations, for_spreadsheet

    problems = report_problems(report, results)
    problems += [  # else a bare TypeError from pathlib
        Problem(name, "", repr(value)[:80], "give a path")
        # No flagged_path (None) is no problem: the file is then not written.
        for name, value in (("outdir", outdir), ("flagged_path", flagged_path or "unset"))
        if not isinstance(value, str | os.PathLike)
    ]
    if problems:
        raise InputError(problems)  # before the folder is made
    out = Path(outdir)
    flagged = Path(flagged_path) if flagged_path else None
    if problems := output_problems(out, flagged, option="outdir"):
        raise InputError(problems)  # as the command line checks before it analyses
    body = report.to_dict()
    if results.columns:  # what was read, beside the file's name
        body = {"format_version": None, "source": None, "columns": results.columns, **body}
    whole = {**json_safe(body), **json_safe(dict(extra or {}))}
    text = json.dumps(whole, indent=2, ensure_ascii=False, allow_nan=False)
    paths = {
        "json": out / "forensics.json",
        "png": out / "fingerprint.png",
        "svg": out / "fingerprint.svg",
        "flagged": Path(flagged_path) if flagged_path else out / "flagged_stations.csv",
    }
    table = for_spreadsheet(flagged_stations(results, report))
    files: dict[Path, str | bytes] = {
        paths["flagged"]: table.to_csv(index=False),
        paths["json"]: text + "\n",
    }
    import matplotlib as mpl

    fig = fingerprint_figure(report, results)
    with mpl.rc_context(_RC):
        files[paths["png"]] = figure_bytes(fig, dpi=150, metadata={"Software": None})
        fig.set_layout_engine("none")  # keep the layout just computed: no second solve
        files[paths["svg"]] = figure_bytes(fig, format="svg", metadata={"Date": None})
        if report.regions:
            paths["regions"] = out / "regions.png"
            rfig = regions_figure(report)
            files[paths["regions"]] = figure_bytes(rfig, dpi=150, metadata={"Software": None})
    write_files(files)
    if not report.regions:
        # An earlier run's, with regions: beside this report it would read as this one's.
        (out / "regions.png").unlink(missing_ok=True)
    return paths


def figure_bytes(fig: Figure, format: str = "png", **options: object) -> bytes:
    """``fig`` rendered as a file's bytes, so it can be written with the others at once."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # A region or file name in a script the font lacks (CJK, emoji) is drawn as boxes;
        # a warning per glyph on the console says nothing the figure does not show.
        warnings.filterwarnings("ignore", "Glyph .* missing from", UserWarning)
        fig.savefig(buffer, format=format, **options)
    return buffer.getvalue()


def write_files(files: Mapping[Path, str | bytes]) -> None:
    """Write ``files``, each folder's all whole before any earlier one there is replaced."""
    folders: dict[Path, dict[str, str | bytes]] = {}
    for path, data in files.items():
        # Resolved: a --flagged-stations path spelt another way may name the report's folder.
        folders.setdefault(path.parent.resolve(), {})[path.name] = data
    for folder, texts in folders.items():
        outputs.write_texts(texts, folder)


def report_problems(report: object, results: object) -> list[Problem]:
    """What stops ``report`` being written beside ``results``.

    Either of another kind, or results other than those the report was made from (its plots
    and flagged stations would show stations it did not test).
    """
    problems = results_problems(results)
    if not isinstance(report, ForensicsReport):
        why = "give the ForensicsReport that votebank.forensics.analyze returned"
        return [Problem("report", "", repr(report)[:80], why), *problems]
    if problems:
        return problems
    assert isinstance(results, StationResults)
    found = {"registered": results.registered, "ballots": results.ballots}
    found |= {"valid": results.valid, "leader_votes": results.leader_votes}
    totals = {name: int(np.sum(values)) for name, values in found.items()}
    if results.n_stations == report.n_stations and totals == report.totals:
        return []
    said = f"{plural(results.n_stations, 'station')}, totals {totals}"
    why = (
        "not the results this report was made from "
        f"({plural(report.n_stations, 'station')}, totals {report.totals}): give the results "
        "analyze was given"
    )
    return [Problem("results", "", said, why)]
