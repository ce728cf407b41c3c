"""``votebank backtest BASE TARGET``: one table of every method on the same information."""

from __future__ import annotations

import html
import json
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from votebank.backtest.between import between_text
from votebank.backtest.legend import MEASURES, NOTE
from votebank.display import DataTable as Table
from votebank.display import listed, natural_key, plural, safe
from votebank.errors import InputError, Problem
from votebank.jsonable import json_safe
from votebank.outputs import check_outputs, write_texts
from votebank.terminal import Column, fitted_table

# Heading, field, format and priority (at a narrow width the highest goes first: the issue's
# targets stay, then the log score, then the seat-total coverage).
COLUMNS = (
    ("winners wrong", "winners_wrong", "{:d}", 0),
    ("seats wrong", "seats_wrong", "{:.1f}", 0),
    ("Brier", "brier", "{:.3f}", 0),
    ("expected Brier", "brier_expected", "{:.3f}", 0),
    ("log score", "log_score", "{:.3f}", 2),
    ("seats in 50%", "seat_cover50", "{:.0%}", 3),
    ("seats in 90%", "seat_cover90", "{:.0%}", 3),
    ("top 3 in 90%", "top3_inside90", "{}", 1),
    ("shares in 50%", "share_cover50", "{:.0%}", 1),
    ("shares in 90%", "share_cover90", "{:.0%}", 1),
)

SHOWN = 40  # seat ids listed in the rules applied (of the seats in one election only)
LISTED = 8  # folded new parties listed there (display.listed's default)
JSON_DIGITS = 6  # significant digits of a float in backtest.json: no 22.910000000000004

PAGE_CSS = (
    "body{font-family:system-ui,sans-serif;margin:2rem;color:#222}"
    "table{border-collapse:collapse}th,td{padding:.25rem .6rem;border-bottom:1px solid #ddd}"
    "td:not(:first-child){text-align:right}.notes td{text-align:left}"
    ".backtest td:not(:first-child){white-space:nowrap}.scroll{overflow-x:auto}"
    ".legend{color:#555;max-width:60rem}.legend li{margin:.2rem 0}"
    "@media (max-width:600px){body{margin:.6rem}}"
)
# A phone drew the page 980 px wide and shrank it, or (told its width) scrolled the whole page.
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def cell(value, fmt: str) -> str:
    """A measure as text ('-' where the method has none: point forecasts)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return fmt.format(value)


def rich_table(result: dict) -> Table:
    """The result as one rich table (methods as rows)."""
    methods = result["methods"]
    columns = [
        Column("method", list(methods), right=False),
        *(
            Column(head, [cell(m.get(key), fmt) for m in methods.values()], priority=rank)
            for head, key, fmt, rank in COLUMNS
        ),
    ]
    return fitted_table(heading(result), columns, caption=caption(result["votebank_parameters"]))


def caption(p: dict) -> str:
    """The parameters of votebank and where they come from (fitted, or the prior)."""
    # national_df 0 is a normal error (the prior's), not a t with no degrees of freedom.
    df = f"Student-t, {p['national_df']} df" if p["national_df"] else "normal"
    return (
        f"votebank: lam {p['lam']}, phi {p['phi']}, nu {p['nu']}, gamma {p['gamma']}, "
        f"core {p['core']}, scale {p['scale']} (sd of log {p['scale_sd']}), tau {p['tau']}, "
        f"sd national {p['sd_national']} ({df}), k regional {p['k_regional']}, "
        f"sd slope {p['sd_slope']}, sd close {p['sd_close']}, mu close {p['mu_close']}, "
        f"surge {p.get('surge', 0.0)} "  # a backtest.json written before the surge has none
        f"({p['source']}{_pairs(p)}; every value in the JSON). Point forecasts have no expected "
        "Brier, log score or intervals"
    )


def heading(result: dict) -> str:
    """The pair, what was given, the seats compared, and the runs and seed (table and page)."""
    return (
        f"{result['base']} -> {result['target']}, given {result['given']} "
        f"({plural(result['pair']['seats_compared'], 'seat')}; votebank {result['runs']} runs, "
        f"seed {result['seed']})"
    )


def notes_rows(result: dict) -> list[tuple[str, str]]:
    """The pair's rules applied, as ``(what, detail)`` rows (the table and the page)."""
    n = result["pair"]
    rows = [
        ("seats compared by region", _by_region(n)),
        ("seats only in base", _only_in(n, "base", "the target's")),
        ("seats only in target", _only_in(n, "target", "the base's")),
        *(("seat ids", line) for line in n.get("seat_ids", [])),  # read loosely, or not
        (
            "renamed",
            "; ".join(f"{r['base']} -> {r['target']} ({r['rule']})" for r in n["renamed"])
            or "none",
        ),
        ("new parties", _new_parties(n["new_parties"], n.get("new_parties_folded", []))),
        ("gone parties (no target candidate)", ", ".join(n["gone_parties"]) or "none"),
        ("independents (no party vote)", ", ".join(n["independents"]) or "none"),
    ]
    rows += [
        (f"{r['party']} stands twice in a seat", f"{', '.join(r['seats'])} ({r['rule']})")
        for r in n.get("party_twice_in_seat", [])
    ]
    rows += [
        (f"{r['seat']}: first place tied", f"{r['winner']} won ({r['rule']})")
        for r in n.get("tied_first_place", [])
    ]
    rows += [
        (f"{r['seat']}: first place tied in the base", f"{r['winner']} won ({r['rule']})")
        for r in n.get("base_tied_first_place", [])
    ]
    rows += [
        (f"{r['method']}: no label above 0", f"{', '.join(r['seats'])} ({r['rule']})")
        for r in n.get("simple_methods_blind", [])
    ]
    if "gained_at_base" in n:  # whose defenders the surge lifts (votebank_parameters)
        gained = n["gained_at_base"]
        rows.append(("seats taken at the base", _gained(gained)))
        rows += [
            (
                f"{r['seat']}: first place tied at {gained['compared_with']}",
                f"{r['winner']} won ({r['rule']}): whether the seat was taken rests on it",
            )
            for r in (gained or {}).get("tied_first_place", [])
        ]
    if n.get("elections_between"):
        rows.append(("elections between", between_text(n["elections_between"])))
    rows += [("one label, other names", line) for line in n.get("named_otherwise", [])]
    rows += [
        ("folded into OTH (<0.5% in both, no seat)", _folded(n["folded_into_OTH"])),
        (
            "people matched / switched party",
            f"{n['people_matched']} / {n['people_switched_party']}",
        ),
    ]
    if moved := n.get("switched_party"):  # counted only, a switcher could not be looked up
        named = [f"{m['name']} ({m['seat']}: {m['base']} -> {m['target']})" for m in moved]
        rows.append(("switched party", listed(named) + _rest(named)))
    if n.get("people_unknown"):  # party-level rows: 2008 of them read as the year 2008
        rows.append(("rows without a candidate's name", f"{n['people_unknown']:,} in the target"))
    rows += [("polls", line) for line in n.get("polls", [])]
    # Each note names its election (the pair's notes): one said twice is shown once.
    rows += [("reading", line) for line in dict.fromkeys(n["reading"])]
    return rows


