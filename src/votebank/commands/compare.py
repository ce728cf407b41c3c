"""``votebank compare`` and the declared counterfactuals of ``votebank run``: paired runs."""

from __future__ import annotations

import warnings
from typing import Annotated

import typer

from votebank.commands.compare_set import paired_set
from votebank.commands.options import SchedulerOption, WorkersOption, bounded
from votebank.display import bound_note, plural, safe, unseen_note
from votebank.ensemble.compare import compare_checked
from votebank.errors import InputError
from votebank.results.store import MAX_RUNS
from votebank.results.tables_json import tables_json
from votebank.run.electorate_memory import refuse_past_memory
from votebank.scenario.kept_seats import names_by, seat_names
from votebank.scenario.load import load_scenario
from votebank.terminal import (
    PROBABILITY,
    Col,
    Column,
    bar_columns,
    console,
    err,
    fitted_table,
    frame_table,
    transient_bar,
)


def party_cols(a: str, b: str) -> list[Col]:
    """Headings of the per-party differences, naming the two scenarios."""
    return [
        Col("party", "Party"),
        Col("seats_a", f"Seats {a}", ".2f", 2),
        Col("seats_b", f"Seats {b}", ".2f", 2),
        Col("difference", "Seats difference", "+.2f"),
        Col("difference_se", "± s.e.", ".2f"),
        Col("votes_a", f"Votes {a}", ",.0f", 3),
        Col("votes_b", f"Votes {b}", ",.0f", 3),
        Col("difference_votes", "Votes difference", "+,.0f", 1),
        Col("difference_se_votes", "± s.e. ", ",.0f", 1),
    ]


def seat_cols(a: str, b: str) -> list[Col]:
    """Headings of the seats most often won by another party."""
    return [
        Col("constituency_id", "Seat"),
        Col("name", "Name", priority=1, optional=True),
        Col("p_changed", "P(winner changes)", PROBABILITY),
        Col("p_changed_se", "± s.e.", ".1%", 1),
        Col("winner_a", f"Usual winner, {a}"),
        Col("winner_b", f"Usual winner, {b}"),
    ]


CANDIDATE_COLS = [
    Col("constituency_id", "Seat"),
    Col("candidate_id", "Candidate", priority=2),
    Col("name", "Name", priority=3, optional=True),  # dropped before the id, which is unique
    Col("party", "Party"),
    Col("votes_a", "Votes A", ",.0f", 1),
    Col("votes_b", "Votes B", ",.0f", 1),
    Col("difference", "Difference", "+,.1f"),
    Col("difference_se", "± s.e.", ",.1f"),
]


