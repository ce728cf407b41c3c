"""docs/store.md names every table and column of the results store."""

from pathlib import Path

from votebank.results import deciding, real_votes
from votebank.results.frames import FRAME_COLUMNS
from votebank.results.schema import _META_COLUMNS, TABLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "store.md"


def test_every_table_and_column_is_named():
    text = DOC.read_text(encoding="utf-8")
    names = {*TABLES, deciding.TABLE, real_votes.TABLE, "canvass_plan", "station_votes"}
    names |= {c for cols in FRAME_COLUMNS.values() for c in cols}
    names |= {c for cols in _META_COLUMNS.values() for c in cols}
    names |= set(deciding.COLUMNS)
    missing = sorted(n for n in names if f"`{n}`" not in text)
    assert missing == []
