"""Every kind of scenario error: one report naming file, place and value; CLI exit 2, no trace.

Each case copies the built-in ``tiny`` scenario to a temporary folder and breaks it. Cells are
set by row and column, so the cases do not depend on the rest of tiny's content. Its rows
(header = row 1):

    constituencies.csv  2 T-1 (North)   3 T-2 (North)   4 T-3 (South)
    candidates.csv      2 T-1-a RED     3 T-1-b IND     4 T-1-c OTH     5 T-2-a BLUE
                        6 T-2-b RED     7 T-3-a RED     8 T-3-b BLUE    9 T-3-c IND
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

import votebank
from votebank import cli
from votebank.errors import InputError

TINY = Path(votebank.__file__).parent / "scenarios" / "tiny"
TOML, CONS, CANDS = "scenario.toml", "constituencies.csv", "candidates.csv"

Edit = Callable[[Path], None]


def toml_set(header: str, key: str, value: str) -> Edit:
    """Set ``key = value`` in the first ``header`` table ("": top level), adding what is missing."""

    def edit(folder: Path) -> None:
        path = folder / TOML
        lines = path.read_text(encoding="utf-8").splitlines()
        if header and header not in lines:
            lines += ["", header]
        start = lines.index(header) + 1 if header else 0
        end = next((i for i in range(start, len(lines)) if lines[i].startswith("[")), len(lines))
        found = [i for i in range(start, end) if re.match(rf"{re.escape(key)}\s*=", lines[i])]
        if found:
            lines[found[0]] = f"{key} = {value}"
        else:
            lines.insert(start, f"{key} = {value}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    return edit


def toml_append(text: str) -> Edit:
    def edit(folder: Path) -> None:
        path = folder / TOML
        path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")

    return edit


def write(name: str, content: str | bytes) -> Edit:
    def edit(folder: Path) -> None:
        data = content if isinstance(content, bytes) else content.encode()
        (folder / name).write_bytes(data)

    return edit


def remove(name: str) -> Edit:
    return lambda folder: (folder / name).unlink()


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def save(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))


def cell(name: str, row: int, column: str, value: str, encoding: str = "utf-8") -> Edit:
    """Set one cell; ``row`` counts as a spreadsheet does (the header is row 1)."""

    def edit(folder: Path) -> None:
        rows = rows_of(folder / name)
        rows[row - 1][rows[0].index(column)] = value
        save(folder / name, rows, encoding)

    return edit


def header(name: str, old: str, new: str) -> Edit:
    def edit(folder: Path) -> None:
        rows = rows_of(folder / name)
        rows[0][rows[0].index(old)] = new
        save(folder / name, rows)

    return edit


def add_column(name: str, title: str, value: str) -> Edit:
    def edit(folder: Path) -> None:
        rows = rows_of(folder / name)
        save(folder / name, [[*rows[0], title], *([*r, value] for r in rows[1:])])

    return edit


def extra_cell(name: str, row: int, value: str) -> Edit:
    def edit(folder: Path) -> None:
        rows = rows_of(folder / name)
        rows[row - 1].append(value)
        save(folder / name, rows)

    return edit


def drop_rows(name: str, constituency: str) -> Edit:
    def edit(folder: Path) -> None:
        save(folder / name, [r for r in rows_of(folder / name) if r[0] != constituency])

    return edit


def copy_row(name: str, row: int) -> Edit:
    """Append a copy of ``row`` (the header is row 1): its id is then given twice."""

    def edit(folder: Path) -> None:
        rows = rows_of(folder / name)
        save(folder / name, [*rows, rows[row - 1]])

    return edit


def blank_rows(name: str, n: int) -> Edit:
    """``n`` blank rows (one empty, then only commas, as spreadsheets export) after the header."""

    def edit(folder: Path) -> None:
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        blanks = ["", *(["," * lines[0].count(",")] * (n - 1))]
        (folder / name).write_text("\n".join([lines[0], *blanks, *lines[1:]]) + "\n", "utf-8")

    return edit


def header_only(name: str) -> Edit:
    def edit(folder: Path) -> None:
        save(folder / name, rows_of(folder / name)[:1])

    return edit


def outside(folder: Path) -> None:
    """An absolute table path, to a real CSV outside the scenario's folder."""
    target = folder.parent / "elsewhere.csv"
    shutil.copy(folder / CONS, target)
    toml_set("[tables]", "constituencies", f'"{target}"')(folder)


def folder_for_table(folder: Path) -> None:
    (folder / CONS).unlink()
    (folder / CONS).mkdir()


def both(*edits: Edit) -> Edit:
    def edit(folder: Path) -> None:
        for e in edits:
            e(folder)

    return edit


# A party organisation of RED: its members are housed by RED's share of each seat's voters.
ORGANISATION = toml_append(
    "[organisations]\nstart = 2020-01-01\nelection = 2020-10-01\n\n"
    '[[organisations.organisation]]\nid = "R"\nparty = "RED"\nmembers = 1000'
)


@dataclass(frozen=True)
class Case:
    """A way to break the scenario and the problems it must produce: (file, place, value)."""

    id: str
    edit: Edit
    expect: tuple[tuple[str, str, str], ...]
    exactly: bool = True  # the report holds these problems and no others