def compare(
    a: Annotated[str, typer.Argument(help="Baseline scenario: name, folder or TOML file.")],
    b: Annotated[str, typer.Argument(help="Variant scenario.")],
    runs: Annotated[
        int, typer.Option(callback=bounded(2, MAX_RUNS), help=f"Paired runs, 2 to {MAX_RUNS:,}.")
    ] = 100,
    seed: Annotated[int | None, typer.Option(min=0, help="Shared seed.")] = None,
    show: Annotated[int, typer.Option(min=0, help="Rows of the seat and candidate tables.")] = 15,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Set a field of B, PATH=VALUE (TOML value; repeat), e.g. "
            "mechanisms.biradari.enabled=false: B can be A itself with one thing changed "
            "(not scenario.seed or tables.*: A and B share them; nor a --set that changes "
            "nothing, such as switching off what is off, or a field no run of B reads: one "
            "of a mechanism that is off, a default every seat's table cell overrides; every "
            "bad one is named).",
        ),
    ] = None,
    workers: WorkersOption = 1,
    scheduler: SchedulerOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the comparison as one JSON object (its party, seat and candidate "
            "tables as records, null for no value), not as tables: for jq and scripts.",
        ),
    ] = False,
) -> None:
    """Paired counterfactual: the same runs of A and B (common random numbers), B - A."""
    from votebank.ensemble.cluster import cluster_client

    sa, sb = _both(a, b)
    if set_:
        sb = paired_set(sa, sb, set_)
    _refuse_switched_on_idle(sa, sb, "--set" if set_ else b)
    refuse_past_memory((sa, sb), workers, scheduler)
    with (
        cluster_client(workers, scheduler) as client,
        transient_bar(*bar_columns(), console=err) as bar,
        warnings.catch_warnings(record=True) as said,
    ):
        warnings.simplefilter("always")
        task = bar.add_task("paired runs", total=runs, rate="")
        result = compare_checked(
            sa,
            sb,
            runs=runs,
            seed=seed,
            progress=lambda done, total: bar.update(task, completed=done),
            client=client,
        )
    _notes(said)
    if as_json:
        typer.echo(tables_json(result, a=sa.name, b=sb.name))
        return
    # Every party that won seats or votes on either side: one that only polls (a party whose
    # votes the change moves, without a seat) belongs in the votes columns.
    p = result.parties
    parties = p[(p.seats_a > 0) | (p.seats_b > 0) | (p.votes_a > 0) | (p.votes_b > 0)]
    # An edited copy keeps its scenario's name: name each by where it was read from instead.
    name_a, name_b = (sa.name, sb.name) if sa.name != sb.name or a == b else (a, b)
    console.print(
        frame_table(
            f"Seats, {safe(name_b)} minus {safe(name_a)} ({runs} paired runs)",
            parties,
            party_cols("A", "B"),
            caption=f"A: {safe(name_a)}, B: {safe(name_b)}" + _seats_meaning(sa, sb),
        )
    )
    if show:  # --show 0: the totals alone, not two tables of headers
        names = seat_names(sa.constituencies, sb.constituencies)
        people = names_by(sa.candidates, sb.candidates, key="candidate")
        _seat_and_candidate_tables(result, show, names, people)
    console.print(
        f"Constituencies won by another party: {result.winners_changed:.2f} "
        f"± {result.winners_changed_se:.2f} (s.e.) of {len(result.seats)} per run, "
        f"{result.winners_changed / max(len(result.seats), 1):.1%}"
    )
    unseen = f"{unseen_note(runs)}\n" if result.winners_changed == 0 else ""
    console.print(f"[dim]{unseen}{runs:,} paired runs, seed {result.seed}[/dim]")


def _notes(said: list, prefix: str = "") -> None:
    """UserWarnings ("every run of B drew A's") as lines, not Python's warning with its file."""
    for warning in said:
        if issubclass(warning.category, UserWarning):
            err.print(f"[yellow]Note:[/yellow] {safe(prefix + str(warning.message))}")


def _seats_meaning(sa, sb) -> str:
    """What the seats count where they are not the general seats at the poll."""
    # "PML-Q -8.90" read as general seats: it is the house with joins and reserved seats.
    if sa.spec.mechanisms.reserved_seats.enabled or sb.spec.mechanisms.reserved_seats.enabled:
        return (
            "; seats: the house's totals, as run's Seats (after independents join, "
            "reserved seats included), not general seats at the poll"
        )
    return ""


def _seat_and_candidate_tables(
    result, show: int, names: dict[str, str], people: dict[str, str]
) -> None:
    """The ``show`` seats most often won by another party (named), and candidates most changed."""
    seats = result.seats.sort_values("p_changed", ascending=False).head(show)
    seats = seats.assign(name=[names.get(str(i), "") for i in seats["constituency_id"]])
    # Seats above are totals after by-elections, joins and reserved seats: a winner at the poll
    # that a by-election undoes changes no seat there.
    at_poll = "the winner at the poll, before by-elections and independents join parties"
    title = "Seats most often won by another party"
    note = bound_note(seats["p_changed"].tolist(), result.runs)
    caption = f"{at_poll}; {note}" if note else at_poll
    console.print(frame_table(title, seats, seat_cols("A", "B"), caption=caption))
    cands = result.candidates.reindex(
        result.candidates.difference.abs().sort_values(ascending=False).index
    ).head(show)
    # A candidate who stands for another party in B shows both: PML-Q → PML-N.
    moved = cands.party != cands.party_b
    cands = cands.assign(party=cands.party.where(~moved, cands.party + " → " + cands.party_b))
    cands = cands.assign(name=[people.get(str(i), "") for i in cands["candidate_id"]])
    console.print(frame_table("Largest changes in candidates' votes", cands, CANDIDATE_COLS))


