"""Where the report finds the optional sections' files beside a store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from votebank.errors import InputError
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


@pytest.mark.parametrize(
    ("text", "got"),
    [("NaN", "NaN"), ("1e999", "1e999"), ("[1, 2]", "an array"), ('"x"', "a string")],
)
def test_a_section_file_that_is_no_object_says_what_it_is_in_json_words(
    tmp_path: Path, text: str, got: str
) -> None:
    # A validation.json holding NaN was refused "(got _NotFinite)", a name inside the reader.
    (tmp_path / "validation.json").write_text(text)
    with pytest.raises(InputError) as info:
        find_extras(tmp_path)
    [problem] = info.value.problems
    assert problem.message.startswith("not a JSON object")
    assert problem.value == got