def _gained(gained: dict | None) -> str:
    """How many seats changed party at the base, and against which election."""
    if gained is None:
        return "not known: no general election before the base on its seats in its file"
    return f"{gained['seats']:,} (winners compared with {gained['compared_with']})"


def _by_region(notes: dict) -> str:
    """The compared seats by the target's region (province, nation...), as its file names them."""
    counts = sorted((notes.get("seats_by_region") or {}).items(), key=lambda c: natural_key(c[0]))
    return ", ".join(f"{region} {n:,}" for region, n in counts) or "none"  # R2 before R10


def _only_in(notes: dict, which: str, whose: str) -> str:
    """The seats in one election only, with a hint where a later contest polls some of them."""
    seats = notes[f"only_in_{which}"]
    # A region left out is hundreds of ids: 60 lines of a terminal said nothing more.
    text = ", ".join(seats[:SHOWN]) or "none"
    if len(seats) > SHOWN:
        text += f" and {len(seats) - SHOWN:,} more ({len(seats):,} in all: every one in "
        text += "backtest.json, --out)"
    if later := notes.get(f"only_in_{which}_polled_later"):
        them = "it" if len(later) == 1 else "them"
        text += f" ({', '.join(later)} polled later in {whose} file, by a by-election or "
        text += f"re-poll: --by-elections adds {them})"
    return text


def _folded(labels: list[str]) -> str:
    """The labels folded into OTH, named (a count alone said not which)."""
    return plural(len(labels), "label") + (f": {listed(labels)}" * bool(labels)) + _rest(labels)


def _rest(labels: list[str]) -> str:
    """Where the labels :func:`listed` leaves out are named."""
    return " (every one in backtest.json, --out)" if len(labels) > LISTED else ""


def _new_parties(new: list[dict], folded: list[str]) -> str:
    # One rule for them all: where what is given starts them (written by the study).
    text = f"{', '.join(r['party'] for r in new)} ({new[0]['rule']})" if new else "none"
    if folded:  # new too, but read as others: unseen among the folded labels' count
        text += f"; folded into OTH (under 0.5 %, no seat won): {listed(folded)}{_rest(folded)}"
    return text


def notes_table(result: dict) -> Table:
    """Seats in one election only, renamed, new, gone and folded parties, with their rules."""
    t = Table(title="Rules applied", title_justify="left")
    t.add_column("what")
    t.add_column("detail")
    for what, detail in notes_rows(result):
        t.add_row(what, detail)
    return t


