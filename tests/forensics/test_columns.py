"""One column given for two counts that cannot be the same numbers is refused, not analysed.

Before, ``--ballots`` naming the registered column read every station at 100% turnout and the
pile-up test flagged the file; a party's column given as ``--valid`` gave that party every
valid vote. Ballots and valid may share columns (valid + invalid = ballots).
"""

import pytest

from votebank.errors import InputError
from votebank.forensics.reader import read_station_results

CSV = "registered,ballots,valid,invalid,A,B\n1000,600,590,10,300,290\n900,500,495,5,200,295\n"


def _only_problem(tmp_path, columns: dict):
    """The one problem of reading CSV with these columns over the usual ones, and the path."""
    path = tmp_path / "stations.csv"
    path.write_text(CSV)
    spec = {"registered": "registered", "ballots": "ballots", "others": "A,B"} | columns
    with pytest.raises(InputError) as exc:
        read_station_results(path, **spec)
    (problem,) = exc.value.problems
    return problem, path


@pytest.mark.parametrize(
    ("columns", "role", "value"),
    [
        ({"ballots": "registered"}, "ballots", "registered"),
        ({"valid": "A"}, "leader or others", "A"),
        ({"valid": "registered"}, "valid", "registered"),
        ({"others": "A,B,ballots"}, "leader or others", "ballots"),
        (
            {"registered": "registered + invalid", "ballots": "valid + invalid"},
            "ballots",
            "invalid",
        ),
    ],
)
def test_a_column_given_for_two_counts_is_refused(tmp_path, columns, role, value):
    problem, path = _only_problem(tmp_path, columns)
    assert (problem.file, problem.location, problem.value) == (
        str(path),
        f"column for {role}",
        value,
    )
    assert "the same column" in problem.message


def test_ballots_as_valid_plus_invalid_and_leader_among_others_are_read(tmp_path):
    path = tmp_path / "stations.csv"
    path.write_text(CSV)
    results = read_station_results(
        path, registered=0, ballots="valid + invalid", valid="valid", leader="A", others="A,B"
    )
    assert results.ballots.tolist() == [600, 500]
    assert results.other_names == ("B",)


@pytest.mark.parametrize(
    ("columns", "role", "value"),
    [
        ({"registered": "registered + registered"}, "registered", "registered"),
        ({"ballots": "valid + invalid + 3"}, "ballots", "invalid"),  # position 3 is invalid
    ],
)
def test_a_column_given_twice_in_one_sum_is_refused(tmp_path, columns, role, value):
    # "4 + 5 + 5" for "4 + 5 + 6" counted column 5 twice: every station's turnout was wrong.
    problem, _ = _only_problem(tmp_path, columns)
    assert (problem.location, problem.value) == (f"column for {role}", value)
    assert "twice" in problem.message


def test_valid_and_ballots_may_be_sums_of_the_parties_columns(tmp_path):
    # A file of candidates' columns with no total: valid ballots are the candidates' votes
    # added up, ballots those plus the invalid ones. Both were refused as "the same column
    # is given for valid": a sum of the parties is not one party's column.
    path = tmp_path / "stations.csv"
    path.write_text(CSV)
    results = read_station_results(
        path, registered=0, ballots="A + B + invalid", valid="A + B", others="A,B"
    )
    assert results.valid.tolist() == [590, 495]
    assert results.ballots.tolist() == [600, 500]
    assert results.leader_name == "B"  # auto: the most votes


def test_a_column_whose_name_holds_a_comma_is_refused_saying_to_give_its_position(tmp_path):
    # --others is split at commas, so such a column must be given by its position (as
    # docs/forensics.md says); the refusal listed the columns and named the pieces alone.
    path = tmp_path / "stations.csv"
    path.write_text(CSV.replace(",A,B\n", ',"A, United",B\n', 1))
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="registered", ballots="ballots", others="A, United,B")
    said = str(exc.value)
    assert "by its position" in said
    assert "'A, United' is 4" in said
    # A list keeps the name whole: it is read as it was.
    read_station_results(
        path, registered="registered", ballots="ballots", others=["A, United", "B"]
    )


def test_the_columns_listed_for_an_unknown_name_are_cut_short(tmp_path):
    """A file read under the wrong encoding is one header cell holding the whole file.

    Before, the refusal of each named column quoted that cell in full: a 15 kB file gave a
    90 kB message, a national file hundreds of megabytes.
    """
    path = tmp_path / "stations.csv"
    path.write_text(CSV * 200)
    with pytest.raises(InputError) as exc:
        read_station_results(
            path, registered="registered", ballots="ballots", leader="A", encoding="utf-16"
        )
    problems = exc.value.problems
    assert {p.value for p in problems} == {"registered", "ballots", "A"}
    for problem in problems:
        assert "no column has this name" in problem.message
        assert len(problem.message) < 300
        assert "characters)" in problem.message  # says the name was cut, and how long it is


def test_a_long_real_column_name_is_still_listed_whole(tmp_path):
    name = "Число избирательных бюллетеней, выданных избирателям в помещении для голосования"
    path = tmp_path / "stations.csv"
    path.write_text(f'registered,"{name}",A\n1000,600,300\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_station_results(path, registered="registered", ballots="ballots", leader="A")
    (problem,) = exc.value.problems
    assert repr(name) in problem.message


@pytest.mark.parametrize(
    ("columns", "meant"),
    [({"registered": "registred"}, "registered"), ({"others": "A,Bb,Valid"}, None)],
)
def test_a_misspelt_column_name_is_answered_with_the_one_meant(tmp_path, columns, meant):
    # "Liberte" for "Liberté", or "Registred", was answered with the whole list of a
    # commission's 30 columns, the one meant left to be found in it.
    problem, _ = _only_problem(tmp_path, columns)
    assert problem.message.startswith("no column has this name;")
    if meant:
        assert f"did you mean {meant!r}? The columns are 'registered'," in problem.message
    else:
        assert "did you mean" not in problem.message


def test_a_name_written_in_another_unicode_form_is_found(tmp_path):
    # A Mac's export writes "é" as "e" and a combining accent (NFD); "Liberté" typed at the
    # command line (NFC) was refused as "did you mean 'Liberté'?", the two alike to the eye.
    path = tmp_path / "stations.csv"
    path.write_text("registered,ballots,Liberte\u0301\n1000,600,300\n900,500,200\n")
    res = read_station_results(
        path, registered="registered", ballots="ballots", leader="Libert\u00e9"
    )
    assert res.leader_votes.tolist() == [300, 200]


def test_a_name_with_a_no_break_or_double_space_is_found_by_plain_spaces(tmp_path):
    # Exports pad names with no-break spaces: "Issued early" typed was refused as "did you
    # mean 'Issued\xa0early'?".
    path = tmp_path / "stations.csv"
    path.write_text("registered,Issued\u00a0early,Issued  at station,A\n1000,60,540,300\n")
    res = read_station_results(
        path, registered="registered", ballots="Issued early + Issued at station", leader="A"
    )
    assert res.ballots.tolist() == [600]
