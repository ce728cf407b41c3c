"""Build ``pakistan-2008-from-2002``: the 2008 National Assembly election from 2002 and earlier.

Run from the repository root::

    python scripts/build_pakistan_2008_from_2002.py build --out DIR   # write a scenario folder
    python scripts/build_pakistan_2008_from_2002.py calibrate         # fit on the base, build
    python scripts/build_pakistan_2008_from_2002.py compare           # score against the target

``--base`` and ``--target`` (dates or years of the shipped file) pick the pair; the defaults are
the pair of the shipped ``pakistan-2008-from-2002``. ``build`` writes to ``build/`` unless
``--out`` names a folder; it refuses a shipped scenario folder without ``--replace-shipped``.
The hand-set changes below belong to one target date and are applied only to it. For a plain,
general forecast of any pair use ``votebank backtest``.

Nothing of the 2008 *result* goes into the scenario. What it uses, and why each is known
before polling day (18 February 2008):

* **Seats and roll**: the 268 constituencies polled on the day (delimitation of 2002, the same
  for both elections) with their 2008 registered voters: the electoral roll is published
  before the poll.
* **Slate**: each seat's 2008 candidates as they stood (name and party). The shipped results
  name only the top three of each seat and lump the rest as "Other candidates"; candidate lists
  are public before the poll, but *which three* finished on top is not, so the scenario knows
  the main contenders a little better than a forecaster could. This is the one leak the data
  forces; docs/validation.md states it.
* **Baseline** (each candidate's starting share, from 2002 only): the same person's 2002 share
  in the seat (matched by normalised name), else the party's 2002 share in the seat (its
  successor's: MMA -> JUI-F, National Alliance -> PML-Q), else half the 2002 third-placed
  share (a minor candidate in 2002). The "Other candidates" row starts at the 2002 share of
  the candidates outside the top three. ``appeal = log(share) - mood``, with mood the log of the
  party's mean 2002 share in the province, and candidate and party weights equal, so
  ``mood + appeal`` reproduces the 2002 share.
* **Turnout**: each seat's 2002 turnout; the 2007-08 threat of violence (the pakistan-2008
  levels by province [E]) lowers it through ``[mechanisms.fear]``.
* **Hand-set changes since 2002** (``HAND_SET`` below, each with its reason): the IRI poll of
  January 2008 (after Benazir Bhutto's assassination on 27 December 2007) as national mood
  shifts; defectors to the PML-Q punished (``[mechanisms.switching]``); the MMA split (the
  Jamaat-e-Islami boycotted the poll, JUI-F stood alone); the PML-Q as the governing party.
* **Noise** from 1993 -> 1997 (two elections on one delimitation, long before 2008): the spread
  of seat-level changes in parties' log shares, of province-level party changes, and of seat
  turnout changes (``noise_from_earlier_pair``: the latest shipped pair on one delimitation
  whose target precedes the base).
* **Calibrated on 2002** (``calibrate``): bloc membership, bloc cohesion, the bloc bandwagon
  and the turnout boost of instructed voters, fitted with ``votebank.calibrate`` to the 2002
  constituency results on a 2002 *hindcast* built by the same rules (in-sample baseline: the
  fit asks how strongly the mechanisms may act without distorting a known result). The trial
  log is committed next to the scenario (``calibration-2002-trials.csv``, ``.json``).

Synthetic columns (urban share, backgrounds, patrons, militias, budgets) follow the rules of
``scripts/build_pakistan_2008.py`` with a fixed seed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_pakistan_2008 as base  # noqa: E402  (same rules for the synthetic columns)
from votebank.calibrate.align import norm_name  # noqa: E402
from votebank.calibrate.target import Target  # noqa: E402
from votebank.elections.parties import PAKISTAN_PARTY_CODES  # noqa: E402
from votebank.elections.rows import election_rows  # noqa: E402

SHIPPED = ROOT / "src/votebank/scenarios"
OUT = SHIPPED / "pakistan-2008-from-2002"
CALIBRATION = OUT / "calibration-2002.json"
# Defaults only (the shipped scenario's pair); every function takes the dates it uses.
BASELINE, TARGET = "2002-10-10", "2008-02-18"
HAND_SET_FOR = "2008-02-18"  # the one target date the hand-set values below were written for

# 2002 parties whose vote passed to a 2008 party: the MMA alliance's JUI-F stood alone in 2008
# (its partner the Jamaat-e-Islami boycotted) [S: boycott announced before the poll]; the
# National Alliance merged into the PML-Q in 2004 [S].
SUCCESSOR = {"MMA": "JUI-F", "NAL": "PML-Q"}

# Every hand-set value, with its reason. None of them looks at a 2008 result.
HAND_SET = {
    # IRI national survey, fieldwork January 2008 after the assassination, released on 11 Feb
    # 2008 (The Spectator reported it that week): PPP 50%, PML-N 22%, PML-Q 14%. Taken at face
    # value as a log-ratio to each party's 2002 national share (PML-Q with the National Alliance
    # that merged into it); every other party (independents, MQM, ANP, JUI-F, ...) unchanged, since
    # the poll gives them only 14% together against 34% in 2002, and national polls do not see
    # independents. Bhutto's sympathy vote and the anti-Musharraf mood are in these numbers.
    "poll": {"PPPP": 0.50, "PML-N": 0.22, "PML-Q": 0.14},
    # Candidates who stood in the seat in 2002 for another party (not the National Alliance,
    # already a Musharraf ally, nor as independents) and in 2008 for the PML-Q joined the
    # pro-Musharraf party after 2002 (such as the PPP "Patriots" of 2002): punished with the
    # domain brief's penalty, 0.35 on the logit scale (about 8 points) [E].
    "punished_parties": ["PML-Q"],
    "switch_penalty": 0.35,
    # The JI boycott takes the Jamaat's half of the MMA's 2002 vote away from the JUI-F [E: the
    # two were the alliance's main partners; no seat-level split is published].
    "jui_f_share_of_mma": 0.5,
    # The party in power when the poll was called: bloc leaders find its promises more
    # credible, independents lean to it, by-elections swing to it.
    "government": "PML-Q",
}
# Defaults used when calibration-2002.json is absent (the brief's [E] values).
DEFAULT_FITTED = {
    "electorate.bloc_membership_rural": 0.7,
    "mechanisms.biradari.cohesion": 0.8,
    "mechanisms.biradari.win_weight": 3.0,
    "turnout.instructed_boost": 0.5,
}
CALIBRATED = [
    "electorate.bloc_membership_rural",  # domain range 0.5-0.85
    "mechanisms.biradari.cohesion",  # domain range 0.6-0.95
    "mechanisms.biradari.win_weight=0:3",  # [E] bandwagon weight, 0 (none) to the default 3
    "turnout.instructed_boost=0:1",  # [E] logit boost, 0 to twice the default
]
PARTIES = [
    ("PPPP", "Pakistan Peoples Party Parliamentarians", "#009E73"),
    ("PML-N", "Pakistan Muslim League (Nawaz)", "#0072B2"),
    ("PML-Q", "Pakistan Muslim League (Qaid-e-Azam)", "#E69F00"),
    ("IND", "Independents", "#999999"),
    ("MQM", "Muttahida Qaumi Movement", "#CC79A7"),
    ("ANP", "Awami National Party", "#D55E00"),
    ("JUI-F", "Jamiat Ulema-e Islam (Fazl)", "#56B4E9"),
    ("PML-F", "Pakistan Muslim League (Functional)", "#F0E442"),
    ("MMA", "Muttahidda Majlis-e-Amal", "#3C5488"),
    ("QWP", "Qaumi Watan Party", "#8491B4"),
    ("NP", "National Party", "#91D1C2"),
    ("BNP-A", "Balochistan National Party (Awami)", "#B09C85"),
    ("PDP", "Pakistan Democratic Party", "#7E6148"),
    ("PPP-SB", "Pakistan Peoples Party (Shaheed Bhutto)", "#4DBBD5"),
    ("NPP", "National Peoples Party", "#00A087"),
    ("SUP", "Sindh United Party", "#F39B7F"),
    ("PCM", "Pakistan Citizen Movement", "#8C564B"),
    ("PBP", "Pakistan Bachao Party", "#BCBD22"),
    ("NAL", "National Alliance (2002; merged into the PML-Q in 2004)", "#A0A0A0"),
    ("OTH", "All other candidates", "#DDDDDD"),
]


def pakistan_rows(date: str) -> pd.DataFrame:
    """The shipped National Assembly rows of one general election (one per seat, by number).

    Seats not polled on the day take their re-poll before the next general election in the
    file (NA-262 and NA-263 in November 2002); a seat listed twice keeps its first row.
    """
    got = election_rows(f"pakistan:{date}", repolls=True, sort_seats=True)
    rows = got.rows.drop(columns="_row").drop_duplicates("constituency_number", keep="first")
    return rows.reset_index(drop=True)


def code(party: object) -> str:
    """Party code of a full name in the results (unknown parties keep their name)."""
    return PAKISTAN_PARTY_CODES.get(party, str(party))


def long_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per top-three candidate: seat, province, position, name, party, votes, share."""
    parts = []
    for pos in ("win", "second", "third"):
        part = rows[
            [
                "constituency_number",
                "province",
                f"{pos}_name",
                f"{pos}_party",
                f"{pos}_votes",
                "validated_votes",
            ]
        ].set_axis(["seat", "region", "name", "party", "votes", "valid"], axis=1)
        parts.append(part.assign(position=pos))
    out = pd.concat(parts, ignore_index=True).dropna(subset=["party"])
    out["party"] = out["party"].map(code)
    out["share"] = out["votes"] / out["valid"]
    return out