def html_section(result: dict) -> str:
    """A small HTML section of the same table (for the report)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h, _, _, _ in COLUMNS)
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td>"
        + "".join(f"<td>{cell(m.get(k), f)}</td>" for _, k, f, _ in COLUMNS)
        + "</tr>"
        for name, m in result["methods"].items()
    )
    title = html.escape(heading(result))  # the runs and seed too: the page stands alone
    return (
        f'<section class="backtest"><h2>Backtest: {title}</h2><div class="scroll"><table><thead>'
        f"<tr><th>method</th>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
        f"{_legend()}</section>\n"
    )


def _legend() -> str:
    """What each measure means, one to a line (:data:`~votebank.backtest.legend.MEASURES`)."""
    items = "".join(f"<li><b>{html.escape(t)}</b>: {html.escape(m)}</li>" for t, m in MEASURES)
    return f'<div class="legend"><ul>{items}</ul><p>{html.escape(NOTE)}</p></div>'


def html_page(result: dict) -> str:
    """:func:`html_section` as a page of its own: it opens offline, names in any script."""
    title = html.escape(f"Backtest: {result['base']} -> {result['target']}")
    # What the terminal prints beside the tables: the page, read on its own, left them out.
    said = [caption(p)] if (p := result.get("votebank_parameters")) else []
    said += [f"warning: {w}" for w in result["pair"].get("warnings", [])]
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">{VIEWPORT}'
        f"<title>{title}</title><style>{PAGE_CSS}</style></head><body>"
        f"{html_section(result)}<p>{html.escape(result['headline'])}</p>"
        + "".join(f"<p>{html.escape(line)}</p>" for line in said)
        + f"{html_notes(result)}</body></html>\n"
    )


def html_notes(result: dict) -> str:
    """The rules applied (:func:`notes_rows`) as a second table."""
    rows = "".join(
        f"<tr><td>{html.escape(what)}</td><td>{html.escape(detail)}</td></tr>"
        for what, detail in notes_rows(result)
    )
    return (
        '<section class="rules"><h2>Rules applied</h2><div class="scroll"><table class="notes">'
        f"<tbody>{rows}</tbody></table></div></section>"
    )


def backtest_command(
    base: Annotated[
        str,
        typer.Argument(
            help="pakistan:YEAR, uk:YEAR (1974 held two: uk:1974-02-28, uk:1974-10-10), FILE or "
            "FILE:DATE."
        ),
    ],
    target: Annotated[str, typer.Argument(help="The election to forecast, same forms.")],
    given: Annotated[
        str, typer.Option(help="Information every method gets: none, national, regional, polls.")
    ] = "regional",
    runs: Annotated[int, typer.Option(min=2, help="votebank's ensemble runs.")] = 1000,
    seed: Annotated[int, typer.Option(min=0, help="Ensemble seed.")] = 16,
    date: Annotated[
        str | None, typer.Option(help="Election date (or year) of a file given without :DATE.")
    ] = None,
    by_elections: Annotated[
        bool, typer.Option(help="Add re-polls/by-elections of seats not polled on the day.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Folder for backtest.json and backtest.html.")
    ] = None,
) -> None:
    """Forecast TARGET from BASE by votebank and simple swing models; score them all."""
    names = ("backtest.json", "backtest.html")
    check_outputs(
        folders={"--out": out}, files={f"--out {n}": out / n for n in names} if out else {}
    )
    from votebank.backtest.study import backtest

    console = Console()
    # The first backtest of a country's history fits it (about 40 s for the UK's): say so.
    with console.status("Backtesting: fitting votebank on the earlier pairs (kept for next time)"):
        try:
            result = backtest(
                base,
                target,
                given=given,
                runs=runs,
                seed=seed,
                date=date,
                by_elections=by_elections,
            )
        except InputError as exc:  # the function's arguments are this command's options
            raise InputError([_as_option(p) for p in exc.problems]) from None
    console.print(rich_table(result))
    console.print(notes_table(result))
    for warning in result["pair"].get("warnings", []):  # the notes table alone went unread
        Console(stderr=True).print(  # stderr: stdout holds the scores alone
            f"[yellow]warning:[/yellow] {safe(warning)}", highlight=False
        )
    if out is not None:
        # Both whole before either replaces an earlier run's: never one of each.
        texts = {
            "backtest.json": json.dumps(json_safe(result, JSON_DIGITS), indent=2) + "\n",
            "backtest.html": html_page(result),
        }
        write_texts(texts, out)
        written = f"{safe(out / 'backtest.json')}, {safe(out / 'backtest.html')}"
        console.print(f"[green]wrote[/green] {written}", soft_wrap=True)  # paths whole, as given


OPTIONS = {"given": "--given", "runs": "--runs", "seed": "--seed", "date": "--date"}


def _as_option(problem: Problem) -> Problem:
    """A problem of ``backtest()``'s argument named as the option it came from."""
    return replace(problem, file=OPTIONS.get(problem.file, problem.file))


def _pairs(params: dict) -> str:
    """Which earlier pairs the values were fitted on ('' for the prior).

    A file's country is read from its seat ids (NA-... is Pakistan's), so a user's file can be
    fitted on the shipped history: the table says on which.
    """
    on = params.get("fitted_on") or ()
    return f": {', '.join(on)}" if on else ""
