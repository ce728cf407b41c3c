"""A total row at the foot of a results file is refused, not read as one more station."""

import numpy as np
import pytest

from votebank.errors import InputError
from votebank.forensics.reader import read_station_results
from votebank.forensics.total_rows import subtotal_rows, total_rows

ROWS = ["North,1000,600,300,300", "North,800,500,200,300", "South,900,450,250,200"]


def test_a_total_row_is_refused_naming_its_row_and_value(tmp_path):
    # Before, it was analysed as a station of 2,700 voters at the national turnout.
    path = tmp_path / "stations.csv"
    path.write_text("\n".join(["region,reg,bal,A,B", *ROWS, "Total,2700,1550,750,800", ""]))
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", others="A,B", region="region")
    (problem,) = exc.value.problems
    assert (problem.file, problem.location, problem.value) == (str(path), "row 5", "reg 2700")
    assert "sums of all the other rows" in problem.message


def test_stations_that_only_look_like_a_total_stay():
    two = np.array([500, 500])  # two equal stations: each is the other's sum
    assert total_rows(two, two, two) == {}
    reg = np.array([100, 200, 300])  # registered sums, ballots do not
    assert total_rows(reg, np.array([50, 60, 70]), np.array([10, 20, 30])) == {}


def test_subtotal_rows_and_the_grand_total_under_them_are_refused_together(tmp_path):
    # A district's subtotal under its stations was read as one more station (of the whole
    # district), and with subtotals in the file the grand total no longer summed the rest.
    path = tmp_path / "stations.csv"
    lines = [
        "region,reg,bal,A,B",
        *ROWS[:2],
        "North total,1800,1100,500,600",
        ROWS[2],
        "South,700,400,150,250",
        "South total,1600,850,400,450",
        "Total,3400,1950,900,1050",
    ]
    path.write_text("\n".join([*lines, ""]))
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", others="A,B", region="region")
    said = [(p.location, p.value, p.message) for p in exc.value.problems]
    assert [s[:2] for s in said] == [
        ("row 4", "reg 1800"),
        ("row 7", "reg 1600"),
        ("row 8", "reg 3400"),
    ]
    assert "the sums of rows 2 to 3: a subtotal" in said[0][2]
    assert "the sums of rows 5 to 6: a subtotal" in said[1][2]
    assert "the sums of all the other rows: a total" in said[2][2]


def test_subtotals_over_their_stations_are_found_too_and_near_misses_are_not():
    reg = np.array([1800, 1000, 800, 1600, 900, 700])  # each district's subtotal first
    bal = np.array([1100, 600, 500, 850, 450, 400])
    assert subtotal_rows(reg, bal) == {0: (1, 2), 3: (4, 5)}
    assert subtotal_rows(reg, bal + np.array([0, 0, 1, 0, 0, 0])) == {3: (4, 5)}  # one count off
    one = np.array([500, 500, 900])  # a "block" of one row is a repeated station, not a subtotal
    assert subtotal_rows(one, one) == {}


def test_small_stations_that_happen_to_add_up_are_no_subtotal():
    # 7 = 3 + 4 in every count, but the rows above them are stations of the same block: a
    # subtotal adds up its whole block, from the top of the file or the previous subtotal.
    small = np.array([10, 7, 3, 4, 7, 12])
    assert subtotal_rows(small, small, small) == {}


def _twice_file(tmp_path, rows):
    path = tmp_path / "twice.csv"
    path.write_text("\n".join(["reg,bal,A,B", *rows, ""]))
    return path


def test_a_file_pasted_twice_is_refused_without_an_id_column(tmp_path):
    # Without --id a file pasted under itself was read whole: every station counted twice.
    rows = ["1000,600,300,300", "800,500,200,300", "900,450,250,200"]
    path = _twice_file(tmp_path, [*rows, *rows])
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", others="A,B")
    located = [(p.location, p.value) for p in exc.value.problems]
    assert located[:3] == [("row 5", "row 2"), ("row 6", "row 3"), ("row 7", "row 4")]
    assert "pasted twice" in exc.value.problems[-1].message


def test_one_row_like_an_earlier_one_without_an_id_is_kept_and_listed(tmp_path):
    # Two small stations may report the same counts: without a label, one repeat alone is no
    # proof of a paste, so it is kept and named for the user to check.
    rows = ["1000,600,300,300", "800,500,200,300", "1000,600,300,300", "900,450,250,200"]
    results = read_station_results(
        _twice_file(tmp_path, rows), registered="reg", ballots="bal", others="A,B"
    )
    assert results.n_stations == 4
    assert results.repeated == ((4, 2),)


