"""Real results to fit and check against (:class:`Target`), and :func:`load_target`.

A target holds one row per candidate (constituency, candidate id, name, party, votes) and one
per seat (registered, ballots). It is built from a candidate table in the scenario format
(``actual_votes``), a scenario's own tables, a results file in a shipped layout (read by
:mod:`votebank.elections`: ``pakistan:YEAR``, ``uk:YEAR``, ``FILE``, ``FILE:DATE``), or a
simulated run (synthetic "real" results for tests). Nothing here knows a year: a year is
the general election the file holds in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from votebank.calibrate.align import Aligned
from votebank.calibrate.align import align as align_results
from votebank.calibrate.contests_file import contests_beside
from votebank.calibrate.target_frames import refuse_bad_frames, refuse_no_place
from votebank.core.contests import Contests
from votebank.counts import count_problems, frame_counts, not_counts
from votebank.csvfiles import blank_cells, header, read_csv, refuse_seats_twice, repeated_rows
from votebank.display import listed
from votebank.elections.read import Election, read_election
from votebank.elections.rows import split_file_date
from votebank.errors import InputError, Problem
from votebank.run.model import RunResult
from votebank.scenario.load import Scenario, builtin_names, load_scenario

__all__ = ["Target", "load_target", "read_target"]


@dataclass(frozen=True)
class Target:
    """Real results to compare with.

    Attributes:
        name: Where the results come from (shown in reports).
        candidates: ``constituency_id``, ``candidate_id`` ("" if unknown), ``name``, ``party``,
            ``votes`` (valid votes), ``aggregate`` (True for an "all others" row).
        seats: ``constituency_id``, ``registered`` and ``ballots`` (NaN where unknown;
            turnout is ballots / registered, rejected ballots included).
        notes: Rules applied while reading (the file reader's, and seats left out here).
    """

    name: str
    candidates: pd.DataFrame = field(repr=False)
    seats: pd.DataFrame = field(repr=False)
    notes: tuple[str, ...] = ()

    @classmethod
    def from_frames(
        cls,
        name: str,
        candidates: pd.DataFrame,
        seats: pd.DataFrame | None = None,
        notes: tuple[str, ...] | list[str] = (),
    ) -> Target:
        """Build from a candidate frame (and optionally a seat frame), filling defaults.

        A seat given twice in the seat frame is an InputError (which turnout is real?), as is
        a vote that is no count, or a roll or ballots that are neither a count nor unknown.
        """
        refuse_bad_frames(name, candidates, seats)
        c = candidates.copy()
        for col, default in (("candidate_id", ""), ("name", ""), ("aggregate", False)):
            if col not in c:
                c[col] = default
        c["constituency_id"] = c["constituency_id"].astype(str)
        c["candidate_id"] = c["candidate_id"].fillna("").astype(str)
        c["name"] = c["name"].fillna("").astype(str)
        c["party"] = c["party"].astype(str)
        # A negative or NaN vote dropped its row without a word (changing the seat's winner),
        # and True was read as one vote.
        c["votes"] = frame_counts(c["votes"], name, "candidates", blank_ok=False)
        c["aggregate"] = c["aggregate"].astype(bool)
        c = c.reset_index(drop=True)
        ids = pd.unique(c["constituency_id"])
        s = pd.DataFrame({"constituency_id": ids})
        if seats is not None:
            seats = seats.assign(constituency_id=seats["constituency_id"].astype(str))
            seats = seats.reset_index(drop=True)
            refuse_seats_twice(seats["constituency_id"], name, "constituency_id")
            for col in ("registered", "ballots"):  # NaN: unknown
                if col in seats:
                    seats[col] = frame_counts(seats[col], name, "seats", blank_ok=True)
            s = s.merge(seats, on="constituency_id", how="left")
        for col in ("registered", "ballots"):
            s[col] = s[col].astype(float) if col in s else np.nan
        cols = ["constituency_id", "candidate_id", "name", "party", "votes", "aggregate"]
        return cls(name, c[cols], s[["constituency_id", "registered", "ballots"]], tuple(notes))

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> Target:
        """A scenario's own real results: its candidates' ``actual_votes``, seats' turnout."""
        cands = scenario.candidates
        where = scenario.source.parent / scenario.spec.tables.candidates
        known, notes = _whole_seats(
            cands["constituency"].astype(str), cands["actual_votes"] >= 0, where
        )
        known = cands[known]
        aggregate = {p.id for p in scenario.spec.parties if p.aggregate}
        frame = pd.DataFrame(
            {
                "constituency_id": known["constituency"],
                "candidate_id": known["candidate"],
                "name": known["name"],
                "party": known["party"],
                "votes": known["actual_votes"],
                "aggregate": known["party"].isin(aggregate),
            }
        )
        cons = scenario.constituencies
        seats = pd.DataFrame(
            {
                "constituency_id": cons["id"],
                "registered": cons["registered"].astype(float),
                "ballots": cons["registered"] * cons["turnout"],
            }
        )
        if cons["turnout"].notna().any():  # it is no result: the runs read it too
            notes.append(
                f"{scenario.source.parent / scenario.spec.tables.constituencies}: the real "
                "turnout is the column turnout, which the scenario's runs also take as their "
                "input (for a projection, the base election's): turnout is scored against "
                "that input, not against a result"
            )
        return cls.from_frames(f"{scenario.name} (actual_votes)", frame, seats, notes)

    @classmethod
    def from_csv(cls, candidates: str | Path, constituencies: str | Path | None = None) -> Target:
        """Read a candidate table in the scenario format (with ``actual_votes``).

        Args:
            candidates: CSV with ``constituency``, ``candidate``, ``party`` and
                ``actual_votes`` (``name`` optional); rows without votes are skipped, and a
                seat where only some candidates have votes is left out (with a note).
            constituencies: Optional CSV in the scenario format (``id``, ``registered``,
                ``turnout``) for turnout.
        """
        needed = ("constituency", "party", "actual_votes")
        raw = read_csv(
            candidates, required=needed, what="candidates", dtype=str, keep_default_na=False
        )
        _refuse_repeats(raw, candidates)
        votes = _counts(raw, "actual_votes", candidates)
        # A blank seat or party would be read as a seat or party named "" and drop the row
        # out of its seat, changing the seat's winner.
        lines = np.arange(len(raw)) + 2
        counted = votes.notna().to_numpy()
        problems = blank_cells(raw[counted], ["constituency", "party"], candidates, lines[counted])
        if problems:
            raise InputError(problems)
        seat = raw["constituency"].str.strip()
        known, notes = _whole_seats(seat, votes.notna(), candidates)
        frame = pd.DataFrame(
            {
                "constituency_id": seat,
                "candidate_id": raw.get("candidate", pd.Series("", index=raw.index)).str.strip(),
                "name": raw.get("name", pd.Series("", index=raw.index)).str.strip(),
                "party": raw["party"].str.strip(),
                "votes": votes,
            }
        )[known]
        seats = None
        if constituencies is not None:
            cons = read_csv(
                constituencies,
                required=("id", "registered"),
                what="constituencies",
                dtype=str,
                keep_default_na=False,
            )
            refuse_seats_twice(cons["id"].astype(str), constituencies, "id")
            registered = _counts(cons, "registered", constituencies)
            seats = pd.DataFrame(
                {
                    "constituency_id": cons["id"].astype(str),
                    "registered": registered,
                    "ballots": registered * _turnout(cons, constituencies),
                }
            )
        return cls.from_frames(str(candidates), frame, seats, notes)

    @classmethod
    def pakistan(cls, year: int | str = 2008) -> Target:
        """The shipped National Assembly results of the general election held in ``year``.

        Each seat's top three candidates and one "Other candidates" row (the rest together),
        party codes as in :data:`votebank.elections.parties.PAKISTAN_PARTY_CODES` (a party
        without a code keeps its full name); see :meth:`from_results` for re-polls and seats
        listed twice. ``year`` may be a date; a year the file holds no general election in is
        an InputError naming the years it has.
        """
        e = read_target(f"pakistan:{year}")
        return cls.from_election(e, f"Pakistan National Assembly {e.date} (ECP via Cookman)")

    @classmethod
    def uk(cls, year: int | str = 2015) -> Target:
        """The shipped UK general election results of ``year`` (every candidate).

        ``year`` may be the day of a by-election: that day's by-elections, with their own
        candidates, rolls and ballots.
        """
        e = read_target(f"uk:{year}")
        return cls.from_election(e, f"UK {_contest(e)} {e.date}")

    @classmethod
    def from_results(cls, spec: str) -> Target:
        """One general election of a results file in a shipped layout (``FILE`` or ``FILE:DATE``).

        The constituency-rows layout (the shipped Pakistan file) or the candidate layout (the
        shipped UK file; turnout from a ``uk_results_contests.csv`` beside it, unknown without
        one), told apart by their columns (:mod:`votebank.elections`). Seats not polled on the
        day take their first re-poll before the next general election in the file; a seat
        listed twice keeps its first row; seats are in the order of their number. A ``DATE``
        with no general election but by-elections or re-polls names those contests.
        """
        e = read_target(spec)
        return cls.from_election(e, f"{e.file}, {_contest(e)} of {e.date}")

    @classmethod
    def from_election(cls, e: Election, name: str) -> Target:
        """An election read by :func:`votebank.elections.read.read_election`."""
        cands = e.candidates.rename(columns={"seat": "constituency_id"})
        seats = e.seats.rename(columns={"seat": "constituency_id"})
        seats = seats[["constituency_id", "registered", "ballots"]]
        if e.layout == "candidates" and seats["ballots"].isna().all():  # none in the file
            seats = contests_beside(Path(e.file), e.date, e.kind, seats)
        cols = ["constituency_id", "name", "party", "votes", "aggregate"]
        return cls.from_frames(name, cands[cols], seats, e.notes)

    @classmethod
    def from_run(cls, result: RunResult, name: str = "simulated run") -> Target:
        """A simulated run's results as if they were real (for tests of calibration)."""
        c = result["candidates"]
        frame = pd.DataFrame(
            {
                "constituency_id": c["constituency_id"],
                "candidate_id": c["candidate_id"],
                "name": c["name"],
                "party": c["party"],
                "votes": c["votes"],
            }
        )
        s = result["constituencies"]
        seats = s[["constituency_id", "registered", "ballots"]]
        return cls.from_frames(name, frame, seats)

    def subset(self, seat_ids) -> Target:
        """The same results restricted to some constituencies."""
        keep = set(map(str, seat_ids))
        return Target(
            self.name,
            self.candidates[self.candidates["constituency_id"].isin(keep)].reset_index(drop=True),
            self.seats[self.seats["constituency_id"].isin(keep)].reset_index(drop=True),
            self.notes,
        )

    def align(self, contests: Contests, scenario: str = "") -> Aligned:
        """Lay the results on a scenario's seat x slot grid (:mod:`votebank.calibrate.align`).

        The alignment's notes follow the target's own (the reader's rules, seats left out).
        """
        a = align_results(self.candidates, self.seats, contests, scenario)
        return replace(a, notes=(*self.notes, *a.notes))


def read_target(spec: str) -> Election:
    """Read one general election as a target reads it (re-polls added, seats by number).

    The day of a by-election or re-poll names those contests, scored on their own.
    """
    # Its parties are matched to the scenario's case-blind (align.party_map).
    return read_election(spec, repolls=True, sort_seats=True, case_blind=True, contests=True)


def _contest(e: Election) -> str:
    """What an election read as a target is, for its name: general election, by-election."""
    return "general election" if e.kind == "general" else e.kind


def _refuse_repeats(raw: pd.DataFrame, path: str | Path) -> None:
    """A row given twice, or a candidate id twice, would count one candidate's votes twice."""
    lines = np.arange(2, len(raw) + 2)
    problems = repeated_rows(raw, path, lines)
    if not problems and "candidate" in raw:
        ids = raw["candidate"].str.strip()
        twice = ids.ne("") & ids.duplicated(keep=False)
        for cid, rows in pd.Series(lines[twice.to_numpy()]).groupby(ids[twice].to_numpy()):
            where = f"rows {', '.join(map(str, rows))}, column candidate"
            problems.append(Problem(str(path), where, cid, "one candidate id on two rows"))
    if problems:
        raise InputError(problems[:10])


def load_target(where: Target | str | Path) -> Target:
    """Read a target named on the command line (a Target given from Python is taken as it is).

    Args:
        where: A :class:`Target`, ``pakistan:YEAR``/``uk:YEAR`` (of the shipped files), a
            results file in a shipped layout (``FILE`` or ``FILE:DATE``), a candidate CSV with
            ``actual_votes``, or a scenario (name, folder or TOML) whose tables carry them.
    """
    if isinstance(where, Target):
        return where
    refuse_no_place(where)
    text = str(where)
    if not text.strip():  # Path("") is the current folder: it would read a scenario there
        raise InputError([Problem("results", "", repr(text), "empty: name the real results")])
    kind, colon, year = text.partition(":")
    if colon and kind.lower() == "pakistan":
        return Target.pakistan(year)
    if colon and kind.lower() == "uk":
        return Target.uk(year)
    if file_date := split_file_date(text):
        if "actual_votes" in header(file_date[0]):  # one election: the date names nothing
            why = "a candidates CSV with actual_votes holds one election: give it without :DATE"
            raise InputError([Problem(str(file_date[0]), "", text, why)])
        return Target.from_results(text)
    path = Path(text)
    if path.is_file() and path.suffix.lower() != ".toml":  # a table, .csv, .txt or .tsv alike
        columns = header(path)
        if "actual_votes" in columns or "election_date" not in columns:
            return Target.from_csv(path)
        return Target.from_results(text)
    if path.exists() or text in builtin_names():
        return Target.from_scenario(load_scenario(text))
    why = (
        "no such file, folder or built-in scenario: use pakistan:YEAR, uk:YEAR, a results "
        "file (FILE or FILE:DATE), a candidates CSV with actual_votes, or a scenario whose "
        "candidates have actual_votes"
    )
    raise InputError([Problem(text, "", text, why)])


def _whole_seats(seat: pd.Series, known: pd.Series, path: str | Path):
    """Rows of the seats whose every candidate has votes, and a note on those that lack some.

    A seat where some candidates' votes are unknown has unknown shares: scored as zeros, the
    known ones would look like landslides.
    """
    some = known.groupby(seat).transform("any").astype(bool)
    every = known.groupby(seat).transform("all").astype(bool)
    partial = some & ~every
    notes = []
    if partial.any():
        counts = known[partial].groupby(seat[partial], sort=False).agg(["sum", "size"])
        items = [f"{s} ({int(k)} of {n})" for s, (k, n) in counts.iterrows()]
        notes.append(
            f"{path}: seats where only some candidates have actual_votes, left out (their "
            f"shares are unknown): {listed(items)}"
        )
    if not every.any():
        why = "no candidate has actual_votes"
        why = "no seat where every candidate has actual_votes" if known.any() else why
        raise InputError([Problem(str(path), "column actual_votes", "", why)])
    return every, notes  # every candidate of the seat known: this row too


def _turnout(frame: pd.DataFrame, path: str | Path) -> pd.Series:
    """The ``turnout`` column as a share from 0 to 1 (blank or absent: unknown)."""
    if "turnout" not in frame:
        return pd.Series(np.nan, index=frame.index)
    values = frame["turnout"].astype(str).str.strip()
    numbers, bad = not_counts(values, blank_ok=True)
    bad = bad | (numbers > 1).to_numpy()
    lines = np.arange(len(frame)) + 2  # the header is line 1
    if bad.any():
        raise InputError(
            [
                Problem(str(path), f"row {line}, column turnout", cell, "not a share from 0 to 1")
                for line, cell in zip(lines[bad][:5], values[bad][:5], strict=True)
            ]
        )
    return numbers


def _counts(frame: pd.DataFrame, col: str, path: str | Path) -> pd.Series:
    """A count column (blank: unknown); a fraction or anything else not a count: InputError."""
    lines = np.arange(len(frame)) + 2  # the header is line 1
    cells = frame[col].astype(str).str.strip()
    values, problems = count_problems(cells, path, lines, blank_ok=True, whole=True)
    if problems:
        raise InputError(problems)
    return values
