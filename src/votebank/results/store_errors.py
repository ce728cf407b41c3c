"""A results store's user errors: missing, empty, unreadable, or asked for a table it lacks.

:func:`store_error` is the one place where DuckDB's and the file system's failures become user
errors; the others name a store that is absent or holds no ensemble, and a table it lacks.
"""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

from votebank.display import joined, plural
from votebank.errors import InputError, Problem, StoreError
from votebank.results.schema import TABLES


def store_error(path: Path, exc: BaseException) -> StoreError:
    """The one place where DuckDB's and the file system's failures become user errors.

    The message names the store and the real cause (a truncated file, a full disk, a folder
    that is a file) in DuckDB's or the OS's own words.
    """
    cause = " ".join(str(exc).split()) or type(exc).__name__
    if "in-memory database" in cause:  # DuckDB reads a .csv or .parquet as a database of it
        cause = f"not a DuckDB database file ({path.suffix or 'no suffix'}), so not votebank's"
    hint = ""
    damaged = (
        "read enough bytes",
        "not a valid DuckDB",
        "Corrupt database",
        "no ensembles table",
        "not votebank's",
    )
    if "no tables yet" in cause:
        hint = "; run into it, or copy it again with its .wal file"
    elif any(word in cause for word in damaged):
        hint = "; the file is truncated or not a votebank store (restore it, or use another --out)"
    elif "Could not set lock" in cause:
        hint = "; another process has it open (wait for it to finish, or use another --out)"
    elif "write" in cause.lower() or "space" in cause.lower():
        hint = "; nothing of the failed write was kept"
    return StoreError(f"results store {path}: {cause}{hint}")


def newer_store(path: Path, columns: list[str]) -> StoreError:
    """The error of a store with columns this votebank does not know: a newer one wrote it."""
    from votebank.version import __version__

    shown = ", ".join(columns[:5]) + (f" and {len(columns) - 5} more" if len(columns) > 5 else "")
    return StoreError(
        f"results store {path}: it has columns this votebank ({__version__}) does not know "
        f"({shown}), so a newer votebank wrote it; nothing was written (add runs with that "
        "votebank, or use another --out)"
    )


def unmerged(
    path: Path, what: str = "runs", again: str = "run the same command with --resume"
) -> str | None:
    """What to say of a store whose write-ahead log is left beside it after a write, or None.

    Closing a writer merges the log into the one file; when that fails (a full disk) the rows
    (``what``) are safe in the log, but a copy of ``votebank.duckdb`` alone, as the README
    says to make, lacked them, and the command said nothing. ``again`` is how to merge them.
    """
    wal = path.with_name(path.name + ".wal")
    if not wal.is_file():
        return None
    return (
        f"the last {what} stored are in {wal}, not yet merged into {path.name} (the merge "
        f"failed: is the disk full?); copy both files together, or free space and {again}, "
        "which merges them"
    )


def warn_unmerged(
    path: Path, what: str = "runs", again: str = "run the same command with --resume"
) -> None:
    """Warn on stderr, as :func:`unmerged` says, if a command's writes were left in the log."""
    if left := unmerged(path, what, again):
        from votebank.display import safe
        from votebank.terminal import err

        err.print(f"[yellow]warning: {safe(left)}[/yellow]", highlight=False)


def missing_store(path: str | Path, maker: str = "votebank run") -> Problem:
    """The problem of a path where no results store is: nothing was run into that folder.

    A folder at the store's path is named as one: "missing" hid what was in the way.
    ``maker`` is the command that stores what was asked for (``votebank plan-canvass`` for
    the plans: `votebank run` makes none).
    """
    if Path(path).is_dir():
        why = "is a folder, not a results store (move it away, or use another --out)"
        return Problem(str(path), "", "a folder", why)
    return Problem(str(path), "", "missing", f"no results store here; run `{maker}` first")


def no_ensemble(path: str | Path, plans: int = 0) -> InputError:
    """The error of a store with no ensemble in it (a plan stored alone, say).

    ``plans``: the canvass plans it holds, named with the command that shows them (a store
    that `votebank plan-canvass` wrote was said to hold nothing).
    """
    why = "the store holds no ensemble yet; run `votebank run` first"
    if plans:
        out = shlex.quote(str(Path(path).parent))
        why += f" (it holds {plural(plans, 'canvass plan')}: `votebank plans --out {out}`)"
    return InputError([Problem(str(path), "", "(empty)", why)])


def unknown_ensemble(path: str | Path, eid: str, held, most: int = 5) -> InputError:
    """The error of an ensemble id the store lacks, naming the ones it holds (newest first).

    ``held`` is :meth:`ResultsStore.ensembles`. No command lists them: without it a mistyped
    --ensemble left the user no way to find the others' ids.
    """
    shown = [f"{r.ensemble_id} {_described(r)}" for r in held.tail(most).iloc[::-1].itertuples()]
    if len(held) > most:
        shown.append(f"and {len(held) - most:,} older")
    why = "no such ensemble in the store" + ("; it holds " + ", ".join(shown) if shown else "")
    return InputError([Problem(str(path), "ensemble", eid or "''", why)])


