"""Copeland 2017: what did Momentum's 85 carloads buy? Counterfactuals with common random numbers.

The same runs (same seed, same run indices) are made with Labour's canvass at 0, 85 and 850
carloads (3.5 activists a car, 5 hours each [E]; the Conservative canvass unchanged). Each
seat draws from its own named streams, so the runs differ only where the canvass acts: the
paired difference of Labour's votes is the votes the canvass bought, with a small standard
error. Each party's distribution of votes is set beside the declared result.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
import typer
from pydantic import ValidationError

from votebank.canvass_plan import with_campaigns
from votebank.display import DataTable as Table
from votebank.display import choices, joined, probability
from votebank.errors import InputError, Problem
from votebank.mechanisms.canvass import MAX_CARS, TOKEN_HOURS, Campaign
from votebank.run.many import many_runs
from votebank.run.model import Model
from votebank.scenario.load import Scenario, load_scenario
from votebank.terminal import Column, fitted_table
from votebank.uk.results_files import OTHERS

CARS = (0, 85, 850)


def declared(scenario: Scenario) -> dict[str, int]:
    """The scenario's declared votes by party (its candidates' ``actual_votes``), if it has them.

    A party with any candidate whose votes are not known has no declared total: a partial sum
    (or 0) was shown as its result and judged against the runs.
    """
    c = scenario.candidates
    known = c["actual_votes"] >= 0  # -1: not known (the table's default)
    unknown = set(c.loc[~known, "party"])
    votes = c[known].groupby("party", sort=False)["actual_votes"].sum()
    return {str(p): int(v) for p, v in votes.items() if p not in unknown}


def with_cars(scenario: Scenario, party: str, cars: int) -> Scenario:
    """The scenario with ``party``'s canvass given ``cars`` carloads in all.

    A campaign is added if the party has none, in the seats where it stands. The carloads go to
    the first of the party's campaigns that has any (else its first); its other campaigns keep
    their hours and lose their carloads: given to each, they would count once per campaign. The
    carloads' campaign keeps at least a token presence (``TOKEN_HOURS``), so every count of
    carloads samples the voters by the same path (common random numbers). A canvass switched
    off keeps its campaigns off (they do nothing in ``votebank run``): the carloads canvass
    alone, in the seats of the campaign that would have taken them.
    """
    canvass = scenario.spec.mechanisms.canvass
    campaigns = list(canvass.campaigns)
    ours = [i for i, c in enumerate(campaigns) if c.party == party]
    if not canvass.enabled:
        first = ([i for i in ours if campaigns[i].cars > 0] or ours or [None])[0]
        campaigns = [] if first is None else [campaigns[first].model_copy(update={"hours": 0.0})]
        ours = [0] if campaigns else []
    if ours:
        with_cars = [i for i in ours if campaigns[i].cars > 0]
        first = (with_cars or ours)[0]
        for i in ours:
            n = int(cars) if i == first else 0
            campaigns[i] = campaigns[i].model_copy(update={"cars": n})
        # A token presence at 0 carloads: an unreached seat's voters are drawn by another path.
        hours = max(campaigns[first].hours, TOKEN_HOURS)
        campaigns[first] = campaigns[first].model_copy(update={"hours": hours})
    else:
        # Where the party stands: hours in another seat would reach no candidate of its own.
        stands = set(scenario.candidates.loc[scenario.candidates["party"] == party, "constituency"])
        seats = [s for s in scenario.constituencies["id"] if s in stands]
        campaigns.append(Campaign(party=party, seats=seats, hours=TOKEN_HOURS, cars=int(cars)))
    return with_campaigns(scenario, campaigns)


def carload_problems(sc: Scenario, cars: Sequence[int], party: str) -> list[Problem]:
    """Carloads out of range, given twice or past the canvass's hours; a party not canvassing.

    A party not canvassing: one standing nowhere, or an aggregate of several candidates (``OTH``).
    """
    cars = list(cars)
    problems = [
        Problem("--cars", "", f"{n:,}", f"must be 0 to {MAX_CARS:,}")
        for n in cars
        if not 0 <= n <= MAX_CARS
    ]
    problems += [
        Problem("--cars", "", str(n), "given twice") for n in sorted(set(cars)) if cars.count(n) > 1
    ]
    standing = sorted(set(sc.candidates["party"]))
    aggregates = [p.id for p in sc.spec.parties if p.aggregate]
    can = [p for p in standing if p not in aggregates]  # the choices a refusal names
    if party in aggregates:  # several candidates counted as one row: no one to canvass for
        why = f"stands for several candidates and cannot canvass; parties: {joined(can)}"
        problems.append(Problem("--party", "", party, why))
    elif party not in standing:
        why = f"stands in no seat of {sc.name}; {choices(party, can)}"
        problems.append(Problem("--party", "", party, why))
    elif not problems:  # the carloads' hours at the campaign's own occupants and hours
        for n in cars:
            try:
                with_cars(sc, party, n)
            except ValidationError as exc:
                why = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
                problems.append(Problem("--cars", "", f"{n:,}", why))
    return problems


def carload_hours(scenario: Scenario, party: str) -> str:
    """What one carload is, in volunteer-hours, as the campaign given the carloads counts it.

    The table counted carloads alone: how many hours of doorstep work they are was in the
    scenario's TOML file (``occupants_per_car``, ``hours_per_activist``) and nowhere printed.
    """
    (campaign,) = [
        c
        for c in with_cars(scenario, party, 1).spec.mechanisms.canvass.campaigns
        if c.party == party and c.cars
    ]
    people, hours = campaign.occupants_per_car, campaign.hours_per_activist
    seats = len(campaign.seats)
    spread = f", spread evenly over {seats:,} seats" if seats > 1 else ""
    return (
        f"A carload: {people:g} activists x {hours:g} h = {people * hours:,.4g} "
        f"volunteer-hours{spread}"
    )


def carload_runs(
    scenario: Scenario | str | Path = "copeland-2017",
    cars: Sequence[int] = CARS,
    *,
    party: str = "Lab",
    runs: int = 400,
    seed: int | None = None,
) -> pd.DataFrame:
    """Votes by party in every run of each counterfactual (common random numbers).

    Args:
        scenario: The scenario (default the Copeland prior).
        cars: Carloads of the party's canvass in each counterfactual.
        party: The canvassing party whose carloads change.
        runs: Runs per counterfactual (indices ``0..runs-1``, the same in each).
        seed: Ensemble seed (default: the scenario's).

    Returns:
        Long table: ``cars``, ``run``, ``party``, ``votes`` (summed over the scenario's seats),
        ``seats`` (seats won); ``attrs["seed"]`` is the seed the runs used.
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    problems = carload_problems(sc, cars, party)
    if problems:
        raise InputError(problems)
    base = Model.of(sc, seed)
    c = base.contests
    party_of = np.where(c.valid, c.party, -1)
    rows = []
    for n_cars in cars:
        for i, st in many_runs(with_cars(sc, party, n_cars), base.entropy, range(runs)):
            votes = st.votes
            by_party = np.bincount(party_of[c.valid], votes[c.valid], minlength=len(c.party_ids))
            won = np.bincount(st.final_party, minlength=len(c.party_ids))
            for p, name in enumerate(c.party_ids):
                if (party_of == p).any():
                    rows.append((n_cars, i, name, int(by_party[p]), int(won[p])))
    frame = pd.DataFrame(rows, columns=["cars", "run", "party", "votes", "seats"])
    frame.attrs["seed"] = base.entropy  # fresh entropy when none was given: shown, to redo
    return frame


def summarise(frame: pd.DataFrame, party: str = "Lab") -> pd.DataFrame:
    """Per counterfactual: the party's mean votes (MC s.e.), paired gain over the first, P(win).

    Returns:
        Columns ``cars``, ``runs``, ``mean``, ``se``, ``gain``, ``gain_se``, ``p_win``.
    """
    mine = frame[frame["party"] == party].pivot(index="run", columns="cars", values="votes")
    won = frame[frame["party"] == party].pivot(index="run", columns="cars", values="seats")
    first = mine.columns[0]
    out = []
    for cars in mine.columns:
        v, d = mine[cars], mine[cars] - mine[first]
        n = len(v)
        out.append(
            {
                "cars": int(cars),
                "runs": n,
                "mean": float(v.mean()),
                "se": float(v.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan"),
                "gain": float(d.mean()),
                "gain_se": float(d.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan"),
                "p_win": float((won[cars] > 0).mean()),
            }
        )
    return pd.DataFrame(out)


def distribution(frame: pd.DataFrame, real: dict[str, int], cars: int) -> pd.DataFrame:
    """Each party's votes in one counterfactual: mean, 5th and 95th percentiles, real votes."""
    f = frame[frame["cars"] == cars]
    g = f.groupby("party", sort=False)["votes"]
    out = pd.DataFrame(
        {
            "mean": g.mean(),
            "p5": g.quantile(0.05),
            "p95": g.quantile(0.95),
            "p_win": f.groupby("party", sort=False)["seats"].apply(lambda s: (s > 0).mean()),
        }
    )
    out["real"] = [real.get(p, np.nan) for p in out.index]  # NaN: not declared
    out["real_in_90"] = (out["real"] >= out["p5"]) & (out["real"] <= out["p95"])
    return out.reset_index()


def bought_table(
    title: str,
    frame: pd.DataFrame,
    party: str,
    wins: str,
    caption: str | None = None,
    width: int | None = None,
) -> Table:
    """Each counterfactual's votes for ``party``, the votes it bought and P(win), fitted.

    A column that does not fit is dropped (and named in the caption), never cut mid-number.
    """
    rows = list(summarise(frame, party).itertuples())
    columns = [
        Column("carloads", [str(r.cars) for r in rows]),
        Column(f"{party} votes (mean ± MC s.e.)", [f"{r.mean:,.0f} ± {r.se:,.0f}" for r in rows]),
        Column("bought vs first (± s.e.)", [f"{r.gain:+,.0f} ± {r.gain_se:,.0f}" for r in rows]),
        Column(f"P({party} {wins})", [probability(r.p_win) for r in rows], priority=1),
    ]
    return fitted_table(title, columns, caption=caption, width=width)


def silent_note(scenario: Scenario, frame: pd.DataFrame, real: dict[str, int]) -> str | None:
    """Why parties declared with votes poll none in any run (None: every such party polls some).

    Copeland's independent (811 votes) read "0, 0, 0 ... no" with no word of why: a candidate
    with no baseline votes (not standing in the base election) gets the importer's floor
    appeal, and no voter chooses it.
    """
    polled = frame.groupby("party", sort=False)["votes"].max()
    silent = [str(p) for p, v in polled.items() if v == 0 and real.get(p, 0) > 0]
    if not silent:
        return None
    c = scenario.candidates
    appeal = c[c["party"].isin(silent)].groupby("party")["appeal"].max()
    low, high = appeal[silent].min(), appeal[silent].max()
    values = f"{low:g}" if low == high else f"{low:g} to {high:g}"
    return (
        f"{', '.join(silent)}: no vote in any run, though declared: their candidates' appeal "
        f"in the scenario is {values} (an imported candidate with no votes in the base "
        "election gets the floor, -15), so no voter chooses them"
    )


def votes_table(
    frame: pd.DataFrame,
    real: dict[str, int],
    cars: int,
    wins: str,
    width: int | None = None,
    caption: str | None = None,
) -> Table:
    """Each party's votes at ``cars`` carloads beside the declared result, fitted.

    At 80 columns seven columns of millions do not fit: P(win) goes first (the table is of
    votes), then the 5-95% bounds, so that no number is shown cut.
    """
    rows = list(distribution(frame, real, cars).itertuples())
    known = [not np.isnan(r.real) for r in rows]  # "-" where the data declare no result
    columns = [
        Column("party", [str(r.party) for r in rows], right=False),
        Column("mean", [f"{r.mean:,.0f}" for r in rows]),
        Column("5%", [f"{r.p5:,.0f}" for r in rows], priority=2),
        Column("95%", [f"{r.p95:,.0f}" for r in rows], priority=2),
        Column(
            "P(win)" if wins == "wins" else f"P({wins})",
            [probability(r.p_win) for r in rows],
            priority=3,
        ),
        Column(
            "declared",
            [f"{r.real:,.0f}" if k else "-" for r, k in zip(rows, known, strict=True)],
        ),
        Column(
            "in 5-95%",
            [
                ("yes" if r.real_in_90 else "no") if k else "-"
                for r, k in zip(rows, known, strict=True)
            ],
            priority=1,
        ),
    ]
    title = f"Votes by party with {cars} carloads vs the declared result"
    return fitted_table(title, columns, caption=caption, width=width)


def carloads_command(
    scenario: Annotated[
        str, typer.Argument(help="Built-in name, folder or TOML file.")
    ] = "copeland-2017",
    runs: Annotated[int, typer.Option(min=2, max=1_000_000, help="Runs per counterfactual.")] = 400,
    seed: Annotated[int | None, typer.Option(min=0, help="Seed (default: the scenario's).")] = None,
    cars: Annotated[
        list[int] | None,
        typer.Option(
            "--cars",
            help="Carloads to compare (a carload: the campaign's occupants_per_car x "
            "hours_per_activist volunteer-hours, 3.5 x 5 = 17.5 on copeland-2017); repeat.",
        ),
    ] = None,
    party: Annotated[str, typer.Option(help="The canvassing party.")] = "Lab",
) -> None:
    """Copeland counterfactuals: 0, 85 and 850 carloads, same runs; vs the declared result."""
    from rich.console import Console

    from votebank.canvass_render import off_note
    from votebank.display import safe

    sc = load_scenario(scenario)
    wanted = tuple(cars) if cars else CARS
    frame = carload_runs(sc, wanted, party=party, runs=runs, seed=seed)
    real = declared(sc)
    console = Console()
    if note := off_note(sc, party, "carloads"):  # the carloads switch the canvass on
        console.print(safe(note), highlight=False)
    # Of several seats, a party "wins" when it takes at least one: say so.
    wins = "wins" if len(sc.constituencies) == 1 else "wins any seat"
    title = (
        f"{sc.name}: {party} canvass carloads ({runs} runs each, same runs, "
        f"seed {frame.attrs['seed']})"
    )
    caption = carload_hours(sc, party)
    if real:
        caption += "; declared: " + ", ".join(
            f"{p} {v:,}" for p, v in sorted(real.items(), key=lambda i: -i[1]) if p != OTHERS
        )
    console.print(bought_table(title, frame, party, wins, caption, console.width))
    shown = 85 if 85 in wanted else wanted[0]
    note = silent_note(sc, frame, real)
    console.print(votes_table(frame, real, shown, wins, console.width, note))
