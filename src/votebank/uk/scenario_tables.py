"""The constituency and candidate tables of a UK scenario, from the results in use.

* **Seats**: every seat of a general election (GSS code, House of Commons Library name, ONS
  region, or Scotland, Wales, Northern Ireland), or the seat of a by-election.
* **Candidates** (the *slate*): the candidates who stood at ``slate_date`` (default: the
  election itself). Each main party keeps its code from the data (``main_parties()``); every
  other candidate, and any second independent in a seat, is folded into one ``OTH`` row per
  seat, an aggregate that cannot win (:func:`votebank.uk.parties.fold_parties`). No minor
  party won a seat in 2010 or 2015, so seat totals are unchanged by the folding.
* **Baseline** (``baseline_votes``): each slate party's votes at the baseline election (the
  election itself, or for a by-election the general election before it). The 2010 joint
  Ulster Unionist-Conservative ticket (UCUNF) counts as UUP when the slate is from another
  election. The votes of a party with no candidate in the seat now (it stands down, the
  Speaker moves seat, no minor candidate stands) go to those who stand, as uniform swing's
  renormalising gives them: in proportion to their own base votes there, a party that did
  not stand there then counting with its share of the region's vote at the baseline; the
  Speaker standing in a new seat takes them all (the main parties stand aside). No row
  without a candidate holds votes (:func:`votebank.uk.departed.share_departed`). ``appeal`` is
  ``log(baseline share)`` and mood is zero, so with equal candidate and party weights the
  baseline utilities reproduce the baseline shares.
* **Electorate**: registered as in the data at the slate election (for Copeland 2017 the
  by-election's register, 60,602 [S]), turnout (ballots counted / electorate) of the baseline
  election [S]; rejected ballots' share from the baseline election [S].
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from votebank.elections.seat_ids import seat_key
from votebank.errors import InputError, Problem
from votebank.scenario.kept_seats import ids_named
from votebank.scenario.tables import CONSTITUENCY_COLUMNS
from votebank.uk import results_files
from votebank.uk.ballots import check_ballots
from votebank.uk.departed import region_shares, share_departed
from votebank.uk.elections import contest, previous_general
from votebank.uk.parties import fold_parties
from votebank.uk.places import check_places
from votebank.uk.results_files import OTHERS
from votebank.uk.tables import candidates_table, contests_table

_MIN_APPEAL = -15.0  # appeal of a candidate with no baseline votes (exp(-15) ~ 3e-7)


def scenario_tables(
    election_date: str,
    *,
    slate_date: str | None = None,
    seats: Iterable[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The constituency and candidate tables of a UK scenario, and facts for its TOML.

    Args:
        election_date: The baseline election, or a by-election date (its baseline is then
            the general election before it, and its slate the by-election's candidates).
        slate_date: Whose candidates stand (default: the election itself; a by-election's own).
        seats: Only these GSS codes (default: every seat of the slate election; of a
            by-election, its own seats).

    Returns:
        ``(constituencies, candidates, facts)``; facts holds ``baseline_date``,
        ``slate_date``, ``byelection`` (bool), ``rejected_share`` and ``turnout``.

    Raises:
        VotebankError: If a date or seat is not in the data.
    """
    contests = contests_table()
    kinds = set(contests.loc[contests["election_date"] == election_date, "election_type"])
    if not kinds:
        known = sorted(contests["election_date"].dropna().unique())
        raise results_files.unknown_date(election_date, known)
    byelection = kinds == {"by-election"}
    baseline_date = previous_general(election_date) if byelection else election_date
    slate_date = slate_date or election_date
    slate_contests = contest(slate_date)
    chosen = seats
    if byelection and seats is None:
        # A by-election is held in its own seats, whoever stands: not in every seat of a
        # general election's slate.
        chosen = contest(election_date)["constituency_id"]
    if chosen is not None:
        wanted = list(chosen)
        missing = sorted(set(wanted) - set(slate_contests["constituency_id"]))
        if missing:  # the codes typed (or the slate given) are at fault, not the file's dates
            held = slate_contests["constituency_id"]
            why = f"no contest on {slate_date} in {results_files.source_name('contests')}"
            why += f" (GSS codes as in it, e.g. {held.iloc[0]})" if len(held) else ""
            why += _as_written(missing, held, slate_contests)
            option = "--seat" if seats is not None else "--slate"
            raise InputError([Problem(option, "", ", ".join(missing), why)])
        slate_contests = slate_contests[slate_contests["constituency_id"].isin(wanted)]
    ids = list(slate_contests["constituency_id"])
    _check_seats_held(slate_contests, slate_date, baseline_date, whole=chosen is None)
    base_contests = contest(baseline_date).set_index("constituency_id").loc[ids]
    _check_sizes(slate_contests, contest(baseline_date), ids)
    check_ballots()
    check_places()

    cands = candidates_table()
    slate = cands[(cands["election_date"] == slate_date) & cands["constituency_id"].isin(ids)]
    base = cands[(cands["election_date"] == baseline_date) & cands["constituency_id"].isin(ids)]
    differ = slate_date != baseline_date
    slate = fold_parties(slate, alias=False)
    base = fold_parties(base, alias=differ)

    base_votes = base.groupby(["constituency_id", "code"])["votes"].sum()
    baseline_all = cands[cands["election_date"] == baseline_date]
    region_share = region_shares(fold_parties(baseline_all, alias=differ))
    rows = []
    for seat, group in slate.groupby("constituency_id", sort=False):
        main = group[group["code"] != OTHERS]
        n_oth = int((group["code"] == OTHERS).sum())
        codes = list(main["code"]) + ([OTHERS] if n_oth else [])
        names = list(main["candidate"])
        if n_oth:
            names.append(f"Others ({n_oth} candidate{'s' if n_oth != 1 else ''})")
        seat_base = base_votes.loc[seat] if seat in base_votes.index.get_level_values(0) else None
        region = group["region"].iloc[0]
        votes = share_departed(codes, seat_base, region_share.get(region, {}))
        rows += [(seat, c, n, v) for c, n, v in zip(codes, names, votes, strict=True)]
    table = pd.DataFrame(rows, columns=["constituency", "party", "name", "baseline_votes"])
    total = table.groupby("constituency")["baseline_votes"].transform("sum")
    share = table["baseline_votes"] / total.where(total > 0, 1)
    table["appeal"] = np.maximum(np.log(np.maximum(share, 1e-300)), _MIN_APPEAL).round(6)
    table["candidate"] = table["constituency"] + "-" + table["party"]
    candidates = table[["constituency", "candidate", "name", "party", "appeal", "baseline_votes"]]

    turnout = (base_contests["ballots_counted"] / base_contests["electorate"]).round(6)
    constituencies = pd.DataFrame(
        {
            "id": ids,
            "name": slate_contests["constituency_name"].to_numpy(),
            "region": slate_contests["region"].to_numpy(),
            "registered": slate_contests["electorate"].to_numpy(dtype=np.int64),
            "urban_share": 0.8,  # [E] unused: UK candidate and party weights are equal
            "turnout": turnout.to_numpy(),
        }
    )
    base_all = contest(baseline_date)
    facts = {
        "baseline_date": baseline_date,
        "slate_date": slate_date,
        "byelection": byelection,
        "rejected_share": float(
            base_all["rejected_ballots"].sum() / base_all["ballots_counted"].sum()
        ),
        "turnout": float(base_all["ballots_counted"].sum() / base_all["electorate"].sum()),
    }
    return constituencies, candidates, facts


