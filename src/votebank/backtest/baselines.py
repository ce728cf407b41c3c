"""What every method is told, and the simple methods votebank must beat.

**Information** (``--given``), the same for every method: block shares before (``B``, the
base election over the compared seats) and after (``T``):

* ``none``: one block, ``T = B`` (no change is known);
* ``national``: one block, ``T`` the target's real shares over the compared seats;
* ``regional``: one block per region (province, nation or ONS region), the target's real
  shares there;
* ``polls``: one block, ``T`` the mean of the published polls of the 30 days before polling
  day (where the data holds polls); a party the polls do not name keeps its base votes in
  the seats where it stands again (its base share where it does not stand is gone), scaled
  so that all shares sum to one. Figures are percentages: a poll whose figures add up to
  over 100, or of fractions (0.38 for 38 %), is refused.

**Methods** (seats x labels, deterministic; ``S`` a seat's base share, an independents' label
at its best-placed candidate, as independents pool no vote):

* ``no change``: ``S``;
* ``uniform swing``: ``S + (T - B)`` (Butler and Kavanagh's uniform national swing; with
  ``regional`` it is regional uniform swing);
* ``proportional``: ``S T / B`` (a party new in the block gains ``T`` uniformly);
* ``transition``: a party that loses keeps ``S T / B`` (losses in proportion to its strength
  in the seat); the votes it loses in the seat go to the parties that gain and stand there, in
  proportion to their gain in the block (the "strong transition" idea of British seat
  predictors).

Each then floors at zero, drops labels not standing in the target seat and renormalises; the
winner is the largest label that can win (the aggregate ``OTH`` cannot).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from votebank.backtest.pair import Pair
from votebank.backtest.ties import prefer
from votebank.csvfiles import column_name, read_csv, repeated_rows
from votebank.dates import iso_dates, month_first_note
from votebank.display import plural
from votebank.elections.read import OTHERS, POLLS
from votebank.errors import InputError, Problem

GIVEN = ("none", "national", "regional", "polls")
METHODS = ("no change", "uniform swing", "proportional", "transition")
POLL_DAYS = 30
BLIND_RULE = (
    "every label that can win projected at 0: the base's winner won if it stands, else the "
    "label with the largest given share of the seat's block (then of its base share there)"
)
MAX_POLL_TOTAL = 103  # a poll's figures over 100 by rounding (five parties at +0.5 each) at most


def labels_of(pair: Pair) -> list[str]:
    """Every label of either election (base columns first)."""
    extra = sorted(set(pair.slate["label"].unique()) - set(pair.base.columns))
    return [*pair.base.columns, *extra]


def standing(pair: Pair, labels: list[str]) -> np.ndarray:
    """Seats x labels: which labels stand in the target seat."""
    out = np.zeros((len(pair.seats), len(labels)), dtype=bool)
    col = {p: k for k, p in enumerate(labels)}
    out[pair.slate["i"].to_numpy(), pair.slate["label"].map(col).to_numpy()] = True
    return out


def information(
    pair: Pair, given: str, polls_file: str = "", target_date: str = ""
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(block_of seat, B blocks x labels, T blocks x labels)`` for ``given``."""
    if given not in GIVEN:
        raise InputError([Problem("--given", "", given, f"use one of {', '.join(GIVEN)}")])
    labels = labels_of(pair)
    base = pair.base.reindex(columns=labels, fill_value=0.0).to_numpy() * pair.base_total[:, None]
    after = pair.target_votes.reindex(columns=labels, fill_value=0.0).to_numpy()
    after = after * pair.target_total[:, None]
    if given == "regional":
        names, block_of = np.unique(pair.region.astype(str), return_inverse=True)
    else:
        names, block_of = np.array(["all"]), np.zeros(len(pair.seats), dtype=np.int64)
    B = np.zeros((len(names), len(labels)))
    T = np.zeros_like(B)
    np.add.at(B, block_of, base)
    np.add.at(T, block_of, after)
    B /= np.maximum(B.sum(axis=1, keepdims=True), 1e-12)
    T /= np.maximum(T.sum(axis=1, keepdims=True), 1e-12)
    if given == "none":
        T = B.copy()
    elif given == "polls":
        # A party the polls do not name keeps its base votes where it stands again: after 338
        # seats, a party standing in 8 keeps those 8 seats' votes, not its national share.
        held = (base * standing(pair, labels)).sum(axis=0) / max(base.sum(), 1e-12)
        T = poll_shares(polls_file, target_date, labels, held)[None, :]
    return block_of, B, T


