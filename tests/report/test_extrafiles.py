"""Where the report finds the optional sections' files beside a store."""

from __future__ import annotations

import json
from pathlib import Path

from votebank.report.extrafiles import find_extras


def test_forensics_run_output_in_its_default_folder_is_found(tmp_path: Path) -> None:
    # `votebank forensics-run` writes OUT/forensics-run/forensics.json by default, a place the
    # report never looked: `run`, `forensics-run`, `report` gave a report with no Forensics.
    mine = "690bd1b3f63db2e3"
    (tmp_path / "forensics-run").mkdir()
    value = {"headline": "ours", "source": f"{tmp_path}/votebank.duckdb ensemble {mine} run 0"}
    (tmp_path / "forensics-run" / "forensics.json").write_text(json.dumps(value))
    assert find_extras(tmp_path, mine)["forensics"]["headline"] == "ours"
    assert "forensics" not in find_extras(tmp_path, "0123456789abcdef")