def test_closed_stations_alike_are_no_repeat(tmp_path):
    rows = ["0,0,0,0", "0,0,0,0", "1000,600,300,300", "0,0,0,0", "0,0,0,0"]
    results = read_station_results(
        _twice_file(tmp_path, rows), registered="reg", ballots="bal", others="A,B"
    )
    assert results.repeated == ()
    assert results.n_stations == 1


def test_without_a_valid_column_votes_over_the_ballots_are_not_called_over_valid(tmp_path):
    # With no --valid the parties' votes are checked against the ballots cast, but the refusal
    # said "the valid ballots" and "(got 600 party votes > 500 valid)": 500 was the ballots,
    # not the file's valid column (400), which the user had not named.
    path = tmp_path / "stations.csv"
    path.write_text("reg,bal,valid,A,B\n1000,500,400,300,300\n1000,500,400,600,100\n")
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", others="A,B")
    found = {p.location: p for p in exc.value.problems}
    parties, leader = found["row 2, column A"], found["row 3, column A"]
    assert parties.value == "600 party votes > 500 ballots"
    assert leader.value == "600 votes > 500 ballots"
    for problem in (parties, leader):
        assert "valid" not in problem.message
        assert "ballots cast" in problem.message


@pytest.mark.parametrize("role", ["region", "id_column"])
def test_a_parquet_label_longer_than_1000_characters_is_refused_naming_its_row(tmp_path, role):
    # A CSV's long cells are refused before it is parsed; a Parquet file's region or station
    # label of 5,000 characters was read and written into the tables, plots and JSON.
    import pandas as pd

    table = pd.DataFrame(
        {"name": ["North", "x" * 5000, "South"], "reg": [1000, 800, 900], "bal": [600, 500, 450]}
    )
    table["A"], table["B"] = [300, 200, 250], [300, 300, 200]
    path = tmp_path / "stations.parquet"
    table.to_parquet(path)
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", others="A,B", **{role: "name"})
    (problem,) = exc.value.problems
    assert problem.location == "row 3, column name"
    assert problem.value.endswith("(5,000 characters)")
    assert "longer than 1,000 characters" in problem.message


def _stations(path, lines, **kw):
    path.write_text("\n".join(["name,reg,bal,A,B", *lines, ""]))
    return read_station_results(path, registered="reg", ballots="bal", others="A,B", **kw)


STATIONS = [
    f"School {k},{1000 + 37 * k},{600 + 11 * k},{300 + 5 * k},{200 + 3 * k}" for k in range(8)
]


def test_a_total_with_postal_votes_is_refused_though_not_the_exact_sum(tmp_path):
    # The foot row held the stations' sums plus postal votes (10% more ballots and votes):
    # not exactly their sum, so it was read as a station of 9,036 voters.
    reg, bal, a, b = (sum(int(s.split(",")[k]) for s in STATIONS) for k in range(1, 5))
    with pytest.raises(InputError) as exc:
        _stations(tmp_path / "s.csv", [*STATIONS, f"All,{reg},{bal * 11 // 10},{a + 30},{b + 30}"])
    (problem,) = exc.value.problems
    assert (problem.location, problem.value) == ("row 10", f"reg {reg}")
    assert "within 25% of the sums of all the other rows" in problem.message
    assert "give --keep-rows 10" in problem.message


def test_a_row_labelled_total_is_refused_whatever_its_counts_and_whichever_column(tmp_path):
    # "Grand total" in a column the user did not name, its counts far from the stations' sums
    # (a third more, postal votes): read as one more station.
    with pytest.raises(InputError) as exc:
        _stations(tmp_path / "s.csv", [*STATIONS, "Grand total,12000,6000,3000,2000"])
    (problem,) = exc.value.problems
    assert (problem.location, problem.value) == ("row 10", "Grand total")
    assert "label says it is a total" in problem.message


def test_three_stations_one_the_sum_of_the_others_are_read_as_stations(tmp_path):
    # 19 = 12 + 7 in every count: the third row was refused as a total, and nothing let the
    # user read the file. A coincidence among three rows is no evidence of one.
    rows = ["Hut A,12,8,5,2", "Hut B,7,4,3,1", "Hut C,19,12,8,3"]
    assert _stations(tmp_path / "s.csv", rows).n_stations == 3
    assert _stations(tmp_path / "t.csv", [*rows, *STATIONS]).n_stations == 11


def test_keep_rows_reads_a_row_taken_for_a_total_as_a_station(tmp_path):
    rows = [*STATIONS[:3], "Total petrol station,1100,650,300,250"]
    with pytest.raises(InputError) as exc:
        _stations(tmp_path / "s.csv", rows)
    assert "give --keep-rows 5" in exc.value.problems[0].message
    assert _stations(tmp_path / "s.csv", rows, keep_rows="5").n_stations == 4
    assert _stations(tmp_path / "s.csv", rows, keep_rows=[5]).n_stations == 4