def poll_shares(polls_file: str, date: str, labels: list[str], before: np.ndarray) -> np.ndarray:
    """Mean poll shares of the POLL_DAYS before ``date`` (columns named like the labels)."""
    if not polls_file or not Path(polls_file).is_file():
        raise InputError(
            [Problem("--given polls", "", date, "the data holds no polls for this election")]
        )
    beside = sorted(Path(polls_file).parent.glob(POLLS))
    if len(beside) > 1:  # the first by name would be taken without a word
        names = ", ".join(f.name for f in beside)
        why = f"several polls files lie beside the results ({names}): keep the one to use"
        raise InputError([Problem(str(Path(polls_file).parent), "", POLLS, why)])
    p, _ = _window(polls_file, date)
    named = _poll_columns(p, labels)
    _check_percentages(p, named.values(), polls_file)
    # A party no poll of the window gives a figure for is not named by the polls.
    named = {k: c for k, c in named.items() if p[c].notna().any()}
    _check_totals(p, list(named.values()), polls_file)
    if p.empty or not named:
        window = f"the {POLL_DAYS} days before polling day"
        why = (
            f"no poll's fieldwork starts in {window}{_span(polls_file)}"
            if p.empty
            else f"no poll of {window} gives a share for any party standing: {', '.join(labels)}"
        )
        raise InputError([Problem(polls_file, "fieldwork_start", date, why)])
    out = before.copy()
    for k, c in named.items():
        out[k] = pd.to_numeric(p[c], errors="coerce").mean() / 100
    rest = [k for k in range(len(labels)) if k not in named]
    left = max(1.0 - sum(out[k] for k in named), 0.0)
    out[rest] = before[rest] * left / max(before[rest].sum(), 1e-12)
    return out


def _poll_columns(polls: pd.DataFrame, labels: list[str]) -> dict[int, str]:
    """Each label's polls column (by index into ``labels``), matched by name in any case.

    The columns are named as the header reader names them (``Partido Verde`` is
    ``partido_verde``): each label is compared in that form.
    """
    return {k: c for k, q in enumerate(labels) for c in polls.columns if c == column_name(q)}


def _window(polls_file: str, date: str) -> tuple[pd.DataFrame, str | None]:
    """The polls whose fieldwork starts in the POLL_DAYS before ``date``, and a note.

    The note says the file's slashed dates were read month first (None if none was open to
    both orders).
    """
    p = read_csv(polls_file, required=("fieldwork_start",), what="polls", dtype=str)
    # A poll pasted twice would count twice in the mean.
    repeats = repeated_rows(p, polls_file, np.arange(len(p)) + 2)
    if repeats:
        raise InputError(repeats)
    written = p["fieldwork_start"]
    p["fieldwork_start"] = iso_dates(written, polls_file, "fieldwork_start")
    start = (pd.Timestamp(date) - pd.Timedelta(days=POLL_DAYS)).strftime("%Y-%m-%d")
    window = p[(p["fieldwork_start"] >= start) & (p["fieldwork_start"] < date)]
    return window, month_first_note(written, p["fieldwork_start"])


def _span(polls_file: str) -> str:
    """The first and last fieldwork start of the file (an election outside them has no polls)."""
    p = read_csv(polls_file, required=("fieldwork_start",), what="polls", dtype=str)
    read = iso_dates(p["fieldwork_start"], polls_file, "fieldwork_start")
    days = read.dropna()
    if days.empty:
        return "; the file holds no poll"
    # 10/04/2024 meant as 10 April was read as 4 October, and the window missed it unsaid.
    order = month_first_note(p["fieldwork_start"], read)
    return f"; the file's polls start {days.min()} to {days.max()}" + (f"; {order}" * bool(order))


