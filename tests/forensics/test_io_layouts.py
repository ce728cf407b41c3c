"""The layouts of real station files: a sum of count columns, tab-separated cp1251 files
whose headers contain commas, a region column (the Shpilkin/Kobak layout of Russian federal
elections, with made-up numbers) and a small ballots-and-parties file in the UK style."""

from __future__ import annotations

import numpy as np
import pytest

from votebank.errors import InputError
from votebank.forensics.reader import read_station_results

# Column names as in the public Russian station files (one row per station; counts only).
REG = "Число избирателей, внесенных в список избирателей"
EARLY = "Число избирательных бюллетеней, выданных избирателям, проголосовавшим досрочно"
INSIDE = "Число избирательных бюллетеней, выданных избирателям в помещении для голосования"
OUTSIDE = "Число избирательных бюллетеней, выданных избирателям вне помещения для голосования"
VALID = "Число действительных избирательных бюллетеней"
INVALID = "Число недействительных избирательных бюллетеней"
PARTIES = ("Единая Россия", "КПРФ", "ЛДПР")
HEADER = ["region", "tik", "uik", REG, EARLY, INSIDE, OUTSIDE, INVALID, VALID, *PARTIES]
ROWS = [
    ["Республика А", "ТИК 1", "1", 1000, 5, 580, 15, 10, 590, 400, 120, 70],
    ["Республика А", "ТИК 1", "2", 800, 0, 480, 20, 5, 495, 250, 150, 95],
    ["Область Б", "ТИК 7", "3", 1200, 10, 680, 10, 10, 690, 500, 100, 90],
]


def write_tsv(path, rows, header=HEADER, encoding="cp1251"):
    text = "\n".join("\t".join(map(str, r)) for r in [header, *rows]) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def test_shpilkin_layout_with_summed_ballots_and_region(tmp_path):
    path = write_tsv(tmp_path / "2011.txt", ROWS)
    res = read_station_results(
        path,
        registered=REG,
        ballots=f"{EARLY} + {INSIDE} + {OUTSIDE}",
        valid=VALID,
        leader="auto",
        others=list(PARTIES),
        id_column="uik",
        region="region",
    )
    np.testing.assert_array_equal(res.ballots, [600, 500, 700])
    np.testing.assert_array_equal(res.valid, [590, 495, 690])
    assert res.leader_name == "Единая Россия"
    assert list(res.regions) == ["Республика А", "Республика А", "Область Б"]
    assert list(res.ids) == ["1", "2", "3"]


def test_ballots_as_valid_plus_invalid(tmp_path):
    path = write_tsv(tmp_path / "2011.txt", ROWS)
    res = read_station_results(
        path, registered=REG, ballots=f"{VALID}+{INVALID}", valid=VALID, leader=PARTIES[0]
    )
    np.testing.assert_array_equal(res.ballots, [600, 500, 700])


def test_a_header_containing_plus_is_taken_whole(tmp_path):
    header = ["reg", "ballots+postal", "lead"]
    path = write_tsv(tmp_path / "x.tsv", [[100, 60, 30], [200, 90, 50]], header, "utf-8")
    res = read_station_results(path, registered="reg", ballots="ballots+postal", leader="lead")
    np.testing.assert_array_equal(res.ballots, [60, 90])


def test_bad_value_in_one_summed_column_is_named(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[1][5] = "4x0"
    path = write_tsv(tmp_path / "2011.txt", rows)
    with pytest.raises(InputError) as exc:
        read_station_results(
            path, registered=REG, ballots=f"{EARLY} + {INSIDE} + {OUTSIDE}", leader=PARTIES[0]
        )
    text = str(exc.value)
    for part in ("2011.txt", "row 3", INSIDE, "4x0"):
        assert part in text


def test_unknown_part_of_a_sum_is_reported(tmp_path):
    path = write_tsv(tmp_path / "2011.txt", ROWS)
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered=REG, ballots=f"{EARLY} + nonsense", leader=3)
    assert "nonsense" in str(exc.value)


def test_sum_over_registered_is_reported_with_the_summed_name(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[0][3] = 0
    path = write_tsv(tmp_path / "2011.txt", rows)
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered=REG, ballots=f"{VALID} + {INVALID}", leader=9)
    assert "row 2" in str(exc.value)
    assert REG in str(exc.value)


def test_a_semicolon_file_with_commas_in_its_column_names(tmp_path):
    # CEC protocol headers hold commas; the header then has more commas than semicolons.
    path = tmp_path / "semi.csv"
    path.write_text(
        "УИК;Число избирателей, внесенных в список;Число бюллетеней, выданных в помещении;"
        "Иванов, Иван;Петров, Пётр\n1;2111;1354;567;366\n2;2473;1247;455;363\n",
        encoding="utf-8",
    )
    res = read_station_results(path, registered=1, ballots=2, leader=3, others="4", id_column=0)
    assert res.registered.tolist() == [2111, 2473]
    assert res.leader_name == "Иванов, Иван"
    assert res.other_names == ("Петров, Пётр",)
