"""The architecture document lists the engine's steps in their real order."""

from pathlib import Path

from votebank.run.schedule import STEPS

DOC = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"


def test_step_table_matches_the_schedule():
    text = DOC.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "|" in line[1:]]
    listed = [r.split("|")[2].strip() for r in rows if r.split("|")[1].strip().isdigit()]
    assert listed == [s.name for s in STEPS]
