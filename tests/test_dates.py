"""Election dates as ISO text: the layouts spreadsheets export, and what is refused."""

import pandas as pd
import pytest

from votebank.dates import iso_dates
from votebank.errors import InputError


def test_two_digit_years_and_orders():
    got = iso_dates(pd.Series(["5/11/13", "10/6/93", "2/18/08", "2008-02-18"]), "f.csv")
    assert list(got) == ["2013-05-11", "1993-10-06", "2008-02-18", "2008-02-18"]


def test_a_midnight_time_after_an_iso_date_is_dropped():
    got = iso_dates(pd.Series(["2017-06-08 00:00:00", "2015-05-07T00:00", "2010-05-06"]), "f")
    assert list(got) == ["2017-06-08", "2015-05-07", "2010-05-06"]


@pytest.mark.parametrize(
    "bad", ["13/25/2001", "June 2001", "2001/06/07", "2001-06-07 14:30", "2/30/2001", "", None]
)
def test_a_date_that_is_not_one_is_refused(bad):
    with pytest.raises(InputError) as e:
        iso_dates(pd.Series(["1/2/2001", "25/01/2001", bad]), "f.csv")
    assert "row 4" in str(e.value)
    assert f"(got {bad or 'blank'})" in str(e.value)


def test_every_bad_row_is_named_together():
    with pytest.raises(InputError) as e:
        iso_dates(pd.Series(["2001-06-07", "someday", "2001-02-30"]), "f.csv")
    assert "row 3" in str(e.value)
    assert "row 4" in str(e.value)


def test_slashed_dates_are_said_to_be_read_month_first_only_where_nothing_shows_the_order():
    from votebank.dates import month_first_note

    open_ = pd.Series(["3/9/14", "3/11/18"])
    assert "3/9/14 is 2014-03-09" in month_first_note(open_, iso_dates(open_, "f.csv"))
    # 3/14/10 has no month 14: the file is month first, and the note said it might not be.
    shown = pd.Series(["3/14/10", "3/9/14"])
    assert month_first_note(shown, iso_dates(shown, "f.csv")) is None


def test_dotted_dates_are_read_day_first_as_european_spreadsheets_export_them():
    # A file saved with semicolons in Germany writes 06.05.2010: it was "not a date".
    from votebank.dates import date_forms

    got = iso_dates(pd.Series(["06.05.2010", "8.5.14", "2015-05-07"]), "f.csv")
    assert list(got) == ["2010-05-06", "2014-05-08", "2015-05-07"]
    assert "2010-05-06" in date_forms("06.05.2010")
    with pytest.raises(InputError, match=r"row 2.*got 31\.02\.2010"):
        iso_dates(pd.Series(["31.02.2010"]), "f.csv")


def test_a_spreadsheet_s_day_number_is_named_as_one():
    # A date column left unformatted exports 40304: it was "not a date (YYYY-MM-DD, ...)".
    with pytest.raises(InputError, match=r"day number, not a date.*\(40304 is 2010-05-06\)"):
        iso_dates(pd.Series(["40304"]), "f.csv")
