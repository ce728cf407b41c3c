"""``votebank import-uk``: a scenario folder from the shipped UK results or a user's files.

``--results FILE`` names a candidates CSV in the shipped layout; the contests and national-
totals files are found beside it by the shipped names (``--contests``, ``--totals`` name them
otherwise), and polls the same way (``--polls-file``). Dates and general elections come from
the files: a date they do not hold is an error listing the ones they do. Who governed (the
incumbents) comes from ``governments.csv`` beside the file; without one the import says which
rule it used (:mod:`votebank.uk.governments`). Every check runs before anything is written,
and the folder is built in a temporary folder first, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from votebank.commands.options import finite_between
from votebank.display import plural, safe
from votebank.errors import InputError, Problem, VotebankError
from votebank.outputs import check_outputs, write_texts
from votebank.scenario.synth import folder_problems
from votebank.uk import results_files
from votebank.uk.date_order import month_first_notes
from votebank.uk.elections import (
    baseline_date_of,
    blank_dates,
    general_date,
    general_elections,
    scored_date,
)
from votebank.uk.elsewhere import elsewhere_note
from votebank.uk.governments import incumbents
from votebank.uk.places import check_places
from votebank.uk.poll_columns import unnamed_note, unstanding_note
from votebank.uk.real_results import unscored_note
from votebank.uk.renamed import renamed_note
from votebank.uk.results_files import OTHERS
from votebank.uk.scenario_folder import build_uk_scenario
from votebank.uk.shares import late_polls_note, poll_average, shares_by
from votebank.uk.tables import contests_table, postponed_note
from votebank.uk.totals import GbTotals, gb_shares_from_totals, gb_totals_of

APART = ("Scotland", "Northern Ireland")  # nations of the layout that swing apart from GB

ResultsOpt = Annotated[
    Path | None,
    typer.Option(
        "--results",
        help="Candidates CSV in the shipped layout (default: the shipped UK results); the "
        "contests and national-totals files are read from beside it by the shipped names.",
    ),
]
ContestsOpt = Annotated[
    Path | None, typer.Option("--contests", help="Contests CSV (default: beside --results).")
]
TotalsOpt = Annotated[
    Path | None,
    typer.Option("--totals", help="National-totals CSV (default: beside --results)."),
]


def files_from(
    results: Path | None,
    contests: Path | None = None,
    totals: Path | None = None,
    polls: Path | None = None,
) -> results_files.ResultsFiles | None:
    """The files the options name (None: the shipped ones)."""
    if results is None:
        if contests or totals or polls:
            given = next(str(p) for p in (contests, totals, polls) if p)
            raise InputError([Problem(given, "", given, "give --results with this option")])
        return None
    return results_files.beside(results, contests, totals, polls)


def check_dates(dates: list[str], *, general: bool = False) -> None:
    """InputError unless the files hold an election (a general one) on each of ``dates``."""
    c = contests_table()
    held = general_elections() if general else sorted(c["election_date"].dropna().unique())
    what = "general election" if general else "election"
    problems = [
        p
        for day in dict.fromkeys(dates)
        if day not in held
        for p in results_files.unknown_date(day, held, what).problems
    ]
    # A day-first file read month first holds no election on the day the user typed: say why.
    hint = "".join(f"; {note}" for note in month_first_notes(("contests",)))
    if problems:
        raise InputError(
            [replace(p, message=p.message + hint + _candidates_only(p.value)) for p in problems]
        )


def _candidates_only(day: str) -> str:
    """A note when the contests file lacks ``day`` (a date or a year) or holds a by-election there.

    It is asked for as a general election, and the candidates file holds it. A file without it
    (the shipped party-level 1997-2005 results) has no electorates or ballots, which a
    scenario's turnout is built from.
    """
    c = results_files.table("candidates")
    held = sorted(c["election_date"].dropna().astype(str).unique())
    hits = [d for d in held if d == day or (len(day) == 4 and d.startswith(f"{day}-"))]
    if not hits:
        return elsewhere_note(day)
    held_there = set(contests_table()["election_date"].dropna().astype(str))
    if all(d in held_there for d in hits):  # a general election was asked for
        # A year (2017) whose only contests are by-elections was said to be missing there.
        named = ", ".join(hits)
        return (
            f"; {named} {'is a by-election' if len(hits) == 1 else 'are by-elections'} in the "
            f"contests file {results_files.source_name('contests')}, and a projection's base "
            f"and target are general elections (import-uk {hits[0]} alone builds the "
            "by-election's scenario)"
        )
    return (
        f"; the candidates file {results_files.source_name()} holds {', '.join(hits)}, but a "
        "scenario needs each seat's electorate and ballots too: give a contests file that "
        "holds it (--contests)"
    )


def projection_scenario(
    base: str,
    target: str,
    out: str | Path,
    *,
    totals: dict[str, GbTotals] | None = None,
    **kwargs: Any,
) -> Path:
    """The projection rule of ``uk-2015-from-2010``, for any two general elections.

    The base election's seat results, swung by uniform swing (or ``swing_model``) to the
    target's GB shares less Scotland and Northern Ireland; Scotland apart on its own target
    shares; Northern Ireland apart and unchanged; the target's candidates stand; actual seats
    are the target's. ``totals`` are the two dates' GB totals if the caller has them (from
    :func:`check_pair`); other keyword arguments go to :func:`build_uk_scenario`.
    """
    totals = totals or gb_totals_of((base, target))
    apart, regional = regions_apart(target)
    kwargs.setdefault("slate_date", target)
    return build_uk_scenario(
        base,
        out,
        baseline=gb_shares_from_totals(base, exclude_regions=apart, totals=totals[base]),
        target=gb_shares_from_totals(target, exclude_regions=apart, totals=totals[target]),
        regions_apart=apart,
        regional_target=regional,
        actual_from=target,
        **kwargs,
    )


def regions_apart(
    target: str, *, scotland: bool = True
) -> tuple[list[str], dict[str, dict[str, float]]]:
    """Scotland and Northern Ireland where the target election has seats there; Scotland's target.

    Scotland swings on its own target shares (unless ``scotland`` is False: then with GB),
    Northern Ireland (outside the GB figures) not at all. A file without seats in one of them
    simply has nothing to set apart.
    """
    check_places()  # the regions come from the contests file, their shares from the other
    c = contests_table()
    held = set(c.loc[c["election_date"] == target, "region"])
    apart = [r for r in APART if r in held and (scotland or r != "Scotland")]
    regional = {r: shares_by(target, regions=[r]) for r in apart if r == "Scotland"}
    return apart, regional


def check_pair(base: str, target: str) -> dict[str, GbTotals]:
    """The two dates' GB totals; InputError unless they are general elections on the same seats.

    Both dates' problems are reported together.
    """
    check_dates([base, target], general=True)
    if target <= base:
        where = results_files.source_name("contests")
        raise InputError(
            [Problem(where, "column election_date", target, f"target is not after base {base}")]
        )
    results_files.check_same_seats(base, target)
    return gb_totals_of((base, target))


def parse_window(polls: str) -> tuple[str, str]:
    """``--polls START:END`` (or one day) as two ISO dates; InputError naming the option."""
    start, _, end = polls.partition(":")
    end = end or start
    try:
        days = [dt.date.fromisoformat(d.strip()).isoformat() for d in (start, end)]
    except ValueError as e:
        raise InputError(
            [Problem("--polls", "", polls, "give START:END as YYYY-MM-DD:YYYY-MM-DD")]
        ) from e
    if days[0] > days[1]:
        why = f"the start {days[0]} is after the end {days[1]}: give START:END"
        raise InputError([Problem("--polls", "", polls, why)])
    return days[0], days[1]


def unnamed_by_polls(target: dict[str, float], candidates: Any, base: str) -> str:
    """The note on the slate's swinging parties the polls do not name (their rule: not swung)."""
    votes = candidates.groupby("party")["baseline_votes"].sum()
    standing = {p: float(votes[p]) for p in results_files.swing_parties() if p in votes.index}
    return unnamed_note(target, standing, base)


