"""Type shares, get seats: the seat calculator of the seat-prediction sites, with intervals.

Shares (in percent) replace the swing scenario's national target (``--shares``), and a region's
own target where given (``--region-shares``, a CSV of region, party, share); parties not given
keep the scenario's shares (the rule: :mod:`votebank.uk.typed_shares`); the ensemble then
gives each party's seats with a 5-95% interval, and the seats most likely to change hands from
the baseline election.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
import typer

from votebank.commands.options import file_option
from votebank.display import DataTable as Table
from votebank.display import probability, seats_interval
from votebank.errors import InputError, Problem, VotebankError, is_real_number
from votebank.outputs import html_name_problems, output_problems
from votebank.results.seat_bounds import seat_bounds
from votebank.results.tables_json import tables_json
from votebank.run.contests import build_contests
from votebank.run.many import many_runs
from votebank.scenario.load import Scenario, load_scenario
from votebank.scenario.overrides import with_overrides
from votebank.uk.typed_shares import by_region, region_rows, share_problems, shares_and_problems


def with_shares(
    scenario: Scenario, shares: dict[str, float], regional: dict[str, dict[str, float]]
) -> Scenario:
    """The swing scenario with its targets replaced by ``shares`` (and regions' own).

    Raises:
        InputError: Every problem :func:`share_problems` finds.
    """
    # The command line's text is checked as it is read; the API's fractions are checked here,
    # or a NaN met pydantic's traceback, True counted as 100 % and shares over 1 were swung.
    problems = [
        Problem(arg, f"{place}{q}", repr(s), "a share is a fraction from 0 to 1 (0.377 for 37.7 %)")
        for arg, place, given in [
            ("shares", "", shares),
            *(("regional", f"region {r}, ", row) for r, row in regional.items()),
        ]
        for q, s in given.items()
        if not _fraction(s)
    ]
    good = {q: s for q, s in shares.items() if _fraction(s)}
    if sum(good.values()) > 1 + 1e-9:  # share_problems leaves this to the text's own check
        why = "the shares add up to more than 1"
        problems.append(Problem("shares", "", f"{sum(good.values()):.4g}", why))
    # The fractions' problems and the scenario's reported together.
    rows = [
        (f"region {r}, {q}", r, q, s)
        for r, row in regional.items()
        for q, s in row.items()
        if _fraction(s)
    ]
    problems += share_problems(scenario, good, rows)
    if problems:
        raise InputError(problems)
    return _targets(scenario, shares, regional)


def _fraction(share: object) -> bool:
    """Whether ``share`` is a number from 0 to 1 (NaN and booleans are not)."""
    return is_real_number(share) and 0 <= share <= 1


def _targets(
    scenario: Scenario, shares: dict[str, float], regional: dict[str, dict[str, float]]
) -> Scenario:
    """:func:`with_shares` on shares checked already."""
    p = scenario.spec.mechanisms.swing
    overrides: dict[str, object] = {"mechanisms.swing.target": {**p.target, **shares}}
    for region, row in regional.items():
        target = {**p.regional_target.get(region, {}), **row}
        overrides[f'mechanisms.swing.regional_target."{region}"'] = target
    return scenario.with_spec(with_overrides(scenario.spec, overrides))


def swung_where(sc: Scenario) -> str:
    """Where ``--shares`` are shares of the vote: the seats outside the regions apart.

    On ``uk-2015-from-2010`` Scotland and Northern Ireland are apart, so the shares are
    England and Wales's, not a Great Britain poll's.
    """
    held = set(sc.constituencies["region"])
    apart = [r for r in sc.spec.mechanisms.swing.regions_apart if r in held]
    if not apart:
        return "every seat"
    names = ", ".join(apart[:-1]) + " and " + apart[-1] if len(apart) > 1 else apart[0]
    return f"the seats outside {names}"


def shares_line(sc: Scenario) -> str:
    """The line saying what ``--shares`` are shares of, printed above the seats."""
    where = swung_where(sc)
    line = f"--shares are shares of the vote in {where}"
    if where == "every seat":
        return line
    line += " (the regions apart swing on their own shares: --region-shares)"
    if "Scotland" in where:  # the layout's region of Scotland's seats
        line += "; a Great Britain poll's figures count Scotland too, so are not like for like"
    return line


def scaled_note(sc: Scenario, regions: Iterable[str] = ()) -> list[str]:
    """What typed shares act as where, with those kept, they fall short of the baseline's total.

    Uniform swing brings each seat back to 100 %, so target shares adding up to less than
    the baseline's come out larger than typed; one note for the national shares and one for
    each region apart in ``regions`` (those typed in --region-shares), each only if short by
    more than half a point.
    """
    p = sc.spec.mechanisms.swing
    blocks = [("the shares", "the baseline's", p.baseline, p.target)]
    for r in regions:
        row = (f"{r}'s shares", "its baseline's", p.regional_baseline.get(r, {}))
        blocks.append((*row, p.regional_target.get(r, {})))
    notes = []
    for what, against, baseline, target in blocks:
        base, total = sum(baseline.values()), sum(target.values())
        if total >= base - 0.005 or total <= 0:
            continue
        acts = ", ".join(f"{q} {100 * s * base / total:.1f}" for q, s in target.items() if s > 0)
        notes.append(
            f"{what} with those kept add up to {100 * total:.1f}, where {against} add up to "
            f"{100 * base:.1f}: the swing brings each seat back to 100, so they act as about "
            f"{acts}; give the rest to a party to keep them as typed"
        )
    return notes


def seat_calculator(
    scenario: Scenario,
    shares: dict[str, float],
    regional: dict[str, dict[str, float]] | None = None,
    *,
    runs: int = 200,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Seats by party (mean, 5-95%, P(most seats)) and the seats most likely to change hands.

    P(most seats) shares a tie as the summary's P(largest) does: k parties tied get 1/k each.
    """
    seats, changes, _ = seat_forecast(scenario, shares, regional, runs=runs, seed=seed)
    return seats, changes


def seat_forecast(
    scenario: Scenario,
    shares: dict[str, float],
    regional: dict[str, dict[str, float]] | None = None,
    *,
    runs: int = 200,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """:func:`seat_calculator`'s two tables and, per seat, what the map shows.

    The third item holds one dict per seat: ``id, name, region, winner`` (the likeliest),
    ``tied`` (the parties that win it equally often, if more than one; ``winner`` then joins
    them), ``p_winner`` and ``parties`` (each party's probability of winning it).
    """
    keep = [*shares, *(q for row in (regional or {}).values() for q in row)]
    return _forecast(with_shares(scenario, shares, regional or {}), runs, seed, keep=keep)


def _forecast(
    sc: Scenario, runs: int, seed: int, keep: Iterable[str] = ()
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict]]:
    """:func:`seat_forecast` of a scenario whose targets are set.

    Parties without a seat in any run are left out of the seats table, but for ``keep`` (those
    the user typed: a party typed at 13 % that wins nothing is an answer, not a gap).
    """
    c = build_contests(sc)
    names = np.array(c.party_ids, dtype=object)
    won = np.array([o.final_party for _, o in many_runs(sc, seed, range(runs))])  # runs x seats
    counts = np.stack([(won == k).sum(axis=1) for k in range(len(names))], axis=1)
    most = counts == counts.max(axis=1, keepdims=True)
    q05, q95 = seat_bounds(counts)  # seat totals some run had: 8 or 9 seats, never 8.05
    seats = pd.DataFrame(
        {
            "party": names,
            "seats": counts.mean(axis=0),
            "q05": q05,
            "q95": q95,
            "p_most": (most / most.sum(axis=1, keepdims=True)).mean(axis=0),  # ties shared
        }
    )
    shown = (seats.seats > 0) | (seats.q95 > 0) | seats.party.isin(list(keep))
    seats = seats[shown].sort_values("seats", ascending=False, kind="stable")
    baseline = np.where(c.can_win, c.baseline_votes, -1)
    held = names[c.party[np.arange(c.seats), baseline.argmax(axis=1)]]
    # A seat without a baseline result (a new seat) was held by no one: it changes no hands.
    change = np.where((baseline > 0).any(axis=1), (names[won] != held[None, :]).mean(axis=0), 0.0)
    per_party = np.stack([(won == k).sum(axis=0) for k in range(len(names))])  # party x seat
    changes = pd.DataFrame(
        {
            "seat": c.seat_names.astype(str),
            "held_by": held,
            "likely_winner": likeliest(per_party, names),
            "p_change": change,
        }
    )
    regions = np.asarray(c.region_names, dtype=object)[c.region]
    winners = likeliest(per_party, names)
    rows = []
    for j in range(c.seats):
        p = per_party[:, j] / runs
        top = names[p == p.max()]
        rows.append(
            {
                "id": str(c.seat_ids[j]),
                "name": str(c.seat_names[j]),
                "region": str(regions[j]),
                "winner": winners[j],  # as the table: "Con / Lab" where they win it as often
                "tied": [str(q) for q in top] if len(top) > 1 else [],
                "p_winner": float(p.max()),
                "parties": {str(names[k]): float(p[k]) for k in np.nonzero(p)[0]},
            }
        )
    return (
        seats,
        changes[changes.p_change > 0].sort_values("p_change", ascending=False, kind="stable"),
        rows,
    )


def likeliest(per_party: np.ndarray, names: np.ndarray) -> list[str]:
    """Each seat's likeliest winner; parties winning it as often joined by " / " (as explain).

    The first of a tie alone would name whichever party the scenario lists first.
    """
    top = per_party == per_party.max(axis=0, keepdims=True)
    return [" / ".join(str(q) for q in names[top[:, j]]) for j in range(per_party.shape[1])]


def seats_command(
    scenario: Annotated[str, typer.Argument(help="A swing scenario: name, folder or TOML file.")],
    shares: Annotated[
        str,
        typer.Option(
            help="Shares in percent of the vote in the seats outside the scenario's regions "
            "apart, e.g. Con=43,Lab=41,LD=8 (on uk-2015-from-2010, Scotland and Northern "
            "Ireland are apart: England and Wales's shares, not a Great Britain poll's). A party "
            "not given keeps "
            "the scenario's share, and the total with those may not pass 100 (give them too, "
            "e.g. UKIP=0). Parties standing only in regions apart go in --region-shares."
        ),
    ],
    region_shares: Annotated[
        Path | None,
        typer.Option(
            help="CSV of region, party, share (percent) for regions apart (the same rule)."
        ),
    ] = None,
    runs: Annotated[int, typer.Option(min=2, max=100_000, help="Runs.")] = 200,
    seed: Annotated[int, typer.Option(min=0, help="Seed.")] = 0,
    show: Annotated[int, typer.Option(min=0, help="Seats changing hands to list.")] = 15,
    map_file: Annotated[
        Path,
        file_option("--map", "an .html file", "HTML page of the seat map to write."),
    ] = Path("votebank-out") / "seats-map.html",
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the seats and the seats changing hands (all of them) as one JSON "
            "object, not as tables: for jq and scripts (the map is still written; its path "
            "goes to stderr).",
        ),
    ] = False,
) -> None:
    """Type shares, get seats with intervals and the seats that change hands.

    Every problem with the shares, the file and the scenario is reported together.
    """
    from rich.console import Console

    problems = output_problems(files={"--map": map_file}) + html_name_problems("--map", map_file)
    try:
        sc, loading = load_scenario(scenario), []
    except InputError as exc:
        sc, loading = None, exc.problems
    parties = [q.id for q in sc.spec.parties] if sc is not None else []
    typed, found = shares_and_problems(shares, "--shares", parties)
    typed_rows, in_file = ([], []) if region_shares is None else region_rows(region_shares)
    problems += found + in_file
    if sc is None:
        raise InputError(problems + loading)
    mistyped = {p.location for p in found}  # their own problem: not kept at the scenario's
    problems += share_problems(sc, typed, typed_rows, file=str(region_shares), mistyped=mistyped)
    if problems:
        raise InputError(problems)
    targeted = _targets(sc, typed, by_region(typed_rows))  # checked just above: not again
    # Every party typed, nationally or for a region, gets its answer, 0 seats included.
    keep = [*typed, *(q for _, _, q, _ in typed_rows)]
    seats, changes, seat_rows = _forecast(targeted, runs, seed, keep=keep)
    console = Console(stderr=as_json)  # with --json, stdout is the JSON alone
    console.print(shares_line(targeted), highlight=False)
    notes = scaled_note(targeted, by_region(typed_rows))  # on the page too: it is shown
    if not as_json:
        _print_tables(console, shares, runs, seed, show, seats, changes)
    page = write_map(sc, shares, runs, seats, changes, seat_rows, map_file, show, seed, notes)
    if as_json:  # once the map is written: a failed write leaves no JSON behind
        typer.echo(tables_json(shares=shares, runs=runs, seed=seed, seats=seats, changes=changes))
    console.print(str(page), soft_wrap=True, markup=False, highlight=False)  # whole, as typed
    for note in notes:  # on stderr, as every command's notes: stdout is the seats
        Console(stderr=True).print(f"[yellow]note[/yellow]: {note}", highlight=False)


