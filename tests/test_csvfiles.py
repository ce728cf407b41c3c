"""A user's CSV: read whatever its separator, refused with the file and row named when broken."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from votebank.csvfiles import blank_cells, read_csv, repeated_rows
from votebank.errors import InputError


def test_text_that_is_not_utf8_is_refused_naming_its_line(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("seat,votes\nS-1,10\nYnys Môn,20\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.csv: row 3: not UTF-8 text"):
        read_csv(path)


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_the_separator_is_read_off_the_header(tmp_path, sep):
    path = tmp_path / "x.csv"
    path.write_text(f"seat{sep}votes\nS-1{sep}10\n", encoding="utf-8")
    assert read_csv(path).to_dict("list") == {"seat": ["S-1"], "votes": [10]}


def test_blank_cells_and_repeated_rows_are_named_by_file_line():
    frame = pd.DataFrame({"seat": ["S-1", " ", "S-1"], "votes": [1, 2, 1]})
    lines = np.array([2, 3, 4])
    blanks = blank_cells(frame, ["seat"], "f.csv", lines)
    assert [str(p) for p in blanks] == ["f.csv: row 3, column seat: blank"]
    repeats = repeated_rows(frame, "f.csv", lines)
    assert [str(p) for p in repeats] == ["f.csv: row 4: repeats an earlier row (got row 2)"]
