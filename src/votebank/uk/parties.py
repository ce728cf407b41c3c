"""A UK scenario's party codes: how candidates are labelled, what each code is called, the order.

Each main party keeps its code from the data (``main_parties()``); every other candidate, and
any second independent in a seat, is labelled ``OTH`` (:func:`fold_parties`).
"""

from __future__ import annotations

import pandas as pd

from votebank.uk.results_files import OTHERS, main_parties
from votebank.uk.tables import candidates_table

ALIASES = {"UCUNF": "UUP"}
PARTY_INFO = {
    "Con": ("Conservative Party", "#0087DC"),
    "Lab": ("Labour Party (incl. Labour Co-operative)", "#E4003B"),
    "LD": ("Liberal Democrats", "#FAA61A"),
    "UKIP": ("UK Independence Party", "#6D3177"),
    "Green": ("Green parties", "#6AB023"),
    "SNP": ("Scottish National Party", "#FDF38E"),
    "PC": ("Plaid Cymru", "#005B54"),
    "DUP": ("Democratic Unionist Party", "#D46A4C"),
    "SF": ("Sinn Féin", "#326760"),
    "SDLP": ("Social Democratic and Labour Party", "#2AA82C"),
    "UUP": ("Ulster Unionist Party", "#48A5EE"),
    "Alliance": ("Alliance Party", "#F6CB2F"),
    "Speaker": ("The Speaker", "#CCCCCC"),
    "Ind": ("Independent (the best-placed one in each seat)", "#999999"),
    "UCUNF": ("Ulster Conservatives and Unionists - New Force", "#48A5EE"),
    OTHERS: ("All other candidates", "#DDDDDD"),
}


def party_name(code: str) -> str:
    """A party's name: the layout's for its codes, else the results file's ``party_name``.

    A party new to the code (one that won a seat in the user's file) would otherwise be shown
    by its bare code in every table and report.
    """
    if code in PARTY_INFO:
        return PARTY_INFO[code][0]
    cands = candidates_table()
    if "party_name" not in cands:
        return code
    names = cands.loc[cands["party"] == code, "party_name"].dropna().astype(str).str.strip()
    names = names[names != ""]
    return str(names.mode().iloc[0]) if len(names) else code


def fold_parties(cands: pd.DataFrame, alias: bool) -> pd.DataFrame:
    """Label each candidate's party for a scenario: main code, or OTH (second Ind too)."""
    out = cands.copy()
    party = out["party"].where(out["party"].isin(main_parties()), OTHERS)
    if alias:
        party = party.replace(ALIASES)
    out["code"] = party
    # One candidate per main party and seat (only independents ever repeat): the best placed.
    out = out.sort_values(["constituency_id", "votes"], ascending=[True, False], kind="stable")
    repeat = out.duplicated(["constituency_id", "code"]) & out["code"].ne(OTHERS)
    out.loc[repeat, "code"] = OTHERS
    return out


def party_order(code: str) -> tuple[int, str]:
    """Sort key of a party code: the main parties in the data's order, then OTH, then the rest."""
    order = (*main_parties(), OTHERS)
    return (order.index(code) if code in order else len(order), code)
