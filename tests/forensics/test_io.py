"""Reading station results: encodings, column addressing, formats, and every kind of bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from votebank.errors import InputError
from votebank.forensics.reader import read_station_results
from votebank.forensics.text import MAX_ROWS_PER_COLUMN

RU_HEADER = "Номер УИК;Число избирателей;Бюллетени;Действительные;Единая Россия;КПРФ;ЛДПР"
RU_ROWS = [
    "1;1000;600;590;400;120;70",
    "2;800;500;495;250;150;95",
    "3;1200;700;690;500;100;90",
]


def write_text(path, lines, encoding="utf-8"):
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def problems_of(excinfo):
    return excinfo.value.problems


def test_cp1251_cyrillic_headers_by_name(tmp_path):
    path = write_text(tmp_path / "uik.csv", [RU_HEADER, *RU_ROWS], encoding="cp1251")
    res = read_station_results(
        path,
        registered="Число избирателей",
        ballots="Бюллетени",
        valid="Действительные",
        leader="auto",
        others="Единая Россия,КПРФ,ЛДПР",
        id_column="Номер УИК",
    )
    assert res.leader_name == "Единая Россия"
    assert res.other_names == ("КПРФ", "ЛДПР")
    np.testing.assert_array_equal(res.registered, [1000, 800, 1200])
    np.testing.assert_array_equal(res.leader_votes, [400, 250, 500])
    np.testing.assert_array_equal(res.other_votes, [[120, 70], [150, 95], [100, 90]])
    assert list(res.ids) == ["1", "2", "3"]
    assert res.source == "uik.csv"


@pytest.mark.parametrize(
    ("header", "by_name"),
    [
        # Accented party names, read with the leader left to "auto" (no leader name to test).
        ("station,registered,ballots,Müller,Brontë,Ñandú", "Müller,Brontë,Ñandú"),
        # An ASCII header: only the region labels tell the encodings apart.
        ("station,registered,ballots,A,B,C", "A,B,C"),
    ],
)
def test_western_text_without_utf8_is_not_read_as_cyrillic(tmp_path, header, by_name):
    rows = [f"{r},1000,600,300,200,100" for r in ("Zürich", "Genève", "Neuchâtel")]
    path = write_text(tmp_path / "ch.csv", [header, *rows], encoding="latin-1")
    res = read_station_results(
        path, registered="registered", ballots="ballots", others=by_name, region="station"
    )
    assert res.leader_name == by_name.split(",")[0]
    assert list(res.regions) == ["Zürich", "Genève", "Neuchâtel"]


def test_cyrillic_labels_under_an_ascii_header_stay_cyrillic(tmp_path):
    rows = [f"{r},1000,600,300,200,100" for r in ("Москва", "Тверь", "Омск")]
    path = write_text(tmp_path / "ru.csv", ["region,registered,ballots,A,B,C", *rows], "cp1251")
    res = read_station_results(
        path, registered="registered", ballots="ballots", others="A,B,C", region="region"
    )
    assert list(res.regions) == ["Москва", "Тверь", "Омск"]


def test_explicit_encoding_and_positions(tmp_path):
    path = write_text(tmp_path / "uik.csv", [RU_HEADER, *RU_ROWS], encoding="cp1251")
    res = read_station_results(
        path, registered=1, ballots="2", valid=3, leader=4, others=[5, "6"], encoding="cp1251"
    )
    np.testing.assert_array_equal(res.ballots, [600, 500, 700])
    assert res.other_votes.shape == (3, 2)
    assert list(res.ids) == [2, 3, 4]  # spreadsheet rows when no ID column


def test_utf8_bom_and_comma_delimiter(tmp_path):
    lines = ["reg,bal,lead", "100,50,20", "200,100,60"]
    path = write_text(tmp_path / "bom.csv", lines, encoding="utf-8-sig")
    res = read_station_results(path, registered="reg", ballots="bal", leader="lead")
    np.testing.assert_array_equal(res.valid, [50, 100])  # valid defaults to ballots
    assert res.other_votes is None
    np.testing.assert_allclose(res.turnout, [0.5, 0.5])
    np.testing.assert_allclose(res.share, [0.4, 0.6])


def test_parquet_by_name_and_position(tmp_path):
    frame = pd.DataFrame(
        {"reg": [100, 200, 300], "bal": [50, 120, 150], "a": [20, 60, 70], "b": [30, 60, 80]}
    )
    path = tmp_path / "res.parquet"
    frame.to_parquet(path)
    res = read_station_results(path, registered="reg", ballots=1, others="a,b")
    assert res.leader_name == "b"  # 170 votes against 150
    np.testing.assert_array_equal(res.leader_votes, [30, 60, 80])


def test_blank_lines_are_skipped_but_rows_keep_spreadsheet_numbers(tmp_path):
    path = write_text(tmp_path / "gaps.csv", ["reg,bal,lead", "100,50,20", "", "0,10,5"])
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", leader="lead")
    (problem,) = problems_of(exc)
    assert problem.location == "row 4, column reg"
    assert problem.value == "0"


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as exc:
        read_station_results(tmp_path / "nope.csv", registered=0, ballots=1, leader=2)
    (problem,) = problems_of(exc)
    assert "nope.csv" in problem.file
    assert "not found" in problem.message


@pytest.mark.parametrize("content", [b"", b"  \n\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered=0, ballots=1, leader=2)
    assert "empty" in problems_of(exc)[0].message


def test_blank_lines_above_the_header_are_named_not_called_an_empty_file(tmp_path):
    # A file of stations whose header came after a blank line was refused as "the file is
    # empty", which it is not.
    path = write_text(tmp_path / "e.csv", ["", "", "reg,bal,A", "100,50,30", "200,80,40"])
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", leader="A")
    (problem,) = problems_of(exc)
    assert "empty" not in problem.message
    assert "row 1" in problem.location
    assert "header" in problem.message


def test_header_without_rows(tmp_path):
    path = write_text(tmp_path / "head.csv", ["reg,bal,lead"])
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered=0, ballots=1, leader=2)
    assert "no data rows" in problems_of(exc)[0].message


def test_unknown_columns_and_positions_are_all_reported(tmp_path):
    path = write_text(tmp_path / "a.csv", ["reg,bal,lead", "100,50,20"])
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="registered", ballots=7, leader="lead", valid="-1")
    probs = problems_of(exc)
    assert len(probs) == 3
    by_value = {p.value: p for p in probs}
    assert "no column has this name" in by_value["registered"].message
    assert "'reg'" in by_value["registered"].message  # lists the real columns
    assert "out of range" in by_value["7"].message
    assert "no column" in by_value["-1"].message
    assert all(p.file.endswith("a.csv") for p in probs)


def test_auto_leader_needs_others(tmp_path):
    path = write_text(tmp_path / "a.csv", ["reg,bal,lead", "100,50,20"])
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal")
    assert "auto" in problems_of(exc)[0].message


def test_every_bad_value_is_reported_with_row_column_and_value(tmp_path):
    lines = [
        "reg,bal,valid,lead,other",
        "100,50,48,20,10",  # row 2: fine
        "abc,50,48,20,10",  # row 3: non-numeric
        "100,-5,48,20,10",  # row 4: negative (and valid > ballots is not checked: bad ballots)
        "100,50,NaN,20,10",  # row 5: NaN
        "100,50,48,60,10",  # row 6: leader > valid
        "0,50,48,20,10",  # row 7: registered 0
        "100,50,48,20,",  # row 8: empty
        "100,50.5,48,20,10",  # row 9: fraction
        "100,40,48,20,10",  # row 10: valid > ballots
        "100,50,48,30,30",  # row 11: parties exceed valid
    ]
    path = write_text(tmp_path / "bad.csv", lines)
    with pytest.raises(InputError) as exc:
        read_station_results(
            path, registered="reg", ballots="bal", valid="valid", leader="lead", others="other"
        )
    found = {(p.location, p.value): p.message for p in problems_of(exc)}
    assert found[("row 3, column reg", "abc")] == "the value is not a number"
    assert found[("row 4, column bal", "-5")] == "a count cannot be negative"
    assert found[("row 5, column valid", "NaN")] == "the value is missing (NaN)"
    assert found[("row 8, column other", "")] == "the value is empty"
    assert found[("row 9, column bal", "50.5")] == "a count must be a whole number"
    # Consistency checks are reported in the same pass, for rows whose values parsed.
    assert "exceed the valid ballots" in found[("row 6, column lead", "60 votes > 48 valid")]
    assert "more than 0" in found[("row 7, column reg", "0")]
    assert not any(loc.startswith(("row 2,", "row 4, column lead")) for loc, _ in found)
    # Only the inconsistencies remain once the bad values are fixed.
    fixed = [lines[0], lines[1], lines[5], lines[6], lines[9], lines[10]]
    path = write_text(tmp_path / "bad2.csv", fixed)
    with pytest.raises(InputError) as exc:
        read_station_results(
            path, registered="reg", ballots="bal", valid="valid", leader="lead", others="other"
        )
    found = {(p.location, p.value): p.message for p in problems_of(exc)}
    assert "exceed the valid ballots" in found[("row 3, column lead", "60 votes > 48 valid")]
    assert "more than 0" in found[("row 4, column reg", "0")]
    assert "valid ballots exceed" in found[("row 5, column valid", "48 valid > 40 ballots")]
    assert "add up to more" in found[("row 6, column lead", "60 party votes > 48 valid")]
    assert all(p.file.endswith("bad2.csv") for p in problems_of(exc))


def test_many_bad_rows_are_capped_with_a_count(tmp_path):
    lines = ["reg,bal,lead"] + ["x,50,20"] * 35 + ["100,50,-1"] * 3
    path = write_text(tmp_path / "many.csv", lines)
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", leader="lead")
    probs = problems_of(exc)
    reg = [p for p in probs if p.location.startswith("row") and p.location.endswith("column reg")]
    assert len(reg) == MAX_ROWS_PER_COLUMN
    assert reg[0].location == "row 2, column reg"
    (rest,) = [p for p in probs if p.location == "column reg"]
    assert rest.value == "15 more rows"
    assert len([p for p in probs if p.location.endswith("column lead")]) == 3


def test_undecodable_bytes_with_explicit_encoding(tmp_path):
    path = write_text(tmp_path / "ru.csv", [RU_HEADER, *RU_ROWS], encoding="cp1251")
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered=1, ballots=2, leader=4, encoding="utf-8")
    probs = problems_of(exc)
    assert probs[0].location == "row 1"
    assert "\\x" in probs[0].value
    assert "utf-8" in probs[0].message
    assert "--encoding" in probs[0].message


def test_unknown_encoding_and_suffix(tmp_path):
    path = write_text(tmp_path / "a.csv", ["reg,bal,lead", "100,50,20"])
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered=0, ballots=1, leader=2, encoding="klingon")
    assert "unknown text encoding" in problems_of(exc)[0].message
    other = tmp_path / "a.json"
    other.write_text("{}")
    with pytest.raises(InputError) as exc:
        read_station_results(other, registered=0, ballots=1, leader=2)
    assert "unknown file type" in problems_of(exc)[0].message


def test_ragged_csv_is_a_problem_not_a_traceback(tmp_path):
    path = write_text(tmp_path / "ragged.csv", ["reg,bal,lead", "100,50,20", "100,50,20,7,8"])
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered=0, ballots=1, leader=2)
    assert "cannot parse" in problems_of(exc)[0].message


def test_excel(tmp_path):
    frame = pd.DataFrame({"reg": [100, 200], "bal": [50, 100], "lead": [20, 40]})
    path = tmp_path / "res.xlsx"
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        path.write_bytes(b"not really excel")
        with pytest.raises(InputError) as exc:
            read_station_results(path, registered=0, ballots=1, leader=2)
        assert "openpyxl" in problems_of(exc)[0].message
        return
    frame.to_excel(path, index=False, sheet_name="votes")
    res = read_station_results(path, registered="reg", ballots="bal", leader="lead", sheet="votes")
    np.testing.assert_array_equal(res.leader_votes, [20, 40])


def test_parquet_nan_and_negative(tmp_path):
    frame = pd.DataFrame(
        {"reg": [100.0, np.nan, 300.0], "bal": [50, -1, 150], "lead": [20, 10, 70]}
    )
    path = tmp_path / "res.parquet"
    frame.to_parquet(path)
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", leader="lead")
    found = {(p.location, p.value) for p in problems_of(exc)}
    assert ("row 3, column reg", "nan") in found
    assert ("row 3, column bal", "-1") in found


def test_a_station_with_no_roll_and_nothing_counted_is_left_out_and_named(tmp_path):
    lines = [
        "id,reg,bal,lead,other",
        "A,100,50,20,30",
        "B,0,0,0,0",  # closed or cancelled: real files hold such rows
        "C,200,90,50,40",
    ]
    path = write_text(tmp_path / "closed.csv", lines)
    res = read_station_results(
        path, registered="reg", ballots="bal", leader="lead", others="other", id_column="id"
    )
    np.testing.assert_array_equal(res.registered, [100, 200])
    assert list(res.ids) == ["A", "C"]
    assert res.empty == ("B",)


@pytest.mark.parametrize("row", ["B,0,5,3,2", "B,0,0,1,0"])
def test_a_station_with_no_roll_but_votes_is_still_refused(tmp_path, row):
    path = write_text(tmp_path / "bad.csv", ["id,reg,bal,lead,other", "A,100,50,20,30", row])
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", leader="lead", others="other")
    assert any(
        "more than 0" in p.message and p.location == "row 3, column reg" for p in problems_of(exc)
    )


def test_a_station_row_given_twice_is_refused_naming_both_rows(tmp_path):
    lines = ["id,reg,bal,lead,other", "A,100,50,20,30", "B,200,90,50,40", "A,100,50,20,30"]
    path = write_text(tmp_path / "twice.csv", lines)
    with pytest.raises(InputError) as exc:
        read_station_results(
            path, registered="reg", ballots="bal", leader="lead", others="other", id_column="id"
        )
    assert [str(p) for p in problems_of(exc)] == [
        f"{path}: row 4: repeats an earlier row (got row 2)"
    ]


def test_a_file_of_empty_stations_only_is_refused(tmp_path):
    path = write_text(tmp_path / "none.csv", ["reg,bal,lead,other", "0,0,0,0", "0,0,0,0"])
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", leader="lead", others="other")
    assert "no station has a registered voter" in str(exc.value)


def test_parquet_labels_stored_as_floats_read_as_whole_numbers_and_a_null_id_is_named(tmp_path):
    path = tmp_path / "r.parquet"
    pd.DataFrame(
        {
            "region": [1.0, 1.0, 2.0],
            "station": [101.0, np.nan, 103.0],
            "registered": [100, 200, 300],
            "ballots": [50, 60, 70],
            "leader": [20, 30, 40],
        }
    ).to_parquet(path)
    res = read_station_results(
        path, registered=2, ballots=3, leader=4, region="region", id_column="station"
    )
    assert list(res.regions) == ["1", "1", "2"]  # not "1.0"
    assert list(res.ids) == ["101", "(blank, row 3)", "103"]  # not "101.0" and "nan"


def test_one_bad_row_past_the_cap_is_one_more_row(tmp_path):
    # 21 bad rows of a column read "1 more rows" and "and 1 more bad rows in this column".
    lines = ["reg,bal,lead"] + ["x,50,20"] * (MAX_ROWS_PER_COLUMN + 1)
    path = write_text(tmp_path / "many.csv", lines)
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", leader="lead")
    (rest,) = [p for p in problems_of(exc) if p.location == "column reg"]
    assert rest.value == "1 more row"
    assert rest.message.startswith("and 1 more bad row in this column")