def _print_tables(console, shares: str, runs: int, seed: int, show: int, seats, changes) -> None:
    """The seats with their intervals, and the ``show`` seats most likely to change hands."""
    table = Table(title=f"Seats at {shares} ({runs} runs)", title_justify="left")
    for head in ("Party", "Seats", "5–95%", "P(most seats)"):
        table.add_column(head, justify="left" if head == "Party" else "right")
    for r in seats.itertuples(index=False):
        table.add_row(
            r.party, f"{r.seats:.1f}", seats_interval(r.q05, r.q95), probability(r.p_most)
        )
    console.print(table)
    moved = Table(title="Seats most likely to change hands", title_justify="left")
    for head in ("Seat", "Held by", "Likely winner", "P(changes hands)"):
        moved.add_column(head, justify="right" if head.startswith("P(") else "left")
    for r in changes.head(show).itertuples(index=False):
        moved.add_row(r.seat, r.held_by, r.likely_winner, probability(r.p_change))
    if changes.empty:  # headers alone would read as rows lost
        console.print(f"No seat changes hands in any of the {runs} runs")
    elif show:  # --show 0 asks for none: no table of headers alone
        console.print(moved)
    console.print(  # as the page says it: a range is not a margin of error
        f"[dim]seed {seed}; a 5–95% range is the middle 90% of the runs, not a margin of "
        "error[/dim]"
    )


def write_map(
    sc: Scenario,
    shares: str,
    runs: int,
    seats: pd.DataFrame,
    changes: pd.DataFrame,
    rows: list[dict],
    path: Path,
    show: int,
    seed: int | None = None,
    notes: list[str] | None = None,
) -> Path:
    """Write the seat calculator's page (seats, the map, seats changing hands); its path.

    Raises:
        VotebankError: If the file cannot be written.
    """
    from votebank.report.mappage import calculator_page, write_page

    if path.is_dir():
        raise VotebankError(f"--map {path} is a folder; give the path of an .html file")
    names = {p.id: p.name or p.id for p in sc.spec.parties}
    colours = {p.id: p.colour for p in sc.spec.parties}
    title = f"{sc.name} at {shares}, shares of the vote in {swung_where(sc)} ({runs} runs)"
    page = calculator_page(
        title, seats, changes, rows, names, colours, show, runs=runs, seed=seed, notes=notes
    )
    try:
        return write_page(page, path)
    except OSError as exc:
        raise VotebankError(f"cannot write the map to {path}: {exc}") from exc