def _both(a: str, b: str):
    """A and B loaded, or every problem of both together.

    B may switch off what another mechanism needs, as with --set and from Python: what the
    prerequisite adds, its dependants included, is the question asked.
    """
    found, sides = [], []
    for where, requirements in ((a, True), (b, False)):
        try:
            sides.append(load_scenario(where, requirements=requirements))
        except InputError as exc:
            found += exc.problems  # each table named beside its own TOML file
    if found:
        raise InputError(found)
    return sides


def _refuse_switched_on_idle(sa, sb, shown: str) -> None:
    """Refuse a mechanism B switches on (off in A) without what it needs: it would do nothing.

    B is spared the check only to switch a prerequisite off (_both): then its dependants, on in
    A too, are the question asked. Switched on by B they showed "+0" everywhere, unsaid.
    """
    from votebank.scenario.requirements import switched_on_idle

    if found := switched_on_idle(sa.spec, sb.spec, sb.candidates, shown):
        raise InputError(found)


def print_counterfactuals(sc, runs: int, seed: int, client=None) -> list[dict]:
    """The scenario's declared what-ifs: the same runs of each variant, differences with s.e.

    ``client``: the Dask client the main ensemble ran on (None: in this process).
    """
    found: list[dict] = []
    with transient_bar(*bar_columns(), console=err) as bar:
        for cf in sc.spec.scenario.counterfactuals:
            task = bar.add_task(f"what if: {safe(cf.name)}", total=runs, rate="")
            with warnings.catch_warnings(record=True) as said:
                warnings.simplefilter("always")
                result = compare_checked(
                    sc,
                    sc.variant(cf),
                    runs=runs,
                    seed=seed,
                    progress=lambda done, total, t=task: bar.update(t, completed=done),
                    client=client,
                )
            _notes(said, f"what if {cf.name!r}: ")
            rows = result.parties.sort_values("votes_a", ascending=False)
            for row in rows.itertuples(index=False):
                if row.votes_a <= 0 and row.votes_b <= 0:
                    continue
                found.append(
                    {
                        "variant": cf.name,
                        "party": str(row.party),
                        "votes": row.votes_a,
                        "variant votes": row.votes_b,
                        "difference": row.difference_votes,
                        "s.e.": row.difference_se_votes,
                        "seats difference": row.difference,
                        "seats s.e.": row.difference_se,
                    }
                )
    first = {i for i, r in enumerate(found) if i == 0 or found[i - 1]["variant"] != r["variant"]}
    ends = {i - 1 for i in first if i > 0}
    columns = [
        Column("Variant", [r["variant"] if i in first else "" for i, r in enumerate(found)], False),
        Column("Party", [r["party"] for r in found], right=False),
        Column("Votes", [f"{r['votes']:,.0f}" for r in found], priority=2),
        Column("Variant votes", [f"{r['variant votes']:,.0f}" for r in found], priority=2),
        Column("Votes difference", [f"{r['difference']:+,.0f}" for r in found]),
        Column("± s.e.", [_se(r["s.e."], ",.0f") for r in found]),
        Column("Seats difference", [f"{r['seats difference']:+.2f}" for r in found], priority=1),
        Column("± s.e. ", [_se(r["seats s.e."], ".2f") for r in found], priority=1),
    ]
    console.print(
        fitted_table(
            f"Counterfactuals ({plural(runs, 'paired run')}, seed {seed}): variant minus {sc.name}",
            columns,
            sections=sorted(ends),
        )
    )
    return found


def _se(value: float, spec: str) -> str:
    # One run has no spread to measure a standard error on: a dash, not "nan".
    return format(value, spec) if value == value else "–"