def _check_seats_held(
    seats: pd.DataFrame, slate_date: str, baseline_date: str, *, whole: bool = True
) -> None:
    """InputError unless each seat has a baseline contest and candidates at both elections.

    With ``whole`` (every seat asked for), also unless each seat with candidates at either
    election has a contest then: the seats come from the contests file, and one missing there
    was left out of the scenario in silence. Named in the user's files: the scenario files
    built from them would name a temporary file.
    """
    cands = candidates_table()
    checks = [("contests", seats, contest(baseline_date), f"no contest on {baseline_date}")]
    for day in dict.fromkeys((slate_date, baseline_date)):  # one day if they are the same
        held = cands[cands["election_date"] == day]
        checks.append(("candidates", seats, held, f"no candidate on {day}"))
        if whole:
            why = f"candidates on {day} in {results_files.source_name()} but no contest then"
            checks.append(("contests", held.drop_duplicates("constituency_id"), contest(day), why))
    problems = []
    for kind, having, rows, why in checks:
        lacking = having[~having["constituency_id"].isin(rows["constituency_id"])]
        named = [
            f"{i} ({n})" for i, n in lacking[["constituency_id", "constituency_name"]].to_numpy()
        ]
        if named:
            more = f" and {len(named) - 5} more" if len(named) > 5 else ""
            where = results_files.source_name(kind)
            value = ", ".join(named[:5]) + more
            problems.append(Problem(where, "column constituency_id", value, f"seat(s) with {why}"))
    if problems:
        raise InputError(problems)


def _check_sizes(slate: pd.DataFrame, base: pd.DataFrame, ids: list[str]) -> None:
    """InputError for an electorate or a turnout a scenario cannot hold, by its contests row.

    The scenario's own check would name the temporary constituencies.csv built from them.
    """
    bounds = {c.name: (c.low, c.high) for c in CONSTITUENCY_COLUMNS}
    most = bounds["registered"][1]
    low, high = bounds["turnout"]
    base = base[base["constituency_id"].isin(ids)]
    turnout = (base["ballots_counted"] / base["electorate"]).round(6)
    big = slate[slate["electorate"] > most]
    odd = base[(turnout < low) | (turnout > high)]
    where = results_files.source_name("contests")
    problems = [
        Problem(where, f"row {i + 2}, column electorate", f"{n:,}", f"more than {most:,} electors")
        for i, n in zip(big.index, big["electorate"], strict=True)
    ]
    problems += [
        Problem(
            where,
            f"row {i + 2}, column ballots_counted",
            f"{n:,}",
            f"turnout (ballots_counted / electorate) {t:.6g}: a scenario needs {low} to {high}",
        )
        for i, n, t in zip(odd.index, odd["ballots_counted"], turnout[odd.index], strict=True)
    ]
    if problems:
        raise InputError(problems[:5])


def _as_written(missing: list[str], held: pd.Series, contests: pd.DataFrame) -> str:
    """The file's spelling of each id in ``missing`` written otherwise (``e14000530``), if one.

    A seat's name given for its code (``Bury North``, any case) is told its code.
    """
    keys: dict[str, list[str]] = {}
    for seat in held.astype(str):
        keys.setdefault(seat_key(seat), []).append(seat)
    near = []
    for m in missing:
        named = (
            ids_named(contests["constituency_name"], contests["constituency_id"], m)
            if "constituency_name" in contests
            else []
        )
        if len(keys.get(seat_key(m), [])) == 1:
            near.append(f"{m!r} is {keys[seat_key(m)][0]}")
        elif len(named) == 1:
            near.append(f"{m!r} is the name of {named[0]}")
    return f"; as the file writes them: {', '.join(near)}" if near else ""
