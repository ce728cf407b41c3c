"""Slashed dates that could be either order are said to be read month first, file by file."""

from tests.uk.test_bad_input import POLLS, polls, write_polls
from tests.uk.test_governments import write
from tests.uk.test_results_files import BASE, TARGET, votebank
from votebank.uk import results_files
from votebank.uk.date_order import month_first_notes


def test_a_polls_file_written_day_first_is_named_with_its_column_and_a_date(tmp_path):
    # 11/04/2005 (11 April, day first) was read as 4 November: the window found other polls.
    day_first = polls()
    day_first["fieldwork_start"] = ["04/04/2005", "11/04/2005", "12/04/2005"]
    src = write_polls(tmp_path, day_first)
    with results_files.using(results_files.beside(src)):
        notes = month_first_notes(("candidates", "contests", "totals", "polls"))
    assert notes == [
        f"{tmp_path / POLLS}, column fieldwork_start: slashed dates read month first "
        "(11/04/2005 is 2005-11-04); a file written day first must give its dates as YYYY-MM-DD"
    ]


def test_a_file_whose_day_shows_its_order_gets_no_note(tmp_path):
    day_first = polls()
    day_first["fieldwork_start"] = ["04/04/2005", "11/04/2005", "18/04/2005"]  # 18: day first
    with results_files.using(results_files.beside(write_polls(tmp_path, day_first))):
        assert month_first_notes(("polls",)) == []


def test_a_governments_file_written_day_first_is_named_and_the_import_says_so(tmp_path):
    # 06/08/2001 (6 August, day first) was read as 8 June without a word, moving who
    # governed on any polling day between; the since column gets the results' note.
    src = write(tmp_path / "data", "since,parties\n06/08/2001,Reform\n1/1/99,Lab\n")
    gov = tmp_path / "data" / "governments.csv"
    said = (
        f"{gov}, column since: slashed dates read month first (06/08/2001 is 2001-06-08); a "
        "file written day first must give its dates as YYYY-MM-DD"
    )
    with results_files.using(results_files.beside(src)):
        assert month_first_notes(("governments",)) == [said]
    out = tmp_path / "scenario"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    assert got.returncode == 0, got.stderr
    assert f"note: {said}" in " ".join(got.stderr.split())


def test_without_a_governments_file_there_is_nothing_to_say(tmp_path):
    with results_files.using(results_files.beside(write(tmp_path / "data"))):
        assert month_first_notes(("governments",)) == []
