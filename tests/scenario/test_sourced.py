"""Sourced candidate backgrounds: the shipped 2008 file, its provenance, and bad files refused."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import votebank
from votebank.core.labels import BACKGROUNDS
from votebank.scenario.sourced import apply_sourced, read_sourced

DATA = Path(votebank.__file__).parent / "data" / "pakistan"
SOURCED = DATA / "backgrounds-2008.csv"
PAKISTAN = Path(votebank.__file__).parent / "scenarios" / "pakistan-2008"


def _documented(kind: str) -> set[str]:
    """Keys of the rule or source table of SOURCES.md's backgrounds section."""
    text = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    section = text[text.index("## `backgrounds-2008.csv`") :]
    head = "| rule | label | when |" if kind == "rule" else "| key | source | fact used |"
    table = section[section.index(head) :].split("\n\n")[0]
    return set(re.findall(r"^\| `([^`]+)` \|", table, flags=re.MULTILINE))


def test_every_sourced_row_has_a_known_background_a_rule_and_a_source():
    frame, problems = read_sourced(SOURCED)
    assert problems == []
    assert len(frame) > 0
    assert set(frame["background"]) <= set(BACKGROUNDS) - {"none"}
    assert frame["rule"].ne("").all()
    assert frame["source"].ne("").all()
    # Every rule and source is documented with its provenance.
    assert set(frame["rule"]) <= _documented("rule")
    assert set(frame["source"]) <= _documented("source")
    # The rule gives the label (a rule never yields two backgrounds).
    assert frame.groupby("rule")["background"].nunique().max() == 1


def test_the_shipped_scenario_carries_exactly_the_sourced_rows():
    frame, _ = read_sourced(SOURCED)
    cands = votebank.load_scenario("pakistan-2008").candidates
    sourced = cands[cands["background_source"].ne("")]
    assert len(sourced) == len(frame)
    got = sourced.set_index(["constituency", "name", "party"])
    for r in frame.itertuples(index=False):
        row = got.loc[(r.constituency, r.name, r.party)]
        assert row["background"] == r.background
        assert row["background_source"] == f"{r.rule}: {r.source}"


def test_apply_is_idempotent_and_changes_only_the_background():
    frame, _ = read_sourced(SOURCED)
    shipped = pd.read_csv(PAKISTAN / "candidates.csv", dtype=str, keep_default_na=False)
    # From a table with no background at all: exactly the sourced rows gain theirs.
    blank = shipped.drop(columns="background_source").assign(background="none")
    once, problems = apply_sourced(blank, frame)
    assert problems == []
    sourced = once["background_source"].ne("")
    assert sourced.sum() == len(frame)
    assert once.loc[sourced, "background"].ne("none").all()
    assert once.loc[~sourced, "background"].eq("none").all()
    other = [c for c in blank.columns if c != "background"]
    pd.testing.assert_frame_equal(once[other], blank[other])
    twice, _ = apply_sourced(once, frame)
    pd.testing.assert_frame_equal(once, twice)
    # Over the shipped draw it gives the shipped table.
    again, _ = apply_sourced(shipped.drop(columns="background_source"), frame)
    pd.testing.assert_frame_equal(again, shipped)


def _write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "backgrounds.csv"
    path.write_text("constituency,name,party,background,rule,source\n" + "\n".join(rows) + "\n")
    return path


@pytest.mark.parametrize(
    ("row", "place", "value"),
    [
        ("NA-1,A,PPPP,warlord,r,s", "row 2, column background", "'warlord'"),
        ("NA-1,A,PPPP,none,r,s", "row 2, column background", "'none'"),
        ("NA-1,A,PPPP,feudal,r,", "row 2, column source", "''"),
        ("NA-1,A,PPPP,feudal,,s", "row 2, column rule", "''"),
    ],
)
def test_a_planted_bad_value_is_refused(tmp_path, row, place, value):
    path = _write(tmp_path, [row])
    _, problems = read_sourced(path)
    assert [(p.file, p.location, p.value) for p in problems] == [(str(path), place, value)]


def test_a_row_matching_no_candidate_is_refused(tmp_path):
    frame, problems = read_sourced(_write(tmp_path, ["NA-1,Nobody,PPPP,feudal,r,s"]))
    assert problems == []
    cands = pd.DataFrame(
        {"constituency": ["NA-1"], "name": ["Somebody"], "party": ["PPPP"], "background": ["none"]}
    )
    out, problems = apply_sourced(cands, frame, "backgrounds.csv")
    assert len(problems) == 1
    assert "Nobody" in problems[0].value
    assert list(out["background_source"]) == [""]


def test_a_candidate_listed_twice_is_refused(tmp_path):
    rows = ["NA-1,A,PPPP,feudal,r,s", "NA-1,A,PPPP,dynastic,r,t"]
    _, problems = read_sourced(_write(tmp_path, rows))
    assert [(p.location, p.value) for p in problems] == [("row 3, column name", "'A'")]
    assert "listed twice" in problems[0].message
