"""A general election from the one before: national shares in, seats out, against the real seats.

By default GE2015 from GE2010 with the shipped ``uk-2015-from-2010`` scenario (built by
``scripts/build_uk_scenarios.py`` from the last two general elections of the shipped file).
With ``--results FILE`` (a candidates CSV in the shipped layout, contests and national totals
beside it) and ``--base``/``--target`` (default: the file's last two general elections), the
scenario is built by the same rule in a temporary folder
(:func:`votebank.uk.import_cli.projection_scenario`).

Three projections from the same inputs (the base election's seat results, the target's GB
shares less Scotland, Scotland on its own target shares, Northern Ireland unchanged, the
target's candidates):

* (a) plain uniform swing and (b) proportional swing, computed directly with
  :func:`votebank.mechanisms.swing.project_shares` (no noise; the seat's largest projected
  share wins);
* (c) votebank's ensemble: the mean seats of N runs of the scenario (uniform swing plus seat
  noise, voters sampled exactly); its seat-by-seat call is each seat's most frequent winner.

Each is scored against the target's real result by *seats wrong* (sum over parties of
``|projected - actual| / 2``) and by the number of constituencies whose projected winner is
not the real one.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
import typer

from votebank.display import plural, safe
from votebank.elections.seat_ids import match_seats
from votebank.errors import InputError, Problem
from votebank.mechanisms.swing import baseline_shares, project_shares
from votebank.run.contests import build_contests
from votebank.run.many import many_runs
from votebank.run.model import Model
from votebank.scenario.load import Scenario, load_scenario
from votebank.uk import results_files
from votebank.uk.elections import blank_dates, general_date, general_elections, previous_general
from votebank.uk.governments import incumbents
from votebank.uk.import_cli import (
    ContestsOpt,
    ResultsOpt,
    TotalsOpt,
    check_dates,
    check_pair,
    files_from,
)
from votebank.uk.real_results import check_winners
from votebank.uk.renamed import renamed_note
from votebank.uk.results_files import OTHERS, main_parties
from votebank.uk.tables import contests_table, postponed_note

SHIPPED = "uk-2015-from-2010"  # built from the shipped file's last two general elections


def actual_winners(seat_ids: np.ndarray, date: str) -> tuple[np.ndarray, list[str]]:
    """The real winner's party code in each seat (as in a UK scenario), and notes on its ids.

    A seat id of the scenario spelt otherwise than in the results (``e14000530``) is matched
    as calibrate matches one (:mod:`votebank.elections.seat_ids`), and said to be.
    """
    c = contests_table()
    c = c[(c["election_date"] == date) & (c["election_type"] == "general")]
    ids = c["constituency_id"].astype(str)
    seating = match_seats(ids.unique(), seat_ids)
    c = c.assign(constituency_id=seating.renamed(ids))
    check_winners(c[c["constituency_id"].isin(list(seat_ids))])
    c = c.set_index("constituency_id")
    notes = seating.notes("the scenario", of=f"the results of {date}")
    missing = [s for s in seat_ids if s not in c.index]
    if missing:
        shown = ", ".join(map(str, missing[:5])) + (", ..." if len(missing) > 5 else "")
        why = f"{plural(len(missing), 'seat')} with no result on {date} in the UK results in use"
        raise InputError([Problem("--scenario", "", shown, "; ".join([why, *notes]))])
    party = c["winner_party"].where(c["winner_party"].isin(main_parties()), OTHERS)
    return party.loc[list(seat_ids)].to_numpy(dtype=object), notes


def deterministic_winners(scenario: Scenario, model: str) -> np.ndarray:
    """Each seat's winner by a swing model without noise (largest projected share)."""
    c = build_contests(scenario)
    p = scenario.spec.mechanisms.swing
    shares, _ = baseline_shares(c)
    names = np.array(c.party_ids, dtype=object)
    projected = project_shares(
        shares,
        np.array(c.region_names, dtype=object)[c.region],
        model,
        baseline=p.baseline,
        target=p.target,
        slot_party=np.where(c.valid, names[np.maximum(c.party, 0)], ""),
        regions_apart=p.regions_apart,
        regional_baseline=p.regional_baseline,
        regional_target=p.regional_target,
        floor=p.floor,
    )
    score = np.where(c.can_win, np.nan_to_num(projected, nan=-1.0), -1.0)
    return names[c.party[np.arange(c.seats), score.argmax(axis=1)]]