REG = "row 2, column registered"
CASES = [
    # The TOML file itself: reported alone.
    Case("missing-toml", remove(TOML), ((TOML, "", TOML),)),
    Case(
        "not-toml", write(TOML, '[scenario]\nname = "x"\nruns = = 3\n'), ((TOML, "line 3", "= ="),)
    ),
    Case("not-utf8-toml", write(TOML, b'[scenario]\nname = "\xe9"\n'), ((TOML, "", "binary"),)),
    Case(
        "empty-toml",
        write(TOML, ""),
        ((TOML, "scenario", "missing"), (TOML, "tables", "missing"), (TOML, "parties", "missing")),
    ),
    # Its content, checked by the pydantic models.
    Case("typo-top-level-key", toml_set("", "runs", "5"), ((TOML, "runs", "5"),)),
    Case("typo-top-level-table", toml_append("[turnuot]\nbase = 0.5"), ((TOML, "turnuot", "0.5"),)),
    Case(
        "typo-in-mechanism",
        toml_set("[mechanisms.biradari]", "cohesoin", "0.8"),
        ((TOML, "mechanisms.biradari.cohesoin", "0.8"),),
    ),
    Case(
        "typo-mechanism-name",
        toml_append("[mechanisms.feer]\nenabled = true"),
        ((TOML, "mechanisms.feer", "enabled"),),
    ),
    Case(
        "wrong-type",
        toml_set("[scenario]", "runs", '"twenty"'),
        ((TOML, "scenario.runs", "twenty"),),
    ),
    # A quoted number is text, not a number (pydantic's lax mode read "20" as 20).
    Case("quoted-number", toml_set("[scenario]", "runs", '"20"'), ((TOML, "scenario.runs", "20"),)),
    Case(
        "quoted-number-in-table",
        toml_set("[mood.national]", "RED", '"0.1"'),
        ((TOML, "mood.national.RED", "0.1"),),
    ),
    # Every flag of a table and the table's other problems, together (only the first was).
    Case(
        "bools-beside-a-nan-in-tables",
        both(
            toml_set("[mood.national]", "RED", "true"),
            toml_set("[mood.national]", "BLUE", "false"),
            toml_set("[mood.North]", "BLUE", "nan"),
        ),
        (
            (TOML, "mood.national.RED", "true"),
            (TOML, "mood.national.BLUE", "false"),
            (TOML, "mood.North.BLUE", "NaN"),
        ),
    ),
    Case(
        "number-for-bool",
        toml_set("[mechanisms.fear]", "enabled", "1"),
        ((TOML, "mechanisms.fear.enabled", "1"),),
    ),
    Case(
        "text-for-bool",
        toml_set("[[parties]]", "government", '"yes"'),
        ((TOML, "parties.0.government", "yes"),),
    ),
    Case(
        "fraction-for-integer",
        toml_set("[scenario]", "runs", "20.5"),
        ((TOML, "scenario.runs", "20.5"),),
    ),
    Case(
        "bad-colour",
        toml_set("[[parties]]", "colour", '"red"'),
        ((TOML, "parties.0.colour", "red"),),
    ),
    Case(
        "negative-probability",
        toml_set("[mechanisms.fear]", "threat", "-0.1"),
        ((TOML, "mechanisms.fear.threat", "-0.1"),),
    ),
    Case(
        "cohesion-above-1",
        toml_set("[mechanisms.biradari]", "cohesion", "1.5"),
        ((TOML, "mechanisms.biradari.cohesion", "1.5"),),
    ),
    Case(
        "pair-min-above-max",
        toml_set("[electorate]", "stations_per_locality", "[3, 1]"),
        ((TOML, "electorate.stations_per_locality", "[3, 1]"),),
    ),
    Case(
        "unknown-background-in-affinity",
        toml_set("[choice]", "class_affinity", "{ middle = { warlord = 1.0 } }"),
        ((TOML, "choice.class_affinity.middle", "warlord"),),
    ),
    Case(
        "campaign-field",
        toml_append("[[mechanisms.canvass.campaigns]]\nparty = 'RED'\nseats = ['T-1']\nhours = -3"),
        ((TOML, "mechanisms.canvass.campaigns.0.hours", "-3"),),
    ),
    Case("duplicate-party-id", toml_append('[[parties]]\nid = "RED"'), ((TOML, "", "RED"),)),
    Case(
        "mood-unknown-party",
        toml_set("[mood.North]", "GREEN", "0.2"),
        ((TOML, "mood.North.GREEN", "0.2"),),  # the key to correct, not its region
    ),
    # A logit of 1e300 is no mood: bounded as a candidate's appeal is.
    Case(
        "mood-absurd",
        toml_set("[mood.national]", "RED", "1e300"),
        ((TOML, "mood.national.RED", "1e+300"),),
    ),
    # Names in the TOML file, checked against the parties and the constituency table.
    # A counterfactual's names are checked as the scenario's are: a typo would do nothing.
    Case(
        "counterfactual-unknown-region",
        toml_append('[[scenario.counterfactuals]]\nname = "v"\nset = { "mood.Nort.RED" = 1 }'),
        ((TOML, "scenario.counterfactuals.0: mood.Nort", "Nort"),),
    ),
    Case(
        "counterfactual-unknown-seat-and-party",
        toml_append(
            '[[scenario.counterfactuals]]\nname = "v"\nset = { "mechanisms.canvass.campaigns" = '
            '[{ party = "GREEN", seats = ["T-9"] }] }'
        ),
        (
            (TOML, "scenario.counterfactuals.0: mechanisms.canvass.campaigns.0.party", "GREEN"),
            (TOML, "scenario.counterfactuals.0: mechanisms.canvass.campaigns.0.seats.0", "T-9"),
        ),
    ),
    Case(
        "mood-unknown-region", toml_append("[mood.Nort]\nRED = 0.1"), ((TOML, "mood.Nort", "Nort"),)
    ),
    Case(
        "women-seats-unknown-region",
        toml_set("[mechanisms.reserved_seats.women_seats]", "Soth", "1"),
        ((TOML, "mechanisms.reserved_seats.women_seats.Soth", "Soth"),),
    ),
    Case(
        "punished-party-undeclared",
        toml_set("[mechanisms.switching]", "punished_parties", '["BLU"]'),
        ((TOML, "mechanisms.switching.punished_parties.0", "BLU"),),
    ),
    Case(
        "actual-seats-party-undeclared",
        toml_set("[scenario.actual_seats]", "GREEN", "0"),
        ((TOML, "scenario.actual_seats.GREEN", "GREEN"),),
    ),
    Case(
        "campaign-names",
        toml_append("[[mechanisms.canvass.campaigns]]\nparty = 'GREEN'\nseats = ['T-1', 'T-9']"),
        (
            (TOML, "mechanisms.canvass.campaigns.0.party", "GREEN"),
            (TOML, "mechanisms.canvass.campaigns.0.seats.1", "T-9"),
        ),
    ),
    # Table paths.
    Case(
        "path-leaves-folder",
        toml_set("[tables]", "constituencies", '"../x.csv"'),
        ((TOML, "tables.constituencies", "../x.csv"),),
    ),
    Case("absolute-path", outside, ((TOML, "tables.constituencies", "elsewhere.csv"),)),
    # Reading the tables.
    Case("missing-csv", remove(CONS), ((CONS, "", CONS),)),
    Case("table-is-a-folder", folder_for_table, ((TOML, "tables.constituencies", CONS),)),
    Case("empty-csv", write(CONS, ""), ((CONS, "", "empty"),)),
    Case("header-only", header_only(CONS), ((CONS, "", "no rows"),)),
    Case(
        "not-utf8-csv", cell(CONS, 3, "name", "Öld Town", "cp1252"), ((CONS, "row 3", "Öld Town"),)
    ),
    Case("row-longer-than-header", extra_cell(CONS, 2, "extra"), ((CONS, "row 2", "extra"),)),
    Case(  # not the first row: pandas raises instead of warning
        "later-row-longer", extra_cell(CONS, 3, "extra"), ((CONS, "row 3", "extra"),)
    ),
    # The table's other rows are still checked: one round of corrections, not two.
    Case(
        "long-rows-beside-a-bad-cell",
        both(
            extra_cell(CONS, 2, "extra"),
            extra_cell(CONS, 3, "more"),
            cell(CONS, 4, "registered", "9.5"),
        ),
        (
            (CONS, "row 2", "extra"),
            (CONS, "row 3", "more"),
            (CONS, "row 4, column registered", "9.5"),
        ),
    ),
    # Columns.
    Case(
        "missing-required-column",
        header(CONS, "registered", "regd"),
        ((CONS, "column registered", "missing"), (CONS, "column regd", "regd")),
    ),
    Case(
        "unknown-column", add_column(CANDS, "colour", "red"), ((CANDS, "column colour", "colour"),)
    ),
    # Cells.
    Case("non-numeric-count", cell(CONS, 2, "registered", "lots"), ((CONS, REG, "lots"),)),
    Case("negative-count", cell(CONS, 2, "registered", "-5"), ((CONS, REG, "-5"),)),
    Case(  # stations with no voter: the builder cut them to one a voter, in silence
        "more-stations-than-voters",
        both(
            add_column(CONS, "stations", ""),
            cell(CONS, 3, "registered", "20"),
            cell(CONS, 3, "stations", "50"),
        ),
        ((CONS, "row 3, column stations", "50"),),
    ),
    Case(  # 50 million voters at one station: voters_per_station may not say as much
        "more-voters-a-station-than-allowed",
        both(
            add_column(CONS, "stations", ""),
            cell(CONS, 2, "registered", "50000000"),
            cell(CONS, 2, "stations", "1"),
        ),
        ((CONS, "row 2, column stations", "1"),),
    ),
    Case(  # rows numbered as a spreadsheet shows them, blank rows counted
        "after-blank-rows",
        both(blank_rows(CONS, 2), cell(CONS, 5, "registered", "-5")),
        ((CONS, "row 5, column registered", "-5"),),
    ),
    Case("fractional-count", cell(CONS, 2, "registered", "24000.5"), ((CONS, REG, "24000.5"),)),
    Case("nan-count", cell(CONS, 2, "registered", "nan"), ((CONS, REG, "nan"),)),
    Case("NaN-count", cell(CONS, 2, "registered", "NaN"), ((CONS, REG, "NaN"),)),
    Case("inf-count", cell(CONS, 2, "registered", "inf"), ((CONS, REG, "inf"),)),
    Case(
        "minus-infinity-count",
        cell(CONS, 2, "registered", "-Infinity"),
        ((CONS, REG, "-Infinity"),),
    ),
    Case("overflowing-count", cell(CONS, 2, "registered", "1e400"), ((CONS, REG, "1e400"),)),
    Case("huge-count", cell(CONS, 2, "registered", "1e30"), ((CONS, REG, "1e30"),)),
    Case("huge-integer-count", cell(CONS, 2, "registered", "9" * 23), ((CONS, REG, "9" * 23),)),
    Case(
        "inf-in-float-column",
        cell(CANDS, 2, "budget", "inf"),
        ((CANDS, "row 2, column budget", "inf"),),
    ),
    Case("empty-required-number", cell(CONS, 2, "registered", ""), ((CONS, REG, "''"),)),
    Case(
        "empty-required-text", cell(CONS, 2, "region", ""), ((CONS, "row 2, column region", "''"),)
    ),
    Case(
        "bad-choice",
        cell(CANDS, 2, "background", "warlord"),
        ((CANDS, "row 2, column background", "warlord"),),
    ),
    # A sourced background must be a real label: "Others" (row 4) has none.
    Case(
        "sourced-none-background",
        both(add_column(CANDS, "background_source", ""), cell(CANDS, 4, "background_source", "x")),
        ((CANDS, "row 4, column background", "'none'"),),
    ),
    Case(
        "sourced-bad-background",
        both(
            add_column(CANDS, "background_source", ""),
            cell(CANDS, 2, "background_source", "rule: a source"),
            cell(CANDS, 2, "background", "warlord"),
        ),
        ((CANDS, "row 2, column background", "warlord"),),
    ),
    # Across the tables.
    Case(
        "duplicate-constituency",
        cell(CONS, 3, "id", "T-1"),
        ((CONS, "row 3, column id", "T-1"),),
        exactly=False,  # T-2's candidates now stand in no constituency, also reported
    ),
    Case(
        "duplicate-candidate",
        cell(CANDS, 3, "candidate", "T-1-a"),
        ((CANDS, "row 3, column candidate", "T-1-a"),),
    ),
    Case(
        "candidate-in-unknown-constituency",
        cell(CANDS, 5, "constituency", "T-9"),
        ((CANDS, "row 5, column constituency", "T-9"),),
    ),
    Case(
        "candidate-party-undeclared",
        cell(CANDS, 5, "party", "GREEN"),
        ((CANDS, "row 5, column party", "GREEN"),),
    ),
    Case(
        "switched-from-undeclared",
        cell(CANDS, 7, "switched_from", "PURPLE"),
        ((CANDS, "row 7, column switched_from", "PURPLE"),),
    ),
    # One person twice in one seat, even for two parties (rows 2 and 3 stand in T-1).
    Case(
        "person-twice-in-a-seat",
        cell(CANDS, 3, "person", "mian"),
        ((CANDS, "row 3, column person", "mian"),),
    ),
    Case(
        "no-candidate-who-can-win",
        both(cell(CANDS, 5, "party", "OTH"), cell(CANDS, 6, "party", "OTH")),
        ((CONS, "row 3, column id", "T-2"),),
    ),
    # [organisations] houses members by the seats' rows: a seat given twice, or a candidate's
    # seat in no row, is reported as without the section (the housing raised a traceback).
    Case(
        "organisations-duplicate-constituency",
        both(ORGANISATION, copy_row(CONS, 2)),
        ((CONS, "row 5, column id", "T-1"),),
    ),
    Case(
        "organisations-candidate-in-unknown-constituency",
        both(ORGANISATION, cell(CANDS, 5, "constituency", "NOSEAT")),
        ((CANDS, "row 5, column constituency", "NOSEAT"),),
    ),
    Case(
        "organisations-constituency-row-deleted",
        both(ORGANISATION, drop_rows(CONS, "T-2")),
        (
            (CANDS, "row 5, column constituency", "T-2"),
            (CANDS, "row 6, column constituency", "T-2"),
        ),
    ),
    # A mechanism on without what it acts on would do nothing, yet be listed as on.
    Case(
        "mechanisms-without-what-they-act-on",
        both(
            toml_append("[mechanisms.flows]\nenabled = true"),
            toml_append("[mechanisms.factions]\nenabled = true"),
            toml_set("[mechanisms.biradari]", "enabled", "false"),
            toml_append("[mechanisms.incumbency]\nenabled = true"),
            toml_append("[mechanisms.canvass]\nenabled = true"),
            toml_append("[mechanisms.alliances]\nenabled = true"),
        ),
        (
            (TOML, "mechanisms.flows.enabled", "true"),
            (TOML, "mechanisms.factions.enabled", "true"),
            (TOML, "mechanisms.incumbency.enabled", "true"),
            (TOML, "mechanisms.canvass.enabled", "true"),
            (TOML, "mechanisms.alliances.enabled", "true"),
        ),
    ),
    # Withdrawals: a seat left with no one to elect (the run stored a winner with no votes).
    Case(
        "boycotts-empty-a-seat",
        toml_append('[mechanisms.alliances]\nenabled = true\nboycotts = ["RED", "BLUE"]'),
        ((TOML, "mechanisms.alliances", "T-2"),),
    ),
    Case(
        "mutual-stand-downs-empty-a-seat",
        toml_append(
            "[mechanisms.alliances]\nenabled = true\nstand_downs = ["
            '{party = "RED", ally = "BLUE", seats = ["T-2"]}, '
            '{party = "BLUE", ally = "RED", seats = ["T-2"]}]'
        ),
        ((TOML, "mechanisms.alliances", "T-2"),),
    ),
    Case(
        "alliance-names-nothing",
        toml_append(
            '[mechanisms.alliances]\nboycotts = ["REDD"]\n'
            'stand_downs = [{party = "RED", ally = "BLU", seats = ["T-9"]}]'
        ),
        (
            (TOML, "mechanisms.alliances.boycotts.0", "REDD"),
            (TOML, "mechanisms.alliances.stand_downs.0.ally", "BLU"),
            (TOML, "mechanisms.alliances.stand_downs.0.seats.0", "T-9"),
        ),
    ),
    Case(  # one field set twice: the later spelling won, in silence
        "counterfactual-sets-a-field-twice",
        toml_append(
            '[[scenario.counterfactuals]]\nname = "low"\n'
            'set = { "turnout.base" = 0.3, turnout = { base = 0.4 } }'
        ),
        ((TOML, "scenario.counterfactuals.0.set.turnout", "turnout"),),
    ),
    Case(  # each typo did nothing, in silence: no party, region or seat of that name acts
        "levers-name-nothing",
        toml_append(
            '[mechanisms.compilation]\nfavoured_parties = ["REDD"]\n'
            "[mechanisms.agents]\nparty_coverage = { BLU = 0.9 }\n"
            '[mechanisms.incumbency]\nbonus = { RDE = 2.0 }\nseats = ["T-9"]\ngained = ["T9"]\n'
            "[mechanisms.women_barred]\nregion_share = { Nort = 0.05 }"
        ),
        (
            (TOML, "mechanisms.compilation.favoured_parties.0", "REDD"),
            (TOML, "mechanisms.agents.party_coverage.BLU", "BLU"),
            (TOML, "mechanisms.incumbency.bonus.RDE", "RDE"),
            (TOML, "mechanisms.incumbency.seats.0", "T-9"),
            (TOML, "mechanisms.incumbency.gained.0", "T9"),
            (TOML, "mechanisms.women_barred.region_share.Nort", "Nort"),
        ),
    ),
    # A party of the flows' second preferences that nobody declared was silently left out.
    Case(
        "flows-second-names-nothing",
        toml_append(
            "[mechanisms.flows]\nsecond = { REDD = { BLUE = 0.5 }, RED = { BLUEE = 0.3 } }"
        ),
        (
            (TOML, "mechanisms.flows.second.REDD", "REDD"),
            (TOML, "mechanisms.flows.second.RED.BLUEE", "BLUEE"),
        ),
    ),
    # Weights past 1 in all were silently scaled down to share the leavers.
    Case(
        "flows-second-over-one",
        toml_append("[mechanisms.flows]\nsecond = { RED = { BLUE = 0.8, IND = 0.8 } }"),
        ((TOML, "mechanisms.flows.second.RED", "0.8"),),
    ),
    # Tables and pairs of a lever's numbers keep the range of the number they stand for.
    Case(
        "levers-out-of-range",
        both(
            toml_append(
                "[mechanisms.agents]\nparty_coverage = { BLUE = 5.0 }\n"
                "[mechanisms.women_barred]\nregion_share = { North = -0.5 }\n"
                "[mechanisms.byelection]\nparty_turnout = { RED = -1.0 }"
            ),
            toml_set("[mechanisms.landlords]", "militia_strength", "[-1.0, 2.0]"),
        ),
        (
            (TOML, "mechanisms.landlords.militia_strength", "[-1.0, 2.0]"),
            (TOML, "mechanisms.agents.party_coverage.BLUE", "5.0"),
            (TOML, "mechanisms.women_barred.region_share.North", "-0.5"),
            (TOML, "mechanisms.byelection.party_turnout.RED", "-1.0"),
        ),
    ),
    # Every bad share of the swing is reported, each at its place (only the first was).
    Case(
        "swing-shares-out-of-range",
        toml_append(
            "[mechanisms.swing]\nbaseline = { RED = 1.5 }\ntarget = { RED = -1.0, BLUE = 37.7 }"
        ),
        (
            (TOML, "mechanisms.swing.baseline.RED", "1.5"),
            (TOML, "mechanisms.swing.target.RED", "-1.0"),
            (TOML, "mechanisms.swing.target.BLUE", "37.7"),
        ),
    ),
    # Every bad field of [electorate] is reported together (only the first was).
    Case(
        "electorate-several",
        both(
            toml_set("[electorate]", "clans_per_locality", "[5, 1]"),
            toml_set("[electorate]", "largest_clan_share", "[0.9, 0.1]"),
            toml_set("[electorate]", "station_size_min", "5000"),
            toml_set("[electorate]", "station_size_max", "100"),
            toml_set("[electorate]", "class_shares_rural", "{ rural_poor = 0.5 }"),
        ),
        (
            (TOML, "electorate.station_size_max", "100"),
            (TOML, "electorate.clans_per_locality", "[5, 1]"),
            (TOML, "electorate.largest_clan_share", "[0.9, 0.1]"),
            (TOML, "electorate.class_shares_rural", 'rural_poor": 0.5'),
        ),
    ),
    # A lever's check of a pair, a table or two fields waited for every other field of its
    # table to be right: fixing the first report only brought these to light.
    Case(
        "lever-checks-beside-their-tables-other-errors",
        both(
            toml_set("[choice]", "class_affinity", "{ middle = { warlord = 1.0 } }"),
            toml_set("[choice]", "party_id_bonus", "-1"),
            toml_set("[mechanisms.landlords]", "militia_strength", "[2.0, 1.0]"),
            toml_set("[mechanisms.landlords]", "compliance", "-0.1"),
            toml_append(
                "[mechanisms.compilation]\nseat_share = 2\nshift = [0.5, 0.1]\n"
                "[mechanisms.swing]\nregional_target = { Mars = { RED = 0.5 } }\nseat_sd = -1\n"
                "[mechanisms.alliances]\ntransfer = 0.8\nboycott_abstain = 2"
            ),
        ),
        (
            (TOML, "choice.class_affinity.middle", "warlord"),
            (TOML, "choice.party_id_bonus", "-1"),
            (TOML, "mechanisms.landlords.militia_strength", "[2.0, 1.0]"),
            (TOML, "mechanisms.landlords.compliance", "-0.1"),
            (TOML, "mechanisms.compilation.shift", "[0.5, 0.1]"),
            (TOML, "mechanisms.compilation.seat_share", "2"),
            (TOML, "mechanisms.swing.regional_target.Mars", "RED"),
            (TOML, "mechanisms.swing.seat_sd", "-1"),
            (TOML, "mechanisms.alliances.abstain", "0.25"),
            (TOML, "mechanisms.alliances.boycott_abstain", "2"),
        ),
    ),
    # A smallest station above the default largest was taken: every station came out at 3000.
    Case(
        "station-size-min-above-the-default-max",
        toml_set("[electorate]", "station_size_min", "5000"),
        ((TOML, "electorate.station_size_max", "3000"),),
    ),
    # A mechanism on without what it needs, and a campaign where its party does not stand,
    # waited for every bad field of the file to be put right.
    Case(
        "idle-mechanism-and-unstood-seat-beside-a-bad-field",
        both(
            toml_set("[mechanisms.biradari]", "cohesion", "1.5"),
            toml_append(
                "[mechanisms.flows]\nenabled = true\n[mechanisms.canvass]\nenabled = true\n"
                "[[mechanisms.canvass.campaigns]]\nparty = 'BLUE'\nseats = ['T-1']\nhours = 9"
            ),
        ),
        (
            (TOML, "mechanisms.biradari.cohesion", "1.5"),
            (TOML, "mechanisms.flows.enabled", "true"),
            (TOML, "mechanisms.canvass.campaigns.0.seats.0", "T-1"),
        ),
    ),
    # ... but none that a refused switch makes up: the swing, refused, is left off in the copy.
    Case(
        "no-idle-mechanism-made-up-by-a-refused-switch",
        both(
            toml_set("[mechanisms.biradari]", "enabled", "'yes'"),
            toml_append(
                "[mechanisms.flows]\nenabled = true\n[mechanisms.swing]\nenabled = 'yes'\n"
                "[mechanisms.factions]\nenabled = true"
            ),
        ),
        (
            (TOML, "mechanisms.biradari.enabled", "yes"),
            (TOML, "mechanisms.swing.enabled", "yes"),
        ),
    ),
    # It read "scenario.parameter_uncertainty: sd must be >= 0, got ..." at the whole table.
    Case(
        "negative-sd-at-its-path",
        toml_set(
            "[scenario]", "parameter_uncertainty", '{ "mechanisms.biradari.cohesion" = -0.1 }'
        ),
        ((TOML, "scenario.parameter_uncertainty.mechanisms.biradari.cohesion", "-0.1"),),
    ),
    # A misspelt path of a counterfactual or of an sd waited for every bad field to be right.
    Case(
        "misspelt-paths-beside-a-bad-field",
        both(
            toml_set("[mechanisms.biradari]", "cohesion", "1.5"),
            toml_set("[scenario]", "parameter_uncertainty", '{ "turnout.bse" = 0.1 }'),
            toml_append(
                '[[scenario.counterfactuals]]\nname = "x"\n'
                'set = { "mechanisms.biradari.cash_wieght" = 0 }'
            ),
        ),
        (
            (TOML, "mechanisms.biradari.cohesion", "1.5"),
            (TOML, "scenario.parameter_uncertainty.turnout.bse", "turnout.bse"),
            (TOML, "scenario.counterfactuals.0.set.mechanisms.biradari.cash_wieght", "0"),
        ),
    ),
    # A stand-down in a seat where its ally does not stand did nothing, and nothing said so.
    Case(
        "stand-down-where-the-ally-does-not-stand",
        toml_append(
            "[mechanisms.alliances]\nenabled = true\n[[mechanisms.alliances.stand_downs]]\n"
            "party = 'IND'\nally = 'BLUE'\nseats = ['T-3', 'T-1']"
        ),
        ((TOML, "mechanisms.alliances.stand_downs.0.seats.1", "T-1"),),
    ),
    # A militia of a candidate who is no patron was taken and did nothing.
    Case(
        "militia-of-no-patron",
        cell(CANDS, 5, "militia", "50"),
        ((CANDS, "row 5, column militia", "50"),),
    ),
    # Both tables naming one file: each of its columns was "unknown" to the other table.
    Case(
        "one-file-for-both-tables",
        toml_set("[tables]", "candidates", '"./constituencies.csv"'),
        ((TOML, "tables.candidates", "constituencies.csv"),),
    ),
    # A switch from the candidate's own party was taken and did nothing.
    Case(
        "switched-from-own-party",
        cell(CANDS, 8, "switched_from", "BLUE"),
        ((CANDS, "row 8, column switched_from", "BLUE"),),
    ),
    Case(
        "constituency-without-candidates",
        drop_rows(CANDS, "T-2"),
        ((CONS, "row 3, column id", "T-2"),),
    ),
    # Several problems, reported together.
    Case(
        "several-toml-problems",
        both(
            toml_set("[mechanisms.biradari]", "cohesion", "1.5"),
            toml_set("[scenario]", "runs", '"x"'),
            toml_set("[mechanisms.fear]", "treat", "0.5"),
            toml_set("[[parties]]", "colour", '"blue"'),
        ),
        (
            (TOML, "mechanisms.biradari.cohesion", "1.5"),
            (TOML, "scenario.runs", "x"),
            (TOML, "mechanisms.fear.treat", "0.5"),
            (TOML, "parties.0.colour", "blue"),
        ),
    ),
    Case(
        "several-csv-problems",
        both(
            cell(CONS, 2, "registered", "lots"),
            cell(CONS, 3, "urban_share", "2"),
            cell(CANDS, 2, "background", "warlord"),
            cell(CANDS, 7, "militia", "-1"),
            add_column(CANDS, "colour", ""),
        ),
        (
            (CONS, REG, "lots"),
            (CONS, "row 3, column urban_share", "2"),
            (CANDS, "row 2, column background", "warlord"),
            (CANDS, "row 7, column militia", "-1"),
            (CANDS, "column colour", "colour"),
        ),
    ),
    Case(
        "several-cross-table-problems",
        both(
            cell(CANDS, 3, "candidate", "T-1-a"),
            cell(CANDS, 5, "constituency", "T-9"),
            cell(CANDS, 6, "party", "GREEN"),
            toml_set("[mechanisms.reserved_seats.women_seats]", "Soth", "1"),
        ),
        (
            (CANDS, "row 3, column candidate", "T-1-a"),
            (CANDS, "row 5, column constituency", "T-9"),
            (CANDS, "row 6, column party", "GREEN"),
            (TOML, "women_seats.Soth", "Soth"),
        ),
    ),
]
IDS = [c.id for c in CASES]
# One of each kind of failure through a real interpreter (slower: start-up and imports).
SUBPROCESS = ("typo-in-mechanism", "several-csv-problems")


