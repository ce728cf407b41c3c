"""Read polling-station results (CSV, Parquet, Excel) into arrays, reporting every bad value.

The reader ties the steps together: load the table, resolve the named columns, parse the
counts, check that they agree, and build :class:`StationResults`.

Row numbers in problems follow a spreadsheet: the header is row 1, the first data row is row 2.
Parquet and Excel files use the same numbering so that one report reads the same for any format.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.csvfiles import repeat_pairs, repeated_rows
from votebank.errors import InputError, Problem, flag_problem
from votebank.forensics.cells import THOUSANDS, long_labels, parse_counts
from votebank.forensics.columns import (
    AUTO,
    ColumnSpec,
    label,
    resolve,
    shared_columns,
    split_specs,
    sum_parts,
)
from votebank.forensics.exported_runs import several_runs
from votebank.forensics.problems import Problems, clip, fmt
from votebank.forensics.repeats import pasted, pasted_problems
from votebank.forensics.stations import StationResults, take
from votebank.forensics.table import load_table, nonblank_rows
from votebank.forensics.text import text_labels
from votebank.forensics.total_rows import adding_reason, adding_rows, total_labels


def read_station_results(
    path: str | os.PathLike[str],
    *,
    registered: ColumnSpec,
    ballots: ColumnSpec,
    leader: ColumnSpec = AUTO,
    others: str | Sequence[ColumnSpec] | None = None,
    valid: ColumnSpec | None = None,
    encoding: str | None = None,
    sheet: str | int | None = None,
    id_column: ColumnSpec | None = None,
    region: ColumnSpec | None = None,
    keep_rows: str | Sequence[int] | None = None,
    leave_out_unregistered: bool = False,
    thousands: str | None = None,
) -> StationResults:
    """Read one election's polling-station results.

    Columns are named by header text or by 0-based position (an int, or a string of digits; a
    header that is itself made of digits wins over the position).

    Args:
        path: A ``.csv``/``.tsv``/``.txt``, ``.parquet`` or ``.xlsx`` file with a header row.
        registered: Column of registered voters.
        ballots: Column of ballots cast. ``registered``, ``ballots`` and ``valid`` may each be
            a sum of columns, ``"A + B + C"`` (e.g. ballots issued early, at the station and
            outside it, or valid plus invalid ballots found in the boxes).
        leader: Column of the leader's votes, or ``"auto"`` for the column of ``others`` with
            the most votes in total.
        others: Other parties' columns: a list, one comma-separated string, or one position.
        valid: Column of valid ballots; ``ballots`` is used when absent.
        encoding: Text encoding of a CSV. When absent, utf-8, utf-8-sig, cp1251, cp1252 and
            latin-1 are tried in that order (preferring one under which the named columns exist).
        sheet: Sheet name or index of an Excel file.
        id_column: Column of station labels; spreadsheet row numbers are used when absent.
        region: Column of region (or constituency) labels, for per-region results and for
            standardising the Klimek fit within region; blank labels become ``"(blank)"``.
        keep_rows: Rows (numbered as in the problems: the first data row is 2) to read as
            stations though they look like totals or subtotals; a list or ``"5, 9"``.
        leave_out_unregistered: Leave out stations with 0 registered voters that counted
            ballots (turnout undefined: a special or mobile station, or a roll not entered),
            naming each in ``unregistered``, instead of refusing the file.
        thousands: ``"."`` when the file writes its counts ``1.234.567`` (German, Spanish
            style): a dot is then read as a thousands separator, and a dot not between groups
            of three digits, or a comma, in a count is refused. ``","`` or None (the default):
            commas, spaces and apostrophes are read as thousands separators and a dotted
            ``1.234`` is refused as ambiguous.

    Returns:
        The station results, in file order, with blank lines skipped and empty stations (no
        registered voter, nothing counted) left out and named in ``empty``.

    Raises:
        InputError: Listing every problem found, each with file, row/column and value.
    """
    if flag := flag_problem("leave_out_unregistered", leave_out_unregistered):
        raise InputError([flag])
    if not isinstance(path, str | os.PathLike):
        why, given = "give a results file's path", repr(path)[:80]
        if isinstance(path, pd.DataFrame):  # its repr filled the message, with no way on
            why += ": write the DataFrame to one (to_csv), or build StationResults of its columns"
            given = f"a DataFrame of {len(path):,} rows"
        raise InputError([Problem("path", "", given, why)])
    path = Path(path)
    file = str(path)
    report = Problems(file)
    if encoding is not None and not isinstance(encoding, str):
        report.add("encoding", repr(encoding), "give a text encoding's name, e.g. 'cp1251'")
        report.raise_if_any()
    if thousands is not None and thousands not in THOUSANDS:
        why = "give '.' for counts written 1.234.567, or ',' (the default) for 1,234,567"
        report.add("thousands", repr(thousands)[:80], why)
        report.raise_if_any()
    other_specs = split_specs(others)
    if isinstance(others, str) and others.strip() and not all(s.strip() for s in others.split(",")):
        # "A,,B" may have lost a party's column: refused, as an empty item of keep_rows is.
        report.add("others", repr(others), "an empty item: give columns, e.g. 'A,B,C'")
    sums = {"registered": registered, "ballots": ballots, "valid": valid}
    named = [s for s in (leader, id_column, region, *other_specs) if s]
    named += [s for spec in sums.values() if spec is not None for s in sum_parts(spec)]
    header, table = load_table(path, report, encoding=encoding, sheet=sheet, named=named)
    report.raise_if_any()

    roles: dict[str, list[int]] = {}
    for role, spec in sums.items():
        # Only valid may be absent; a missing registered or ballots column is named as such.
        if spec is not None or role != "valid":
            parts = sum_parts(spec, header)
            idx = [resolve(part, header, role, report) for part in parts]
            if all(i is not None for i in idx):
                roles[role] = idx
    id_idx = resolve(id_column, header, "id", report) if id_column is not None else None
    region_idx = resolve(region, header, "region", report) if region is not None else None
    split = isinstance(others, str)
    other_idx = [resolve(s, header, "others", report, split=split) for s in other_specs]
    leader_auto = isinstance(leader, str) and leader.strip().lower() == AUTO
    leader_idx = None if leader_auto else resolve(leader, header, "leader", report)
    if leader_auto and not other_specs:
        report.add("leader", AUTO, "leader 'auto' picks among the other parties: name them too")
    report.raise_if_any()
    shared_columns(header, roles, [i for i in (leader_idx, *other_idx) if i is not None], report)
    report.raise_if_any()

    keep = nonblank_rows(table)
    table = table.iloc[keep]
    rows = keep + 2
    if len(table) == 0:
        report.add("", "0 data rows", "the file has a header but no data rows")
        report.raise_if_any()
    several_runs(header, table, report)  # votebank export's stations: one run at a time
    report.raise_if_any()
    kept = _kept_rows(keep_rows, rows, report)

    def parse(idx: int) -> np.ndarray:
        return parse_counts(table.iloc[:, idx], rows, label(header, idx), report, thousands)

    counts = {role: sum(parse(i) for i in idx) for role, idx in roles.items()}
    party_idx = [i for i in other_idx if i is not None]
    if leader_idx is not None:
        party_idx = [i for i in party_idx if i != leader_idx]
    parties = {i: parse(i) for i in dict.fromkeys(party_idx)}
    if leader_idx is not None:
        leader_values = parse(leader_idx)
    elif parties:
        leader_idx = max(parties, key=lambda i: np.nansum(parties[i]))
        leader_values = parties.pop(leader_idx)
    else:
        report.raise_if_any()
        raise AssertionError("unreachable: leader 'auto' without parties was reported")

    # Consistency checks run on every row whose values parsed (NaN compares false), so one
    # pass reports bad values and inconsistent rows together.
    reg, bal = counts["registered"], counts["ballots"]
    val = counts.get("valid", bal)
    reg_name = " + ".join(label(header, i) for i in roles["registered"])
    lead_name = label(header, leader_idx)
    other = np.column_stack(list(parties.values())) if parties else None
    # A cell already reported (NaN) is no evidence of ballots: a closed station with one blank
    # party cell was also told "registered voters must be more than 0".
    parts = [bal, val, leader_values] + ([] if other is None else list(other.T))
    counted = np.nansum(np.column_stack(parts), axis=1)
    empty = (reg == 0) & (counted == 0)
    # Ballots at a station with no voter on its roll (a special or mobile station, a roll
    # not entered): no turnout, so no place in the tests; left out only when asked.
    unregistered = (reg <= 0) & ~empty & bool(leave_out_unregistered)
    if (empty | unregistered).all():
        report.add(reg_name, "0 in every row", "no station has a registered voter")
    bad = (reg <= 0) & ~empty & ~unregistered
    report.add_rows(
        reg_name,
        rows[bad],
        fmt(reg[bad]),
        "registered voters must be more than 0 (turnout is undefined): check the column, or "
        "give --leave-out-unregistered to leave such stations out (counted and named)",
    )
    if "valid" in counts:
        bad = val > bal
        report.add_rows(
            " + ".join(label(header, i) for i in roles["valid"]),
            rows[bad],
            [f"{v} valid > {b} ballots" for v, b in zip(fmt(val[bad]), fmt(bal[bad]), strict=True)],
            "valid ballots exceed ballots cast",
        )
    # Without a valid column the votes are held to the ballots cast: name those, not "valid".
    unit, whole = (
        ("valid", "the valid ballots") if "valid" in counts else ("ballots", "the ballots cast")
    )
    bad = leader_values > val
    report.add_rows(
        lead_name,
        rows[bad],
        [
            f"{w} votes > {v} {unit}"
            for w, v in zip(fmt(leader_values[bad]), fmt(val[bad]), strict=True)
        ],
        f"the leader's votes exceed {whole}",
    )
    if other is not None:
        total = leader_values + other.sum(axis=1)
        bad = (total > val) & (leader_values <= val)
        report.add_rows(
            lead_name,
            rows[bad],
            [
                f"{t} party votes > {v} {unit}"
                for t, v in zip(fmt(total[bad]), fmt(val[bad]), strict=True)
            ],
            f"the parties' votes add up to more than {whole}",
        )
    report.raise_if_any()
    # "Total" may stand in any column but the counts: the id, the region or one not named.
    counted = {*(i for idx in roles.values() for i in idx), leader_idx, *parties}
    labels = total_labels(table.iloc[:, [i for i in range(table.shape[1]) if i not in counted]])
    for r, why in adding_rows(reg, bal, val, leader_values, labels=labels, keep=kept).items():
        report.add(
            f"row {rows[r]}",
            clip(why.label) if why.kind == "label" else f"{reg_name} {int(reg[r])}",
            f"{adding_reason(why, rows)}, not a station; delete it (or, if it is a station, "
            f"give --keep-rows {rows[r]})",
        )
    report.raise_if_any()

    ids = rows
    repeated: list[tuple[int, int]] = []
    if id_idx is None:
        # Closed stations alike (all zero, no label) are left out below, not repeats.
        filled = table[~empty]
        repeated = repeat_pairs(filled, rows[~empty])
        if pasted(repeated, rows[~empty]):
            raise InputError(pasted_problems(filled, path, rows[~empty]))
    else:
        # A row repeated to the letter, station label and all, is a file pasted twice.
        if twice := repeated_rows(table, path, rows):
            raise InputError(twice)
        labels = text_labels(table.iloc[:, id_idx])
        long_labels(labels, rows, label(header, id_idx), report)
        # A station without its number is still told apart: by its row.
        blank = [f"(blank, row {r})" for r in rows]
        ids = labels.mask(labels == "", pd.Series(blank, index=labels.index)).to_numpy(dtype=object)
    regions = None
    if region_idx is not None:
        labels = text_labels(table.iloc[:, region_idx])
        long_labels(labels, rows, label(header, region_idx), report)
        regions = labels.mask(labels == "", "(blank)").to_numpy(dtype=object).astype(str)
    report.raise_if_any()
    stations = StationResults(
        registered=reg.astype(np.int64),
        ballots=bal.astype(np.int64),
        valid=val.astype(np.int64),
        leader_votes=leader_values.astype(np.int64),
        other_votes=None if other is None else other.astype(np.int64),
        source=path.name,
        ids=ids,
        leader_name=lead_name,
        other_names=tuple(label(header, i) for i in parties),
        regions=regions,
        region_name=label(header, region_idx) if region_idx is not None else "region",
        repeated=tuple(repeated),
        columns={
            **_columns_read(header, roles, leader_idx, leader_auto, parties, region_idx, id_idx),
            # How 1.234 was read: a user comparing two analyses of one file needs to know.
            "thousands": "." if thousands == "." else "comma or space (a dot is a decimal)",
        },
    )
    if not (empty | unregistered).any():
        return stations
    return replace(
        take(stations, ~(empty | unregistered)),
        empty=tuple(str(i) for i in ids[empty]),
        unregistered=tuple(
            (str(i), int(b)) for i, b in zip(ids[unregistered], bal[unregistered], strict=True)
        ),
    )


def _columns_read(header, roles, leader, auto, parties, region, id_idx) -> dict[str, object]:
    """The header of each column read, by role: ``forensics.json`` says what was tested."""
    names = {role: " + ".join(label(header, i) for i in idx) for role, idx in roles.items()}
    names.setdefault("valid", f"(none: {names['ballots']})")
    names["leader"] = label(header, leader)
    names["leader_chosen"] = "auto: the most votes of the parties given" if auto else "given"
    names["others"] = [label(header, i) for i in parties]
    names["region"] = None if region is None else label(header, region)
    names["id"] = None if id_idx is None else label(header, id_idx)
    return names


def _kept_rows(
    keep_rows: str | Sequence[int] | None, rows: np.ndarray, report: Problems
) -> np.ndarray:
    """Mask of the rows given as ``keep_rows``; each that is not a data row is reported."""
    kept = np.zeros(len(rows), dtype=bool)
    if keep_rows is None:
        return kept
    given = keep_rows.split(",") if isinstance(keep_rows, str) else keep_rows
    if isinstance(given, str | bytes) or not isinstance(given, Sequence):
        report.add("keep_rows", repr(keep_rows), "give row numbers: a list, or '5, 9'")
        return kept
    if any(isinstance(v, str) and not v.strip() for v in given):
        # Said once, not as "(got )" for each: "5," or "" has an empty item, no row to name.
        report.add("keep_rows", repr(keep_rows), "an empty item: give row numbers, e.g. '5, 9'")
    for value in given:
        text = value.strip() if isinstance(value, str) else value
        if isinstance(text, str) and not text:
            continue
        number = int(text) if isinstance(text, str) and text.isdecimal() else text
        whole = isinstance(number, int | np.integer) and not isinstance(number, bool)
        at = np.flatnonzero(rows == number) if whole else []
        if len(at):
            kept[at] = True
        else:
            why = f"not a data row of the file (rows {rows[0]} to {rows[-1]}, blank lines skipped)"
            report.add("keep_rows", str(text), why)
    return kept
