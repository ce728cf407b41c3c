"""Hostile polling-station files for ``votebank forensics`` (issue 20, points 3 to 5)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.hostile.helpers import assert_user_error, main


def stations() -> pd.DataFrame:
    n = np.arange(40)
    return pd.DataFrame(
        {
            "station": [f"S{i}" for i in n],
            "registered": n * 10 + 800,
            "ballots": n * 5 + 400,
            "a": n * 3 + 200,
            "b": n * 2 + 150,
        }
    ).astype(object)


def forensics(path, out, monkeypatch, capsys):
    argv = ["forensics", str(path), "--registered", "registered", "--ballots", "ballots"]
    argv += ["--others", "a,b", "--out", str(out), "--bootstrap", "2"]
    return main(argv, monkeypatch, capsys)


# (column, row, cell, texts on stderr) for files that must be refused.
REFUSED = [
    pytest.param("a", 3, "-5", ("row 5", "column a", "-5"), id="negative"),
    pytest.param("a", 3, "nan", ("row 5", "column a", "nan"), id="nan"),
    pytest.param("ballots", 7, "many", ("row 9", "ballots", "many"), id="text"),
    pytest.param("registered", 3, "1e20", ("row 5", "1e20"), id="2^63-reg"),
    pytest.param("ballots", 3, "1e20", ("row 5", "1e20"), id="2^63-ballots"),
]


@pytest.mark.parametrize(("column", "row", "cell", "texts"), REFUSED)
def test_hostile_station_file_is_refused(column, row, cell, texts, tmp_path, monkeypatch, capsys):
    frame = stations()
    frame.loc[row, column] = cell
    path = tmp_path / "stations.csv"
    frame.to_csv(path, index=False)
    out = tmp_path / "out"
    code, text, err = forensics(path, out, monkeypatch, capsys)
    assert_user_error(code, text, err, "stations.csv", *texts)
    assert not out.exists()


def test_markup_and_escapes_in_station_names_are_harmless(tmp_path, monkeypatch, capsys):
    frame = stations()
    frame.loc[3, "station"] = "[/]\x1b[2J"
    path = tmp_path / "stations.csv"
    frame.to_csv(path, index=False)
    code, text, err = forensics(path, tmp_path / "out", monkeypatch, capsys)
    assert code == 0, err
    assert "Traceback" not in text + err
    assert "\x1b[2J" not in text