@pytest.fixture
def broken(request, tmp_path) -> tuple[Path, Case]:
    case = request.param
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    case.edit(folder)
    return folder, case


def test_a_counterfactual_may_switch_off_what_a_mechanism_needs(tmp_path):
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    toml_append(
        "[mechanisms.factions]\nenabled = true\n\n[[scenario.counterfactuals]]\n"
        'name = "no blocs"\nset = { "mechanisms.biradari.enabled" = false }'
    )(folder)
    assert votebank.load_scenario(folder).spec.mechanisms.factions.enabled


def test_tiny_loads():
    # The cases break tiny in one place each; it must be clean to start with.
    votebank.load_scenario(TINY)


def test_sourced_backgrounds_load(tmp_path):
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    both(add_column(CANDS, "background_source", ""), cell(CANDS, 2, "background_source", "s"))(
        folder
    )
    cands = votebank.load_scenario(folder).candidates
    assert list(cands["background_source"]) == ["s"] + [""] * (len(cands) - 1)
    # Without the column every background is unsourced.
    assert set(votebank.load_scenario(TINY).candidates["background_source"]) == {""}


def test_a_toml_file_saved_with_a_byte_order_mark_loads_as_without(tmp_path):
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    toml = folder / TOML
    toml.write_bytes(b"\xef\xbb\xbf" + toml.read_bytes())  # as Notepad saves UTF-8
    assert votebank.load_scenario(folder).digest == votebank.load_scenario(TINY).digest