def test_keep_rows_that_are_no_data_rows_are_refused_naming_each(tmp_path):
    with pytest.raises(InputError) as exc:
        _stations(tmp_path / "s.csv", STATIONS, keep_rows="1, 10, x")
    said = [(p.location, p.value, p.message) for p in exc.value.problems]
    assert [s[:2] for s in said] == [("keep_rows", "1"), ("keep_rows", "10"), ("keep_rows", "x")]
    assert all("not a data row of the file (rows 2 to 9" in s[2] for s in said)


@pytest.mark.parametrize("given", ["", "5,", ",", "5,,6"])
def test_keep_rows_with_an_empty_item_is_refused_once_showing_what_was_given(tmp_path, given):
    # Before, each empty item was "not a data row of the file ... (got )": nothing shown,
    # and "," said it twice.
    with pytest.raises(InputError) as exc:
        _stations(tmp_path / "s.csv", STATIONS, keep_rows=given)
    said = [(p.location, p.value, p.message) for p in exc.value.problems]
    assert said == [("keep_rows", repr(given), "an empty item: give row numbers, e.g. '5, 9'")]


@pytest.mark.parametrize("given", ["A,,B", "A,B,", ",A"])
def test_others_with_an_empty_item_are_refused_as_keep_rows_are(tmp_path, given):
    # "A,,B" was read as A and B in silence: a party's column may have been lost.
    path = tmp_path / "s.csv"
    path.write_text("\n".join(["name,reg,bal,A,B", *STATIONS, ""]))
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", others=given)
    said = [(p.location, p.value, p.message) for p in exc.value.problems]
    assert said == [("others", repr(given), "an empty item: give columns, e.g. 'A,B,C'")]
    assert read_station_results(path, registered="reg", ballots="bal", others=" A , B ").n_stations


def test_unregistered_stations_are_left_out_only_when_asked(tmp_path):
    path = tmp_path / "stations.csv"
    rows = [*ROWS, "South,0,120,70,50", "South,0,0,0,0"]
    path.write_text("\n".join(["region,reg,bal,A,B", *rows, ""]))
    columns = {"registered": "reg", "ballots": "bal", "others": "A,B"}
    with pytest.raises(InputError) as exc:
        read_station_results(path, **columns)
    (problem,) = exc.value.problems
    assert (problem.location, problem.value) == ("row 5, column reg", "0")
    assert "give --leave-out-unregistered" in problem.message
    res = read_station_results(path, **columns, leave_out_unregistered=True)
    assert res.n_stations == 3
    assert res.unregistered == (("5", 120),)
    assert res.empty == ("6",)  # a closed station stays a closed station
    with pytest.raises(InputError) as exc:
        read_station_results(path, **columns, leave_out_unregistered="yes")
    assert exc.value.problems[0].message == "must be True or False"


def test_a_file_of_unregistered_stations_only_is_refused(tmp_path):
    path = tmp_path / "stations.csv"
    path.write_text("reg,bal,A,B\n0,120,70,50\n0,80,40,40\n")
    with pytest.raises(InputError) as exc:
        read_station_results(
            path, registered="reg", ballots="bal", others="A,B", leave_out_unregistered=True
        )
    assert exc.value.problems[0].message == "no station has a registered voter"


def test_thousands_dot_is_read_only_when_declared_and_a_bad_separator_is_refused(tmp_path):
    path = tmp_path / "stations.csv"
    path.write_text("reg;bal;A;B\n1.432;999;674;325\n2.000;1.210;700;510\n850;400;200;200\n")
    columns = {"registered": "reg", "ballots": "bal", "others": "A,B"}
    with pytest.raises(InputError) as exc:
        read_station_results(path, **columns)
    where = {p.location for p in exc.value.problems}
    assert where == {"row 2, column reg", "row 3, column reg", "row 3, column bal"}
    res = read_station_results(path, **columns, thousands=".")
    assert res.registered.tolist() == [1432, 2000, 850]
    assert res.ballots.tolist() == [999, 1210, 400]
    with pytest.raises(InputError) as exc:
        read_station_results(path, **columns, thousands=" ")
    (problem,) = exc.value.problems
    assert (problem.location, problem.value) == ("thousands", "' '")


def test_a_closed_station_with_a_blank_party_cell_is_told_only_of_the_blank(tmp_path):
    # A closed station (0 everywhere) whose party cell was left blank was also refused as
    # "registered voters must be more than 0 ... give --leave-out-unregistered", though it
    # counted no ballot: the blank cell, reported already, was taken for ballots.
    path = tmp_path / "stations.csv"
    path.write_text("reg,bal,A,B\n1000,500,300,200\n0,0,0,\n900,400,200,200\n")
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="reg", ballots="bal", others="A,B")
    assert [(p.location, p.message) for p in exc.value.problems] == [
        ("row 3, column B", "the value is empty")
    ]