def polls_note(polls_file: str, date: str, labels: list[str]) -> list[str]:
    """Which parties the polls give, and their columns of figures that name no party standing.

    Polls name parties by column (``con``, ``lab``): a party written otherwise in the results
    (Con as Tory) takes no poll figure, only a part of the rest, and its column goes unused;
    said, not left for the figures to show. Slashed dates that could be either order are
    said to be read month first, as a results file's reading notes say it.
    """
    p, month_first = _window(polls_file, date)
    named = _poll_columns(p, labels)
    given = [labels[k] for k, c in named.items() if p[c].notna().any()]
    rest = [q for q in labels if q not in given]
    out = [f"from the polls: {', '.join(given)}"]
    if rest:  # else the sentence ended on its colon
        out[0] += (
            f"; not in the polls (the rest of the vote, in base proportion): {', '.join(rest)}"
        )
    if given:  # what the shares given are, to check against the polls file by hand
        means = [
            f"{labels[k]} {pd.to_numeric(p[c], errors='coerce').mean():.1f}"
            for k, c in named.items()
            if labels[k] in given
        ]
        first, last = p["fieldwork_start"].min(), p["fieldwork_start"].max()
        days = first if first == last else f"{first} to {last}"
        out.append(
            f"the polls' mean, in %: {', '.join(means)} ({plural(len(p), 'poll')} of the "
            f"{POLL_DAYS} days before polling day, fieldwork starting {days})"
        )
    figures = [
        c
        for c in p.columns
        if c not in named.values()
        and p[c].notna().any()
        and pd.to_numeric(p[c].dropna(), errors="coerce").notna().all()
    ]
    if figures:
        why = "polls columns with figures that name no party standing, not used: "
        out.append(why + ", ".join(figures))
    if month_first:  # as the results files' reading notes say it
        out.append(f"column fieldwork_start: {month_first}")
    return out


def _check_percentages(polls: pd.DataFrame, columns, polls_file: str) -> None:
    """Each poll figure used is a percentage (blank: the poll did not ask)."""
    problems = []
    for col in columns:
        value = pd.to_numeric(polls[col], errors="coerce")
        bad = polls[col].notna() & ~((value >= 0) & (value <= 100))
        for idx in polls.index[bad][:5]:
            cell = str(polls.at[idx, col])
            why = "not a percentage from 0 to 100"
            if cell.strip().endswith("%"):  # "18%" is one: "not a percentage" said otherwise
                why = f"write the figure without its % sign ({cell.strip()[:-1].strip()})"
            problems.append(Problem(polls_file, f"row {idx + 2}, column {col}", cell, why))
    if problems:
        raise InputError(problems)


def _check_totals(polls: pd.DataFrame, columns: list[str], polls_file: str) -> None:
    """Each poll's figures add up to at most 100, and are not fractions of one.

    A poll of fractions (0.38 for 38 %) passes as percentages under 1: every party would
    poll next to nothing in it (one such row among percentages halved the window's mean).
    """
    if polls.empty or not columns:
        return
    figures = polls[columns].apply(pd.to_numeric, errors="coerce")
    total = figures.sum(axis=1)
    where = f"column(s) {', '.join(columns)}"
    fractions = total[(figures.max(axis=1) <= 1) & (total >= 0.5)]
    if len(fractions):
        row = fractions.index[0]
        why = "the figures look like fractions (0.38 for 38 %): give percentages from 0 to 100"
        raise InputError([Problem(polls_file, f"row {row + 2}, {where}", f"{total[row]:g}", why)])
    over = total[total > MAX_POLL_TOTAL]
    if len(over):
        raise InputError(
            [
                Problem(
                    polls_file,
                    f"row {row + 2}, {where}",
                    f"{v:g}",
                    "the figures add up to over 100",
                )
                for row, v in over.head(5).items()
            ]
        )