def test_a_column_given_twice_is_named_as_written(tmp_path):
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    add_column(CANDS, "name", "x")(folder)
    with pytest.raises(InputError) as info:
        votebank.load_scenario(folder)
    # Not "column name.1: unknown column", pandas' name for the second one.
    assert [(p.location, p.message) for p in info.value.problems] == [
        ("column name", "column given more than once")
    ]


def check_report(exc: InputError, case: Case) -> None:
    problems = exc.problems
    assert problems, "an InputError must list problems"
    for p in problems:
        assert p.file, p
        assert p.value, p
        assert p.message, p
    for file, where, value in case.expect:
        matches = [
            p
            for p in problems
            if Path(p.file).name == file and where in p.location and value in p.value
        ]
        assert matches, f"no problem ({file}, {where!r}, {value!r}) in:\n{exc.render()}"
    if case.exactly:
        assert len(problems) == len(case.expect), exc.render()
    n = len(problems)
    assert exc.render().startswith(f"{n} problem{'s' if n > 1 else ''} found:")


@pytest.mark.parametrize("broken", CASES, ids=IDS, indirect=True)
def test_load_reports_file_place_and_value(broken):
    folder, case = broken
    with pytest.raises(InputError) as info:
        votebank.load_scenario(folder)
    check_report(info.value, case)