def resume_options(row) -> str:
    """``--seed S --runs N`` to finish an ensemble (its ``ensembles`` row), as it was run.

    One run with --parameter-uncertainty stores ``draw_parameters``: resumed without that
    flag its scenario's hash differs, and the resume is refused.
    """
    try:
        spec = json.loads(row["scenario_json"] or "{}")
        drawn = spec.get("scenario", {}).get("draw_parameters") is True
    except (ValueError, TypeError, AttributeError):  # a damaged spec is named elsewhere
        drawn = False
    flag = " --parameter-uncertainty" if drawn else ""
    return f"--seed {row['seed_entropy']} --runs {int(row['runs_requested'])}{flag}"


def no_runs(path: str | Path, eid: str, held, most: int = 3) -> StoreError:
    """The error of an ensemble with no stored run: how to run it, and the others to show.

    A run killed in its first seconds leaves one, the latest: summary and report said only
    "no stored runs yet". ``held`` is :meth:`ResultsStore.ensembles`.
    """
    row = held[held["ensemble_id"] == eid].iloc[0]
    folder = shlex.quote(str(Path(path).parent))
    text = (
        f"ensemble {eid} in {path} has no stored runs yet: it was stopped before its first "
        f"run was stored; `votebank run ... {resume_options(row)} --out {folder} --resume` "
        "runs it"
    )
    others = held[(held["ensemble_id"] != eid) & (held["runs_done"] > 0)]
    shown = [
        f"`--ensemble {r.ensemble_id}` {_described(r)}"
        for r in others.tail(most)[::-1].itertuples()
    ]
    return StoreError(text + ("; or show another: " + ", ".join(shown) if shown else ""))


def _described(r) -> str:
    """A stored ensemble (a row of :meth:`ResultsStore.ensembles`) in brief."""
    return (
        f"({r.scenario_name}, seed {r.seed_entropy}, "
        f"{int(r.runs_done):,} of {plural(int(r.runs_requested), 'run')})"
    )


def in_folder(path: str | Path, name: str) -> Path:
    """``path``, or the store ``name`` inside it where it is a folder (``votebank run --out``'s).

    Python's entries take the folder as the forensics readers do: a folder given to DuckDB
    failed as "IO Error: Could not read from file ... Is a directory".
    """
    if not isinstance(path, str | os.PathLike):  # isdir(5) asks of file descriptor 5
        raise InputError([Problem("path", "", repr(path)[:80], "give the store's file or folder")])
    folder = os.path.isdir(path) and Path(path).name != name  # isdir: never raises on a name
    found = Path(path) / name if folder else Path(path)
    try:  # a name of Latin-1 bytes (a legacy server's): DuckDB failed with "std::bad_cast"
        str(found).encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(found).decode("utf-8", "backslashreplace")
        why = "its name holds bytes that are not UTF-8, which DuckDB cannot open: rename it"
        raise InputError([Problem(shown, "", "", why)]) from None
    return found


def require_store(path: str | Path, maker: str = "votebank run") -> Path:
    """``path``, where a results store must already be (a user's --out: exit 2 if not).

    ``maker``: the command that would have made it, as :func:`missing_store` names it.
    """
    try:
        found = Path(path).is_file()
    except OSError as exc:  # a name too long for the file system: stat raises on it
        why = "cannot be looked at: give another --out"
        raise InputError([Problem(str(path), "", exc.strerror or str(exc), why)]) from exc
    if not found:
        raise InputError([missing_store(path, maker)])
    return Path(path)


def check_table(table: str, file: str) -> None:
    """Raise :class:`InputError` unless ``table`` is one of the store's tables.

    Args:
        table: The table name to check.
        file: What to name as the file in the report (the store or output path).
    """
    if table not in TABLES:
        raise InputError(
            [Problem(file, "table", repr(table), f"unknown table; choose one of {joined(TABLES)}")]
        )


def stored_spec(path: str | Path, eid: str, text: object) -> dict:
    """An ensemble's scenario as stored (``scenario_json``), or a StoreError naming it.

    votebank writes it from a checked scenario: one that does not read as such was edited or
    damaged after, and the summary and report cannot name its parties.
    """
    try:
        spec = json.loads(text or "{}") if isinstance(text, str | None) else None
    except ValueError:
        spec = None
    parties = spec.get("parties", []) if isinstance(spec, dict) else None
    if (
        not isinstance(spec, dict)
        or not isinstance(spec.get("scenario", {}), dict)
        or not isinstance(parties, list)
        or not all(isinstance(p, dict) and "id" in p for p in parties)
        # A colour is text or none: the report matched a number against a pattern (TypeError).
        or not all(isinstance(p.get("colour"), str | None) for p in parties)
    ):
        why = (
            f"results store {path}: ensemble {eid}: its stored scenario (scenario_json) is not "
            "a votebank scenario, so the store was edited or damaged (restore it, or run the "
            "scenario again)"
        )
        raise StoreError(why)
    return spec