def national_shares(rows: pd.DataFrame) -> pd.Series:
    """Each party's share of all valid votes (top three of each seat; the rest as OTH)."""
    votes = long_rows(rows).groupby("party")["votes"].sum()
    return votes / rows["validated_votes"].sum()


def baseline_shares(baseline: pd.DataFrame, slate: pd.DataFrame, forecast: bool) -> pd.DataFrame:
    """Each slate candidate's starting share from the baseline election (module docstring).

    Returns:
        One row per slate candidate: seat, region, name, party, share, source ("person",
        "party", "new" or "others") and switched_from (the baseline party of a person who
        changed party).
    """
    past = long_rows(baseline)
    past["successor"] = past["party"].replace(SUCCESSOR) if forecast else past["party"]
    by_seat = dict(tuple(past.groupby("seat")))
    base_rows = baseline.set_index("constituency_number")
    out = []
    for r in slate.itertuples(index=False):
        seat = r.constituency_number
        before = by_seat.get(seat, past.iloc[0:0])
        used: set[int] = set()
        third = float(before["share"].min()) if len(before) else 0.02
        for pos in ("win", "second", "third"):
            party_name = getattr(r, f"{pos}_party")
            if pd.isna(party_name):
                continue
            party, name = code(party_name), getattr(r, f"{pos}_name")
            person = before[(before["name"].map(norm_name) == norm_name(name))]
            person = person[~person.index.isin(used)]
            same = before[(before["successor"] == party) & ~before.index.isin(used)]
            if party == "IND":
                same = same.iloc[0:0]  # another independent's vote is not this one's
            switched = ""
            if len(person):
                row, source = person.iloc[0], "person"
                if row["successor"] not in (party, "IND") and party != "IND":
                    switched = row["party"]
            elif len(same):
                row, source = same.iloc[0], "party"
            else:
                row, source = None, "new"
            share = 0.5 * third if row is None else float(row["share"])
            if row is not None:
                used.add(row.name)
                if forecast and row["party"] == "MMA":
                    share *= HAND_SET["jui_f_share_of_mma"]
            out.append(
                {
                    "seat": seat,
                    "region": r.province,
                    "name": name,
                    "party": party,
                    "share": share,
                    "source": source,
                    "switched_from": switched,
                }
            )
        rest = base_rows.loc[seat, "remainder_votes"] / base_rows.loc[seat, "validated_votes"]
        rest = float(np.nan_to_num(rest))
        if r.remainder_votes > 0 or not forecast:
            out.append(
                {
                    "seat": seat,
                    "region": r.province,
                    "name": "Other candidates",
                    "party": "OTH",
                    "share": max(rest, 0.005),
                    "source": "others",
                    "switched_from": "",
                }
            )
    return pd.DataFrame(out)