def ensemble_winners(scenario: Scenario, runs: int, seed: int | None) -> np.ndarray:
    """Winning party code per run and seat (runs x seats)."""
    m = Model.of(scenario, seed)
    names = np.array([p.id for p in scenario.spec.parties], dtype=object)
    return np.array([names[o.final_party] for _, o in many_runs(scenario, m.entropy, range(runs))])


def _seats_wrong(seats, real, parties: list[str]) -> float:
    """Sum over parties of |seats - real seats| / 2 (mappings by party; absent counts 0)."""
    return float(sum(abs(seats.get(p, 0.0) - real.get(p, 0)) for p in parties) / 2)


def _score(
    name: str, seats: dict[str, float], winners: np.ndarray, actual: np.ndarray, parties: list[str]
) -> dict:
    real = pd.Series(actual).value_counts()
    return {
        "method": name,
        "seats_wrong": _seats_wrong(seats, real, parties),
        "winners_wrong": int((winners != actual).sum()),
        **{p: seats.get(p, 0.0) for p in parties},
    }


def compare_projections(
    runs: int = 50,
    seed: int | None = None,
    scenario: Scenario | str | Path = SHIPPED,
    target: str | None = None,
) -> pd.DataFrame:
    """Score uniform, proportional and hybrid swing and votebank's ensemble against ``target``.

    Args:
        runs: Runs of the ensemble.
        seed: Ensemble seed (default: the scenario's).
        scenario: The projection scenario.
        target: The general election scored against, in the results files in use (default:
            their last general election).

    Returns:
        One row per method (and the actual result): ``method``, ``seats_wrong``,
        ``winners_wrong``, then seats by party (the ensemble's are means over runs; its
        winners are each seat's most frequent winner). ``attrs['seats_sd']`` holds the
        ensemble's per-party sd of seats over runs.
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if sc.spec.mechanisms.byelection.enabled:  # its seats would be scored on a general election
        why = "a by-election scenario: uk-projection scores a general election (score it with "
        why += "votebank validate-against)"
        raise InputError([Problem("--scenario", "", sc.name, why)])
    seat_ids = sc.constituencies["id"].to_numpy(dtype=object)
    target = target or general_elections()[-1]
    actual, id_notes = actual_winners(seat_ids, target)
    parties = [p.id for p in sc.spec.parties]
    # A real winner's party the scenario lacks (e.g. on another slate) is still a seat wrong.
    parties += sorted(set(actual) - set(parties))
    rows = []
    for model in ("uniform", "proportional", "hybrid"):
        w = deterministic_winners(sc, model)
        counts = pd.Series(w).value_counts()
        rows.append(
            _score(
                f"{model} swing", {p: float(counts.get(p, 0)) for p in parties}, w, actual, parties
            )
        )
    ens = ensemble_winners(sc, runs, seed)
    per_run = pd.DataFrame([pd.Series(r).value_counts() for r in ens]).fillna(0.0)
    mean = {p: float(per_run[p].mean()) if p in per_run else 0.0 for p in parties}
    modal = np.array(
        [pd.Series(ens[:, s]).value_counts().index[0] for s in range(ens.shape[1])], dtype=object
    )
    rows.append(_score(f"votebank ensemble ({plural(runs, 'run')})", mean, modal, actual, parties))
    counts = pd.Series(actual).value_counts()
    rows.append(
        _score(
            f"actual {target[:4]}",
            {p: float(counts.get(p, 0)) for p in parties},
            actual,
            actual,
            parties,
        )
    )
    out = pd.DataFrame(rows)
    out = out[["method", "seats_wrong", "winners_wrong", *[p for p in parties if out[p].any()]]]
    out.attrs["seats_sd"] = {p: float(per_run[p].std(ddof=1)) for p in per_run}
    out.attrs["per_run_seats_wrong"] = [
        _seats_wrong(r, counts, parties) for _, r in per_run.iterrows()
    ]
    out.attrs["notes"] = id_notes
    out.attrs["scenario"] = sc.name
    return out


def projection_command(
    runs: Annotated[int, typer.Option(min=1, max=1_000_000, help="Runs of the ensemble.")] = 50,
    seed: Annotated[int | None, typer.Option(min=0, help="Seed (default: the scenario's).")] = None,
    scenario: Annotated[
        str | None,
        typer.Option(help=f"Projection scenario (name, folder or TOML; default {SHIPPED})."),
    ] = None,
    results: ResultsOpt = None,
    contests: ContestsOpt = None,
    totals: TotalsOpt = None,
    base: Annotated[
        str | None,
        typer.Option(
            help="Base general election, a date or a year (default: the one before --target)."
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            help="Target general election, a date or a year (default: the file's last one)."
        ),
    ] = None,
) -> None:
    """A general election from the one before: uniform vs proportional swing vs votebank."""
    from votebank.errors import InputError, Problem

    blank_dates({"--base": base, "--target": target})
    own = scenario  # the user's: its baseline votes are the base, whatever --base would say
    files = files_from(results, contests, totals)
    with results_files.using(files), tempfile.TemporaryDirectory(prefix="votebank-uk-") as tmp:
        target = general_date(target) if target else general_elections()[-1]
        base_given = bool(base)
        if not base:  # a target not in the file has no election before it to look for
            check_dates([target], general=True)
        base = general_date(base) if base else previous_general(target)
        gb = check_pair(base, target)
        if own and (results or base_given):
            raise InputError(
                [
                    Problem(
                        "--scenario", "", scenario, "give a scenario or --results/--base, not both"
                    )
                ]
            )
        last = general_elections()[-1]
        shipped_pair = files is None and (base, target) == (previous_general(last), last)
        if not scenario and not shipped_pair:
            from votebank.uk.import_cli import projection_scenario

            scenario = str(
                projection_scenario(
                    base,
                    target,
                    Path(tmp) / "projection",
                    totals=gb,
                    name=f"uk-{target[:4]}-from-{base[:4]}",
                    seed=int(target.replace("-", "")),
                    runs=runs,
                )
            )
        frame = compare_projections(
            runs=runs, seed=seed, scenario=scenario or SHIPPED, target=target
        )
        # A path would break across lines of the title: the scenario is named by its name.
        source = f"{safe(frame.attrs['scenario'])}'s baseline votes" if own else f"GE{base[:4]}"
        _print(frame, source, target)
        notes = [] if shipped_pair else [*(t.note for t in gb.values()), incumbents(target).note]
        notes += [] if shipped_pair else [renamed_note(base, target), postponed_note()]
        notes += frame.attrs["notes"]  # seat ids read loosely
    if any(notes):
        from rich.markup import escape

        from votebank.terminal import err

        for note in filter(None, notes):  # on stderr: stdout holds the projection alone
            err.print(f"[yellow]note[/yellow]: {escape(note)}", highlight=False)


def _print(frame: pd.DataFrame, source: str, target: str) -> None:
    from votebank.terminal import Column, console, fitted_table

    # Parties down, methods across: a dozen parties across would need 200 columns.
    parties = list(frame.columns[3:])
    methods = [m if m.startswith("votebank") else m[:1].upper() + m[1:] for m in frame["method"]]
    columns = [
        Column("Party", [*parties, "Seats wrong", "Winners wrong"], right=False),
        *(
            Column(
                method,
                [
                    *(f"{v:.1f}" if v % 1 else f"{v:.0f}" for v in row[3:]),
                    f"{row[1]:.1f}",
                    str(row[2]),
                ],
            )
            for method, row in zip(methods, frame.itertuples(index=False), strict=True)
        ),
    ]
    console.print(
        fitted_table(
            f"GE{target[:4]} projected from {source} and national shares: seats by party",
            columns,
            caption=(
                "Seats wrong = sum |projected - actual| / 2; winners wrong = constituencies "
                "whose projected winner is not the real one (ensemble: each seat's most "
                "frequent winner)"
            ),
            sections=[len(parties) - 1],
        )
    )