def squash(text: str) -> str:
    """Text without whitespace: rich wraps long lines (and long words) to the terminal."""
    return "".join(text.split())


def check_cli(code: int, out: str, err: str, case: Case, out_dir: Path | None) -> None:
    assert code == 2, f"exit {code}\n{out}\n{err}"
    assert "Traceback" not in out + err
    assert "found:" in err
    for file, where, value in case.expect:
        for text in (file, where, value.strip("'")):
            assert squash(text) in squash(err), f"{text!r} not on stderr:\n{err}"
    if out_dir is not None:
        assert not out_dir.exists() or not any(out_dir.iterdir()), "the run wrote output"


def cli_args(command: str, folder: Path, out_dir: Path) -> list[str]:
    extra = ["--runs", "1", "--out", str(out_dir)] if command == "run" else []
    return [command, str(folder), *extra]


@pytest.mark.parametrize("broken", CASES, ids=IDS, indirect=True)
@pytest.mark.parametrize("command", ["validate", "run"])
def test_cli_exits_2_with_the_report(broken, command, tmp_path, monkeypatch, capsys):
    # In-process: the same main() as `python -m votebank`, without a new interpreter per case.
    folder, case = broken
    out_dir = tmp_path / "out"
    monkeypatch.setattr(sys, "argv", ["votebank", *cli_args(command, folder, out_dir)])
    with pytest.raises(SystemExit) as info:
        cli.main()
    captured = capsys.readouterr()
    check_cli(info.value.code, captured.out, captured.err, case, out_dir)