def project(
    method: str, S: np.ndarray, B: np.ndarray, T: np.ndarray, stand: np.ndarray
) -> np.ndarray:
    """Seats x labels projection, before masking (``B``, ``T`` already per seat).

    ``stand``: the labels standing in each target seat; a transition gives a seat's losses to
    those of its gainers that stand there (a gainer absent from the seat takes none of them).
    """
    ratio = np.divide(T, B, out=np.ones_like(B), where=B > 0)
    if method == "no change":
        return S.copy()
    if method == "uniform swing":
        return S + (T - B)
    if method == "proportional":
        return np.where(B > 0, S * ratio, S + T)
    if method == "transition":
        lose = (T < B) & (B > 0)
        kept = np.where(lose, S * ratio, S)
        lost = (S - kept).sum(axis=1, keepdims=True)
        gain = np.where((T > B) & stand, T - B, 0.0)
        total_gain = gain.sum(axis=1, keepdims=True)
        return kept + lost * np.divide(
            gain, total_gain, out=np.zeros_like(gain), where=total_gain > 0
        )
    raise ValueError(f"unknown method {method!r}")


def normalise(x: np.ndarray, stand: np.ndarray) -> np.ndarray:
    """Floor at zero, zero the labels not standing, rows sum to one."""
    x = np.where(stand, np.maximum(x, 0.0), 0.0)
    tot = x.sum(axis=1, keepdims=True)
    return np.divide(x, tot, out=np.zeros_like(x), where=tot > 0)


def simple_forecasts(pair: Pair, block_of, B, T) -> dict[str, np.ndarray]:
    """Each simple method's winners (label per seat)."""
    labels = labels_of(pair)
    col = {p: k for k, p in enumerate(labels)}
    declared = pair.base_winner if pair.base_winner is not None else [""] * len(pair.seats)
    winner_col = np.array([col.get(p, -1) for p in declared], dtype=np.int64)
    out = {}
    for m, shares in _method_shares(pair, block_of, B, T, labels):
        # A tie goes to the base's winner as the file declares it, not to the first label.
        pick = prefer(labels, shares, pair.base_winner)
        chosen = _blind_pick(shares, pick, winner_col, B[block_of], T[block_of])
        out[m] = np.array(labels, dtype=object)[chosen]
    return out


def _blind_pick(
    shares: np.ndarray, pick: np.ndarray, winner_col: np.ndarray, base, given
) -> np.ndarray:
    """Where every label that can win is projected at 0, the strongest in the seat's block.

    The method knows nothing of the seat then, and argmax took the first label: renaming a
    party moved the seat. The base's winner keeps it where it stands (``pick`` is then
    ``winner_col``); otherwise the label with the largest given share of the block (``given``,
    seats x labels) wins, then the largest base share there: what the method is told, not a
    party's name.
    """
    blind = (shares.max(axis=1) == 0) & (pick != winner_col)
    open_ = shares == 0  # standing and able to win, all at 0
    best = np.where(open_, given, -np.inf)
    top = open_ & (best == best.max(axis=1, keepdims=True))
    strongest = np.where(top, base, -np.inf).argmax(axis=1)
    return np.where(blind, strongest, pick)


def blind_seats(pair: Pair, block_of, B, T) -> list[dict]:
    """Per simple method, the seats where it projects every label that can win at 0.

    There the method knows nothing of the seat (say no label standing in the target stood in
    the base seat): its winner is the base's winner if it stands, else the label strongest in
    the seat's block (:data:`BLIND_RULE`). Listed among the rules applied, with who was taken.
    """
    labels = labels_of(pair)
    won = simple_forecasts(pair, block_of, B, T)
    out = []
    for m, shares in _method_shares(pair, block_of, B, T, labels):
        blind = np.flatnonzero(shares.max(axis=1) == 0)
        if len(blind):
            seats = [f"{pair.seats[i]} ({won[m][i]})" for i in blind]
            out.append({"method": m, "seats": seats, "rule": BLIND_RULE})
    return out


def _method_shares(pair: Pair, block_of, B, T, labels: list[str]):
    """``(method, seats x labels shares)``, -1 where a label cannot win (not standing, OTH)."""
    S = pair.single_shares(labels)  # independents' votes are not pooled
    stand = standing(pair, labels)
    can_win = np.array([p != OTHERS for p in labels])
    for m in METHODS:
        shares = normalise(project(m, S, B[block_of], T[block_of], stand), stand)
        yield m, np.where(stand & can_win, shares, -1.0)
