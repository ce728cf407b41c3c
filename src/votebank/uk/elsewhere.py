"""An election the UK studies cannot build on, found in another results file beside theirs.

``import-uk`` and ``uk-projection`` build a scenario from a candidates file and its contests
file (each seat's electorate and ballots). The shipped folder also holds party-level files
(the general elections of 1974-2005, Great Britain, one row a party): their elections are not
in the contests file, and a user asking for one was told only which dates the contests file
holds. :func:`elsewhere_note` says where the election is, that its rows are party by party,
and which command reads it (``votebank backtest``). Every file and date comes from the folder.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from votebank.csvfiles import header
from votebank.dates import date_forms
from votebank.elections.results_file import CANDIDATE_COLUMNS, general_dates, read_results
from votebank.errors import InputError
from votebank.uk import results_files


def elsewhere_note(day: str) -> str:
    """``"; ..."`` naming the other results file beside the active one that holds ``day``.

    ``day`` is a date or a year as the user typed it. Empty when no other file holds it (or
    the active candidates file does: the caller says so itself).
    """
    files = results_files.active()
    forms = date_forms(day)
    shipped = results_files.shipped().candidates.parent.resolve()
    for path in _other_files(files.candidates):
        try:
            raw = read_results(path)
        except InputError:  # a broken file beside a user's: not this message's business
            continue
        dates = general_dates(raw)
        hits = [d for d in dates if d in forms or d.startswith(f"{day}-")]
        if not hits:
            continue
        rows = raw[raw["election_date"].isin(hits)]
        blank = rows["candidate"].isna() | rows["candidate"].astype(str).str.strip().eq("")
        kind = "party by party, no candidates" if blank.all() else "candidates"
        if path.parent.resolve() == shipped:
            years = Counter(d[:4] for d in dates)  # 1974 held two general elections
            names = [f"uk:{d[:4]}" if years[d[:4]] == 1 else f"uk:{d}" for d in hits]
        else:
            names = [f"{path}:{d}" for d in hits]
        one = len(hits) == 1
        return (
            f"; {', '.join(hits)} {'is' if one else 'are'} in {path.name} beside it ({kind}, "
            "no contests file): import-uk and uk-projection build a scenario from candidates "
            "with each seat's electorate and ballots in a contests file; votebank backtest "
            f"{' or '.join(names)} reads {'it' if one else 'them'}"
        )
    return ""


def _other_files(candidates: Path) -> list[Path]:
    """The results files of the candidates layout beside ``candidates``, itself left out."""
    folder = candidates.parent
    if not folder.is_dir():
        return []
    own = candidates.resolve()
    return [
        p
        for p in sorted(folder.glob("*results*.csv"))
        if p.resolve() != own and set(CANDIDATE_COLUMNS) <= header(p)
    ]