def build_tables(
    baseline_date: str, slate_date: str, forecast: bool
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The constituency and candidate tables and the province moods.

    Args:
        baseline_date: The election that gives shares and turnout (2002).
        slate_date: The election whose seats, roll and candidates stand (2008, or 2002 for the
            hindcast).
        forecast: Apply the hand-set changes (the 2008 forecast) or not (the 2002 hindcast).
    """
    rng = np.random.default_rng(2002_10_10)
    baseline = pakistan_rows(baseline_date)
    slate = pakistan_rows(slate_date)
    slate = slate[slate["constituency_number"].isin(baseline["constituency_number"])]
    slate = slate.assign(voter_reg=roll_or_base(slate, baseline))
    no_roll = slate["voter_reg"].isna()
    if no_roll.any():
        # No roll in either election: the seat cannot be built (reported, not a crash).
        print(f"left out, no roll in either election: {list(slate.constituency_number[no_roll])}")
        slate = slate[~no_roll]
    turnout = baseline.set_index("constituency_number")["turnout"]
    cons = pd.DataFrame(
        {
            "id": slate["constituency_number"].to_numpy(),
            "name": slate["constituency_name"].to_numpy(),
            "region": slate["province"].to_numpy(),
            "registered": slate["voter_reg"].astype(int).to_numpy(),
            "urban_share": [
                0.9 if n.startswith(base.CITIES) else 0.2 for n in slate["constituency_name"]
            ],
            "turnout": turnout.loc[slate["constituency_number"]].round(4).to_numpy(),
            # 2002 is the reference level of threat (its turnout already holds it); the forecast
            # adds the threat of the 2007-08 bombing campaign [E, the pakistan-2008 levels].
            "threat": slate["province"].map(base.THREAT).to_numpy() if forecast else 0.0,
        }
    )
    cands = baseline_shares(baseline, slate, forecast)
    # Party mood: the log of the party's (or its predecessor's) mean 2002 share in the
    # province; a party without one there (a newcomer, the "others" row) takes the log of its
    # own candidates' mean starting share. Appeal is measured from exactly the mood written to
    # the scenario, so that mood + appeal is the starting share.
    past = long_rows(baseline)
    past["party"] = past["party"].replace(SUCCESSOR) if forecast else past["party"]
    mood = np.log(past.groupby(["region", "party"])["share"].mean())
    own = np.log(cands.groupby(["region", "party"])["share"].mean())
    cands["mood"] = [
        round(float(mood.get((g, p), own[(g, p)])), 4)
        for g, p in zip(cands.region, cands.party, strict=True)
    ]
    cands["appeal"] = (np.log(cands["share"]) - cands["mood"]).round(4)
    base.add_synthetic_patrons(cands, rng, cands.seat.map(cons.set_index("id").registered))
    # Ids from seat and party, not from the finishing order.
    key = cands.seat + "-" + cands.party
    n = cands.groupby(key).cumcount()
    cands["candidate"] = np.where(n > 0, key + "-" + (n + 1).astype(str), key)
    persons = cands.name.map(norm_name)
    major = cands.party.ne("OTH") & cands.party.ne("IND")
    seats_of = cands[major].groupby(persons[major]).seat.nunique()
    repeat = major & persons.map(seats_of).fillna(0).gt(1)
    cands["person"] = np.where(repeat, "P-" + persons, "")
    cands["actual_votes"] = ""  # no vote of the slate election: the fit reads the data
    cands = cands.rename(columns={"seat": "constituency"})
    order = np.lexsort((cands.candidate.to_numpy(), cands.constituency.map(_seat_number)))
    cands = cands.iloc[order].reset_index(drop=True)
    table = cands.groupby(["region", "party"])["mood"].first()
    moods = {region: table[region].to_dict() for region in sorted(set(cons.region))}
    return cons, cands[[*base.CANDIDATE_CSV, "source", "share"]], moods


def roll_or_base(slate: pd.DataFrame, baseline: pd.DataFrame) -> pd.Series:
    """Each seat's roll in the target election, else its roll in the base (NaN if neither)."""
    base_roll = baseline.drop_duplicates("constituency_number").set_index("constituency_number")
    fallback = slate["constituency_number"].map(base_roll["voter_reg"])
    return pd.to_numeric(slate["voter_reg"], errors="coerce").fillna(fallback)


def _seat_number(seat: str) -> int:
    return int(seat.split("-")[1])


def noise_from_earlier_pair(base_date: str = BASELINE) -> dict[str, float] | None:
    """Seat and province noise of a previous-result forecast, from the latest earlier pair.

    The pair is found in the shipped file (:func:`votebank.backtest.fit.shipped_pairs`): two
    consecutive elections on one delimitation whose later one precedes ``base_date`` (for
    2002, 1993 -> 1997). None if there is none. Seats match by number. For each
    party in a seat's top three both times (independents aside), the change in log vote share
    is split into the province x party mean change and the seat's residual:

    * ``candidate_shock_sd``: sd of the seat residuals;
    * ``region_shock_sd``: sd, over province x party cells with at least five seats, of the
      cell's mean change around the party's mean change over all provinces (the part of a
      regional swing a national forecast misses);
    * ``turnout_seat_sd``: sd of the change in logit turnout around the province's mean.
    """
    from votebank.backtest.history import shipped_pairs

    found = [p for p in shipped_pairs() if p[0].startswith("pakistan:") and p[3] <= base_date]
    if not found:
        return None
    a, b = pakistan_rows(found[-1][2]), pakistan_rows(found[-1][3])
    la, lb = long_rows(a), long_rows(b)
    m = la.merge(lb, on=["seat", "party"], suffixes=("_a", "_b"))
    m = m[(m.party != "IND") & (m.region_a == m.region_b)]
    m["change"] = np.log(m.share_b) - np.log(m.share_a)
    cell = m.groupby(["region_a", "party"])["change"]
    residual = m["change"] - cell.transform("mean")
    cells = cell.agg(["mean", "size"]).reset_index()
    cells = cells[cells["size"] >= 5]
    party_mean = m.groupby("party")["change"].mean()
    regional = cells["mean"] - cells["party"].map(party_mean)
    ta = a.set_index("constituency_number")
    tb = b.set_index("constituency_number")
    common = ta.index.intersection(tb.index)
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    dt = logit(tb.loc[common, "turnout"]) - logit(ta.loc[common, "turnout"])
    dt = dt[np.isfinite(dt)]
    dt_res = dt - dt.groupby(ta.loc[dt.index, "province"]).transform("mean")
    return {
        "candidate_shock_sd": round(float(residual.std(ddof=1)), 3),
        "region_shock_sd": round(float(regional.std(ddof=1)), 3),
        "turnout_seat_sd": round(float(dt_res.std(ddof=1)), 3),
        "pairs": len(m),
        "cells": len(cells),
        "seats_turnout": len(dt),
    }


def poll_shifts(base_date: str = BASELINE) -> dict[str, float]:
    """National mood shifts: log(poll share / base share) for the parties the poll names."""
    shares = national_shares(pakistan_rows(base_date))
    shares = shares.rename(index=SUCCESSOR).groupby(level=0).sum()
    return {p: round(float(np.log(v / shares[p])), 4) for p, v in HAND_SET["poll"].items()}


def write_scenario(
    folder: Path,
    cons: pd.DataFrame,
    cands: pd.DataFrame,
    moods: dict,
    *,
    name: str,
    title: str,
    description: str,
    header: list[str],
    shifts: dict[str, float],
    fitted: dict[str, float],
    noise: dict[str, float] | None,
    government: str,
    switching: bool,
) -> None:
    """Write scenario.toml and the two tables."""
    folder.mkdir(parents=True, exist_ok=True)
    cons.to_csv(folder / "constituencies.csv", index=False)
    cands.drop(columns=["source", "share"]).to_csv(folder / "candidates.csv", index=False)
    used = set(cands.party) | set(cands.switched_from) - {""}
    lines = [*(f"# {h}" if h else "#" for h in header), ""]
    lines += [
        "[scenario]",
        f"name = {json.dumps(name)}",
        f"title = {json.dumps(title)}",
        f"description = {json.dumps(description)}",
        "seed = 20080218",
        "runs = 50",
        "majority = 172",
        "",
        "[tables]",
        'constituencies = "constituencies.csv"',
        'candidates = "candidates.csv"',
    ]
    known = {pid for pid, _, _ in PARTIES}
    declared = [p for p in PARTIES if p[0] in used or p[0] == government]
    declared += [(pid, pid, "#888888") for pid in sorted(used - known)]
    for pid, pname, colour in declared:
        lines += ["", "[[parties]]", f"id = {json.dumps(pid)}", f"name = {json.dumps(pname)}"]
        lines.append(f'colour = "{colour}"')
        if pid == government:
            lines.append("government = true")
        if pid == "IND":
            lines.append("independent = true")
        if pid == "OTH":
            lines.append("aggregate = true")
    lines += [
        "",
        "[electorate]",
        "ghost_share = 0.15          # [E, from S-weak] as pakistan-2008",
        f"bloc_membership_rural = {fitted['electorate.bloc_membership_rural']:.4f}"
        "   # fitted to 2002 (calibration-2002.json)",
        "",
        "[choice]",
        "# Equal weights: mood + appeal is the 2002 share; a mood shift is a plain logit shift.",
        "candidate_weight_rural = 0.5",
        "candidate_weight_urban = 0.5",
    ]
    if noise:
        lines += [
            f"candidate_shock_sd = {noise['candidate_shock_sd']}   # 1993->1997 seat residuals",
            f"region_shock_sd = {noise['region_shock_sd']}   # 1993->1997 province x party",
        ]
    lines += [
        "",
        "[turnout]",
        f"instructed_boost = {fitted['turnout.instructed_boost']:.4f}   # fitted to 2002",
    ]
    if noise:
        lines.append(f"seat_sd = {noise['turnout_seat_sd']}   # 1993->1997 seat turnout changes")
    lines += [
        "",
        "[mechanisms.biradari]",
        "enabled = true",
        f"cohesion = {fitted['mechanisms.biradari.cohesion']:.4f}   # fitted to 2002",
        f"win_weight = {fitted['mechanisms.biradari.win_weight']:.4f}   # fitted to 2002",
        "",
        "[mechanisms.landlords]",
        "enabled = true",
        "",
        "[mechanisms.coercion]",
        "enabled = true",
        "",
        "[mechanisms.stuffing]",
        "enabled = true",
        "",
        "[mechanisms.fear]",
        "enabled = true",
        "",
        "[mechanisms.switching]",
        f"enabled = {'true' if switching else 'false'}",
    ]
    if switching:
        lines += [
            f"punished_parties = {json.dumps(HAND_SET['punished_parties'])}",
            f"penalty = {HAND_SET['switch_penalty']}",
        ]
    lines += ["", "[mechanisms.multiple_seats]", "enabled = true"]
    lines += ["", "[mood.national]"]
    lines += [f"{json.dumps(p)} = {v}" for p, v in shifts.items()]
    for region, row in moods.items():
        lines += ["", f"[mood.{json.dumps(region)}]"]
        lines += [f"{json.dumps(p)} = {v}" for p, v in row.items()]
    (folder / "scenario.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def fitted_values() -> dict[str, float]:
    """The values calibrated on 2002 (calibration-2002.json), else the defaults."""
    if CALIBRATION.exists():
        return {**DEFAULT_FITTED, **json.loads(CALIBRATION.read_text())["best"]}
    return dict(DEFAULT_FITTED)


def build(
    out: Path | None = None,
    base_date: str = BASELINE,
    target_date: str = TARGET,
    replace_shipped: bool = False,
) -> Path:
    """Write the forecast scenario of ``target_date`` from ``base_date`` to ``out``."""
    out = Path(out) if out else ROOT / "build" / f"pakistan-{target_date}-from-{base_date}"
    if out.resolve().is_relative_to(SHIPPED.resolve()) and not replace_shipped:
        raise SystemExit(f"{out} is a shipped scenario folder: add --replace-shipped to write it")
    hand = target_date == HAND_SET_FOR
    cons, cands, moods = build_tables(base_date, target_date, forecast=hand)
    shifts = poll_shifts(base_date) if hand else {}
    noise = noise_from_earlier_pair(base_date)
    fitted = fitted_values()
    header = [
        f"Pakistan National Assembly, {target_date}, forecast from {base_date} and earlier.",
        "Written by scripts/build_pakistan_2008_from_2002.py; no vote of the target is used.",
        "Seats, roll (else the base roll) and top-three slate of the target; shares and",
        "turnout of the base; no hand-set change (they exist for one target date only).",
    ]
    if hand:
        header = [
            "Pakistan National Assembly, 18 February 2008, forecast from 2002 and earlier only.",
            "Written by scripts/build_pakistan_2008_from_2002.py; see docs/validation.md.",
            "",
            "Real and known before the poll: the 2008 seats and roll, the 2008 candidates",
            "(top three of each seat by name and party; the rest as one 'Other candidates' row),",
            "each candidate's 2002 share in the seat (person, else party, else half the 2002",
            "third-placed share), each seat's 2002 turnout. No 2008 vote is used.",
            "Hand-set: [mood.national] = log(IRI January 2008 poll share / 2002 share) for PPPP,",
            "PML-N and PML-Q ("
            + ", ".join(f"{k} {v:.0%}" for k, v in HAND_SET["poll"].items())
            + "); others 0. Defectors to the PML-Q punished",
            f"(penalty {HAND_SET['switch_penalty']}); the JUI-F keeps"
            f" {HAND_SET['jui_f_share_of_mma']} of the MMA's 2002 share",
            "(the Jamaat-e-Islami boycotted); the PML-Q governed before the poll.",
            "Noise from 1993->1997 (same delimitation): "
            + ", ".join(f"{k} {v}" for k, v in (noise or {}).items() if k.endswith("sd"))
            + ".",
            "Fitted to 2002 constituency results (calibration-2002.json): "
            + ", ".join(f"{k.rsplit('.', 1)[1]} {v:.3f}" for k, v in fitted.items())
            + ".",
            "Synthetic (fixed seed, rules of build_pakistan_2008.py): urban share, threat,",
            "backgrounds, patrons, militias, budgets, and the village structure.",
        ]
    write_scenario(
        out,
        cons,
        cands,
        moods,
        name=f"pakistan-{target_date[:4]}-from-{base_date[:4]}",
        title=f"Pakistan {target_date[:4]} forecast from {base_date[:4]} (out of sample)",
        description=(
            f"The {target_date} National Assembly election built only from {base_date} and "
            "earlier results plus what was known before the poll; see docs/validation.md."
        ),
        header=header,
        shifts=shifts,
        fitted=fitted,
        noise=noise,
        government=HAND_SET["government"],
        switching=hand,
    )
    src = cands.groupby("source").size().to_dict()
    print(f"{len(cons)} seats, {len(cands)} candidates; baseline from {src}")
    print(f"switchers: {int((cands.switched_from != '').sum())}; shifts {shifts}; noise {noise}")
    print(f"fitted {fitted}; wrote {out}")
    return out


def hindcast_scenario(folder: Path, date: str = BASELINE):
    """The in-sample hindcast of one election (default 2002): its seats, roll and candidates
    from itself, same rules."""
    from votebank.scenario.load import load_scenario

    cons, cands, moods = build_tables(date, date, forecast=False)
    write_scenario(
        folder,
        cons,
        cands,
        moods,
        name=f"pakistan-{date[:4]}-hindcast",
        title=f"Pakistan {date[:4]}, in-sample hindcast for calibration",
        description="Built by scripts/build_pakistan_2008_from_2002.py for the 2002 fit.",
        header=["The 2002 hindcast (in-sample baseline) used to calibrate on 2002."],
        shifts={},
        fitted=DEFAULT_FITTED,
        noise=None,
        government=HAND_SET["government"],
        switching=False,
    )
    return load_scenario(folder)


def calibrate_on_2002(trials: int, runs: int, every: int, seed: int) -> None:
    """Fit the calibrated parameters to the 2002 results on every ``every``-th seat."""
    from rich.console import Console

    from votebank.calibrate.fit import calibrate

    with tempfile.TemporaryDirectory() as tmp:
        sc = hindcast_scenario(Path(tmp))
    keep = sc.constituencies["id"].iloc[::every]
    sub = sc.with_seats(keep)
    console = Console(stderr=True)
    result = calibrate(
        sub,
        Target.pakistan(2002),
        CALIBRATED,
        trials=trials,
        runs_per_trial=runs,
        seed=seed,
        progress=lambda d, t, b: console.print(f"trial {d}/{t}: best loss {b:.3f}"),
    )
    summary = result.summary() | {"seats": len(keep), "every": every}
    CALIBRATION.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    # Without the timings, so that a re-run writes the same file.
    trials = result.trials.drop(columns="seconds")
    trials.to_csv(OUT / "calibration-2002-trials.csv", index=False)
    print(json.dumps({k: summary[k] for k in ("start", "start_loss", "best", "best_loss")}))


def compare(runs: int, seed: int, out: Path | None) -> None:
    """Score the forecast, a no-poll variant, uniform swing and no change against 2008."""
    from votebank.calibrate.params import apply_to_scenario
    from votebank.calibrate.swing import seat_errors, uniform_swing
    from votebank.calibrate.validate import validate_against
    from votebank.scenario.load import load_scenario

    sc = load_scenario(OUT)
    target = Target.pakistan(2008)
    rows, report = [], {}
    variants = {
        "votebank (poll shifts)": sc,
        "votebank (no poll shifts)": apply_to_scenario(
            sc, {f"mood.national.{p}": 0.0 for p in HAND_SET["poll"]}
        ),
    }
    for label, scenario in variants.items():
        v = validate_against(scenario, target, runs=runs, seed=seed)
        report[label] = v.as_dict()
        rows.append(
            {
                "method": label,
                "seats_wrong": v.seats_wrong,
                "winners_wrong": v.winners_wrong,
                "brier": v.brier,
                **dict(zip(v.seats.party, v.seats["mean"], strict=True)),
            }
        )
    base_rows, slate = pakistan_rows(BASELINE), pakistan_rows(TARGET)
    past = long_rows(base_rows)
    past["party"] = past["party"].replace(SUCCESSOR)
    shares = past.pivot_table(index="seat", columns="party", values="share", aggfunc="sum")
    now = long_rows(slate)
    standing = now.assign(on=True).pivot_table(
        index="seat", columns="party", values="on", aggfunc="any"
    )
    standing = standing.fillna(False).astype(bool)
    before = national_shares(base_rows).rename(index=SUCCESSOR).groupby(level=0).sum()
    after = national_shares(slate)
    actual = now[now.position == "win"].set_index("seat")["party"]
    seats = sorted(set(sc.constituencies["id"]))
    for label, target_shares in (
        ("uniform swing (2008 national shares)", after),
        ("no change (2002 shares)", before),
    ):
        projected = uniform_swing(
            shares.reindex(seats).fillna(0.0), before, target_shares, standing.reindex(seats)
        )
        winners = projected.idxmax(axis=1)
        e = seat_errors(winners, actual.loc[seats])
        e.pop("seats")
        rows.append({"method": label, **e, "brier": np.nan, **winners.value_counts().to_dict()})
    rows.append(
        {
            "method": "actual 2008",
            "seats_wrong": 0.0,
            "winners_wrong": 0,
            "brier": np.nan,
            **actual.loc[seats].value_counts().to_dict(),
        }
    )
    table = pd.DataFrame(rows)
    cols = ["method", "seats_wrong", "winners_wrong", "brier"]
    parties = [c for c in table.columns if c not in cols]
    table[parties] = table[parties].fillna(0.0)
    main = [
        p for p in ("PPPP", "PML-N", "PML-Q", "IND", "MQM", "ANP", "JUI-F", "PML-F") if p in table
    ]
    rest = table.drop(columns=cols + main).sum(axis=1)
    table = table[cols + main].assign(other=rest)
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        print(table.round(3).to_string(index=False))
    if out is not None:
        out.write_text(
            json.dumps(
                {"table": table.to_dict(orient="records"), "validation": report},
                indent=2,
                default=float,
            )
            + "\n",
            encoding="utf-8",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default=BASELINE, help="base election date")
    parser.add_argument("--target", default=TARGET, help="target election date")
    parser.add_argument("--out", type=Path, default=None, help="folder to write (build/...)")
    parser.add_argument(
        "--replace-shipped", action="store_true", help="allow writing a shipped scenario folder"
    )
    sub = parser.add_subparsers(dest="action")
    sub.add_parser("build", help="write the scenario folder (default)")
    cal = sub.add_parser("calibrate", help="fit on the base (writes the shipped calibration)")
    cal.add_argument("--trials", type=int, default=40)
    cal.add_argument("--runs", type=int, default=2)
    cal.add_argument("--every", type=int, default=5, help="use every n-th base seat")
    cal.add_argument("--seed", type=int, default=2002)
    cmp_ = sub.add_parser("compare", help="score the shipped scenario with uniform swing beside")
    cmp_.add_argument("--runs", type=int, default=50)
    cmp_.add_argument("--seed", type=int, default=20080218)
    cmp_.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    if args.action == "calibrate":
        if not args.replace_shipped:
            raise SystemExit("calibrate writes the shipped calibration: add --replace-shipped")
        calibrate_on_2002(args.trials, args.runs, args.every, args.seed)
        build(args.out, args.base, args.target, args.replace_shipped)
    elif args.action == "compare":
        compare(args.runs, args.seed, args.json)
    else:
        build(args.out, args.base, args.target, args.replace_shipped)


if __name__ == "__main__":
    main()