def unstanding_in_polls(
    target: dict[str, float], baseline: dict[str, float], candidates: Any, base: str
) -> str:
    """The note on the parties the polls name that stand in no seat (their swing moves none)."""
    polled = {p: (v, baseline.get(p, 0.0)) for p, v in target.items() if p != OTHERS}
    return unstanding_note(polled, candidates["party"], base)


def write_folder(out: Path, build: Callable[[Path], Path]) -> Path:
    """Build a scenario in a temporary folder, then move its files into ``out`` together.

    Each file is staged in ``out`` and renamed only once all are whole
    (:func:`~votebank.outputs.write_texts`): a failed write (a full disk) leaves a scenario
    already there as it was.
    """
    from votebank.scenario.load import load_scenario

    with tempfile.TemporaryDirectory(prefix="votebank-uk-") as tmp:
        built = build(Path(tmp) / "scenario")
        load_scenario(built)  # a scenario that does not load is not written
        files = {f.name: f.read_bytes() for f in built.parent.iterdir()}
    try:
        write_texts(files, out)
    except OSError as e:
        raise VotebankError(f"cannot write the scenario to {out}: {e}") from e
    return out / built.name


def import_uk_command(
    election_date: Annotated[
        str,
        typer.Argument(
            help="A general election (a date or a year) or a by-election date in the results file."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Scenario folder to write.")],
    seat: Annotated[
        list[str] | None, typer.Option("--seat", help="Only these seats (GSS codes); repeat.")
    ] = None,
    polls: Annotated[
        str | None,
        typer.Option(
            help="Target = mean of the polls with fieldwork starting START:END "
            "(YYYY-MM-DD:YYYY-MM-DD)."
        ),
    ] = None,
    target_election: Annotated[
        str | None,
        typer.Option(help="Target = GB shares of this later general election (a date or a year)."),
    ] = None,
    swing_model: Annotated[
        str, typer.Option(help="uniform, proportional or hybrid (any case).")
    ] = "uniform",
    scotland_apart: Annotated[
        bool, typer.Option(help="Scotland swings on its own figures (target election only).")
    ] = True,
    slate: Annotated[
        str | None, typer.Option(help="Whose candidates stand (default: the election's).")
    ] = None,
    national_sd: Annotated[
        float,
        typer.Option(
            callback=finite_between(0, 20),
            help="National polling error, points (sd for a party at 50%); 0 = none, about 2.5 "
            "matches the average polling miss (at most 20).",
        ),
    ] = 0.0,
    seed: Annotated[int | None, typer.Option(min=0, help="Ensemble seed.")] = None,
    results: ResultsOpt = None,
    contests: ContestsOpt = None,
    totals: TotalsOpt = None,
    polls_file: Annotated[
        Path | None, typer.Option("--polls-file", help="Polls CSV (default: beside --results).")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace the scenario (scenario.toml and its two tables) in an --out folder that "
            "already holds one, edits and all; other files there are left alone.",
        ),
    ] = False,
) -> None:
    """Build a scenario folder from UK results files.

    An --out that already holds a scenario is refused unless --force is given (as synth).
    """
    from rich.console import Console
    from rich.markup import escape

    from votebank.scenario.load import load_scenario

    swing_model = swing_model.strip().lower()  # "Uniform" was refused as no model
    if swing_model not in ("uniform", "proportional", "hybrid"):
        raise InputError(
            [Problem("--swing-model", "", swing_model, "must be uniform, proportional or hybrid")]
        )
    dates = {"election_date": election_date, "--slate": slate, "--polls": polls}
    blank_dates({**dates, "--target-election": target_election})
    if polls and target_election:  # the polls' target would win, the election's be ignored
        why = "give --polls or --target-election, not both: each sets the target"
        raise InputError([Problem("--polls", "", f"{polls} with --target-election", why)])
    # A folder where a file goes: the copy went into it, after the others were written.
    written = ("scenario.toml", "constituencies.csv", "candidates.csv")
    check_outputs(folders={"--out": out}, files={f"--out ({n})": out / n for n in written})
    # An organiser's edited scenario is not replaced unasked: the rule of votebank synth.
    if kept := folder_problems(out, force=force, option="--out"):
        raise InputError(kept)
    window = parse_window(polls) if polls else None
    with results_files.using(files_from(results, contests, totals, polls_file)):
        election_date = general_date(election_date)
        slate, target_election = (general_date(d) if d else d for d in (slate, target_election))
        check_dates([d for d in (election_date, slate, target_election) if d])
        base = baseline_date_of(election_date)
        apart: list[str] = []
        regional_target: dict[str, dict[str, float]] = {}
        target = None
        if window:
            gb = gb_totals_of([base])
            try:
                target = poll_average(*window)
            except InputError as e:  # its window is this command's --polls
                raise InputError(
                    [replace(p, message=f"{p.message} (--polls)") for p in e.problems]
                ) from None
            # Polls' "others" include the SNP and Plaid: compare like with like.
            named = [p for p in target if p != OTHERS]
            baseline = gb_shares_from_totals(base, parties=named, others="rest", totals=gb[base])
            # GB polls say nothing of Northern Ireland: it is held at its baseline.
            apart, _ = regions_apart(election_date, scotland=False)
        elif target_election:
            gb = check_pair(election_date, target_election)
            apart, regional_target = regions_apart(target_election, scotland=scotland_apart)
            target = gb_shares_from_totals(
                target_election, exclude_regions=apart, totals=gb[target_election]
            )
            baseline = gb_shares_from_totals(base, exclude_regions=apart, totals=gb[base])
            slate = slate or target_election
        else:
            gb = gb_totals_of([base])
            baseline = gb_shares_from_totals(base, totals=gb[base])

        def build(folder: Path) -> Path:
            return build_uk_scenario(
                election_date,
                folder,
                target=target,
                baseline=baseline,
                swing_model=swing_model,
                regions_apart=apart,
                regional_target=regional_target,
                slate_date=slate,
                seats=seat or None,
                actual_from=scored_date(election_date, slate, target_election),
                seed=seed,
                national_sd=national_sd,
            )

        path = write_folder(out, build)
        read = ("candidates", "contests", "totals", "governments") + (("polls",) if window else ())
        notes = month_first_notes(read)  # first: every date the scenario took may be wrong
        notes += [t.note for t in gb.values()] + [incumbents(slate or election_date).note]
        notes += [renamed_note(base, slate or election_date), postponed_note()]
        sc = load_scenario(path)
        notes += [unscored_note(sc.candidates, scored_date(election_date, slate, target_election))]
        notes += [unnamed_by_polls(target, sc.candidates, base) if window else ""]
        notes += [unstanding_in_polls(target, baseline, sc.candidates, base) if window else ""]
        notes += [late_polls_note(*window, scored_date(election_date, slate)) if window else ""]
    console = Console()
    seats = plural(len(sc.constituencies), "constituency", "constituencies")
    people = plural(len(sc.candidates), "candidate")
    registered = f"{sc.constituencies['registered'].sum():,} registered"
    line = f"[green]wrote[/green] {safe(path)}: {seats}, {people}, {registered}"
    console.print(line, soft_wrap=True)  # a path folded at the terminal's width names nothing
    for note in filter(None, notes):  # on stderr, as every command's notes
        Console(stderr=True).print(f"[yellow]note[/yellow]: {escape(note)}", highlight=False)
