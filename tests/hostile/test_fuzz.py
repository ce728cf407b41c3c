"""Hostile scenarios at random: any value of tiny's TOML or any cell of its tables replaced by
a hostile literal. The scenario is refused with a clear report, or it loads and a run of it is
possible (the store's invariants). Add a literal here for every new kind of defect."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import votebank as vb
from tests.scenario.test_errors import TINY
from votebank.errors import InputError
from votebank.results.invariants import check_run, house_size

# An overflow or 0 / 0 at a bound is a wrong result computed quietly: fail on it.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

# TOML literals, each once a defect (issue 20): NaN, infinities, bools as numbers, negative or
# 2**63 counts, huge ranges, markup, escapes, bidi overrides, deep nesting.
TOML_LITERALS = [
    "nan",
    "inf",
    "-inf",
    "1e400",
    "true",
    "false",
    "-1",
    "0",
    "1e-300",
    str(2**63),
    str(-(2**63)),
    "[1, 1000000000]",
    "[0, 0]",
    "[]",
    "{}",
    '"[/]"',
    '"\\u001b[2J"',
    '"\\u202eabc"',
    '""',
    "[" * 40 + "]" * 40,
]
CELL_LITERALS = [
    "nan",
    "inf",
    "1e400",
    "-1",
    "0",
    "1e20",
    str(2**63),
    "",
    "[/]",
    "\x1b]0;t\x07",
    "\u202e",
    "x" * 2000,
    "true",
]


def _assignments(text: str) -> list[int]:
    return [
        i for i, line in enumerate(text.splitlines()) if "=" in line and not line.startswith("#")
    ]


def _check(folder: Path) -> None:
    try:
        sc = vb.load_scenario(folder)
    except InputError as exc:
        for p in exc.problems:
            assert p.file, p
            assert p.value, p
            assert p.message, p
        return
    result = vb.Model.of(sc, 1).run(0)
    check_run(result.frames, 0, house_size(sc))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_toml_value(data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz") / "sc"
    shutil.copytree(TINY, folder)
    path = folder / "scenario.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    i = data.draw(st.sampled_from(_assignments("\n".join(lines))), label="line")
    key = lines[i].split("=", 1)[0].rstrip()
    lines[i] = f"{key} = {data.draw(st.sampled_from(TOML_LITERALS), label='value')}"
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    _check(folder)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_table_cell(data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz") / "sc"
    shutil.copytree(TINY, folder)
    name = data.draw(st.sampled_from(["constituencies.csv", "candidates.csv"]), label="file")
    rows = list(csv.reader(io.StringIO((folder / name).read_text(encoding="utf-8"))))
    row = data.draw(st.integers(1, len(rows) - 1), label="row")
    col = data.draw(st.integers(0, len(rows[0]) - 1), label="column")
    rows[row][col] = data.draw(st.sampled_from(CELL_LITERALS), label="cell")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (folder / name).write_text(buffer.getvalue(), encoding="utf-8")
    _check(folder)
