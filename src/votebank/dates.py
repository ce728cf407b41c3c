"""Election dates as ISO text, whichever of the common layouts a results file uses.

Results files are exported from spreadsheets as often as written by scripts, so the same
column may hold ``2013-05-11``, ``2013-05-11 00:00:00`` or ``5/11/13``. Every reader of a
results file goes through :func:`iso_dates`, so all of them accept the same dates.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.errors import InputError, Problem

ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
MIDNIGHT = r"^(\d{4}-\d{2}-\d{2})[ T]00:00(:00)?$"
"""An ISO date with a midnight time (a spreadsheet's or pandas' export): that date."""
SLASHED = r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$"
"""``5/11/13``, ``11/05/2013``: the two fields of day and month, then the year."""
DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})")
"""``06.05.2010``: day, month, year, as spreadsheets in much of Europe export dates."""


def iso_dates(
    dates: pd.Series, path: str | Path, column: str = "election_date", rows=None
) -> pd.Series:
    """``dates`` as ISO ``YYYY-MM-DD`` text.

    ISO dates are kept (a midnight time after one is dropped); dotted ones (``06.05.2010``) are
    day first, as every spreadsheet writing them exports them. Slashed dates (``5/11/13``,
    ``11/05/2013``) are month first unless a first field above 12 shows the file is day
    first; a two-digit year is 1969-2068 (the POSIX ``%y`` rule). A blank, a day that does
    not exist, a file with both orders, or anything else is an InputError naming the file,
    the row (the header is row 1; ``rows``: each date's line, where blank lines make it
    other than its place) and the value.
    """
    text = dates.astype("string").str.strip()
    text = text.str.replace(MIDNIGHT, r"\1", regex=True)
    parts = _slashed(text)
    a, b, year = parts[0], parts[1], parts[2]
    day_first = bool((a > 12).any())
    month, day = (b, a) if day_first else (a, b)
    short = parts[2].notna() & (text.str.extract(r"/(\d+)$")[0].str.len() == 2)
    year = year.where(~short, _full_year(year))
    out, problems = [], []
    for k, raw in enumerate(text.tolist()):
        if np.isnan(month.iloc[k]):
            value = _iso(raw)
        else:
            value = _ymd(year.iloc[k], month.iloc[k], day.iloc[k])
        if value is None:
            problems.append(
                Problem(
                    str(path),
                    f"row {k + 2 if rows is None else rows[k]}, column {column}",
                    "blank" if _blank(dates.iloc[k]) else str(dates.iloc[k]),
                    _serial(raw)
                    or "not a date (YYYY-MM-DD, DD.MM.YYYY, or M/D/YY as spreadsheets export it; "
                    "one order per file)",
                )
            )
        out.append(value)
    if problems:
        raise InputError(problems[:5])
    return pd.Series(out, index=dates.index, dtype=object)


def month_first_guess(dates: pd.Series) -> int | None:
    """The place of a slashed date :func:`iso_dates` reads month first with nothing to tell.

    ``06/05/2010``, in a file whose slashed dates all have a first field of 12 or less, is
    5 June read month first and 6 May read day first; None when no date is that open, or
    when a second field above 12 shows the file is month first (``3/14/10`` beside
    ``3/9/14``: the note said 3/9/14 could be either).
    """
    parts = _slashed(dates.astype("string").str.strip())
    if (parts[0] > 12).any() or (parts[1] > 12).any():
        return None
    open_ = (parts[0].notna() & (parts[0] != parts[1]) & (parts[1] <= 12)).to_numpy()
    return int(np.argmax(open_)) if open_.any() else None


def month_first_note(written: pd.Series, read: pd.Series) -> str | None:
    """What a reading note says of dates ``written`` open to both orders, ``read`` month first.

    None where no date is open (:func:`month_first_guess`). Every reader that says it says it
    in these words: the results files' notes and the polls' alike.
    """
    if (k := month_first_guess(written)) is None:
        return None
    return (
        f"slashed dates read month first ({str(written.iloc[k]).strip()} is {read.iloc[k]}); "
        "a file written day first must give its dates as YYYY-MM-DD"
    )


def _slashed(text: pd.Series) -> pd.DataFrame:
    """The first field, the second and the year of each slashed date (NaN elsewhere)."""
    return text.str.extract(SLASHED).astype(float)


def date_forms(text: str) -> set[str]:
    """The ISO days a date given by hand (after ``FILE:``, or ``--date``) may mean.

    The forms :func:`iso_dates` reads, and an ISO date without its zeros (``2015-5-7``). One
    slashed date cannot show its order, so both are given; the file's elections pick the one
    that exists. ``text`` itself is among them.
    """
    when = re.sub(MIDNIGHT, r"\1", text.strip())
    forms = {text}
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", when):
        forms.add(_ymd(*m.groups()))
    if DOTTED.fullmatch(when):
        forms.add(_iso(when))
    if m := re.fullmatch(SLASHED, when):
        a, b, year = m.groups()
        full = int(_full_year(int(year))) if len(year) == 2 else year
        forms |= {_ymd(full, a, b), _ymd(full, b, a)}
    return forms - {None, ""}


def _serial(raw: object) -> str | None:
    """What to say of a spreadsheet's day number (``40304``: a date column left unformatted)."""
    if not isinstance(raw, str) or not re.fullmatch(r"\d{5}", raw):
        return None
    day = (dt.date(1899, 12, 30) + dt.timedelta(days=int(raw))).isoformat()
    why = "a spreadsheet's day number, not a date: save the column formatted as dates"
    return f"{why} ({raw} is {day})"


def _full_year(year):
    """A two-digit year (a number or an array of them) as 1969-2068: the POSIX ``%y`` rule."""
    return np.where(year < 69, 2000 + year, 1900 + year)


def _iso(raw: object) -> str | None:
    """An ISO date as itself, a dotted one (day first) as ISO; None for anything else."""
    if isinstance(raw, str) and (m := DOTTED.fullmatch(raw)):
        day, month, year = m.groups()
        return _ymd(_full_year(int(year)) if len(year) == 2 else year, month, day)
    if not isinstance(raw, str) or not ISO.fullmatch(raw):
        return None
    try:
        return dt.date.fromisoformat(raw).isoformat()
    except ValueError:
        return None


def _ymd(year: float | str, month: float | str, day: float | str) -> str | None:
    """``YYYY-MM-DD``, or None for a day that does not exist."""
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _blank(value) -> bool:
    return pd.isna(value) or not str(value).strip()