@pytest.mark.parametrize(
    "broken", [c for c in CASES if c.id in SUBPROCESS], ids=SUBPROCESS, indirect=True
)
def test_cli_subprocess(broken, tmp_path):
    folder, case = broken
    out_dir = tmp_path / "out"
    env = {**os.environ, "COLUMNS": "200"}
    # Both commands at once: each is mostly interpreter start-up and imports.
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "votebank", *cli_args(command, folder, out_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for command in ("validate", "run")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        check_cli(proc.returncode, out, err, case, out_dir)


def test_cli_prints_brackets_verbatim(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    cell(CANDS, 5, "party", "GREEN")(folder)
    monkeypatch.setattr(sys, "argv", ["votebank", "validate", str(folder)])
    with pytest.raises(SystemExit):
        cli.main()
    assert "[[parties]]" in capsys.readouterr().err


def test_pieces_of_a_loaded_table_concatenate():
    # The row numbers kept for messages must not stop pandas from joining pieces of a table.
    cands = votebank.load_scenario(TINY).candidates
    pieces = [cands[cands["constituency"] == c] for c in ("T-1", "T-2")]
    assert len(pd.concat(pieces)) == len(pieces[0]) + len(pieces[1])


@pytest.mark.parametrize("given", ["myscen", "myscen/scenario.toml"])
@pytest.mark.parametrize(
    ("edit", "named"),
    [
        (cell(CONS, 2, "registered", "lots"), f"{CONS}: {REG}"),  # a cell
        (cell(CANDS, 5, "party", "GREEN"), f"{CANDS}: row 5, column party"),  # across tables
        (extra_cell(CONS, 3, "extra"), f"{CONS}: row 3"),  # a row
    ],
)
def test_a_table_is_named_in_its_folder(edit, named, given, tmp_path, monkeypatch, capsys):
    # "constituencies.csv: row 2": which of a user's scenario folders could not be told.
    shutil.copytree(TINY, tmp_path / "myscen")
    edit(tmp_path / "myscen")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["votebank", "validate", given])
    with pytest.raises(SystemExit):
        cli.main()
    assert squash(f"myscen/{named}") in squash(capsys.readouterr().err)


def test_a_built_in_table_is_named_under_the_scenario():
    from votebank.scenario.catalogue import shown_table

    toml = TINY / TOML
    assert shown_table("tiny", toml, CONS) == f"tiny/{CONS}"
    assert shown_table(str(toml), toml, CONS) == str(TINY / CONS)
    assert shown_table("x.toml", Path("x.toml"), f"./{CONS}") == CONS
