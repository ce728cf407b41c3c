"""Export store tables to Parquet or CSV files with DuckDB's ``COPY ... TO``.

Every table of the store that holds ensemble rows (an ``ensemble_id`` column) is exported:
the tables every store has, and those written on request, such as ``deciding_routes``
(``votebank explain --all``). Beside them goes ``station_votes``: the polling stations' votes
long, one row per station and candidate (the store keeps a station's votes as one list in
candidate order).

An export's files are written in a temporary folder inside the export's and moved in only when
every one is complete, so an interrupted or killed export leaves the previous one as it was
(but for the instant of the moves). Other files in the folder are left alone. In CSV, a text
cell a spreadsheet would run as a formula is written behind an apostrophe (``_inert_text``).
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb

from votebank.display import joined
from votebank.errors import InputError, Interrupted, Problem
from votebank.formula_cells import FORMULA_START, SIGNED_NUMBER
from votebank.outputs import check_outputs, move_into, process_alive
from votebank.results.deciding import TABLE as DECIDING_ROUTES
from votebank.results.real_votes import TABLE as REAL_VOTES
from votebank.results.schema import TABLES, read_added_columns, stored_table
from votebank.results.store import ResultsStore

STATION_VOTES = "station_votes"
# A station's list of votes is in its candidates' slot order, the order in which a run's
# candidates rows were written (rowid): number both and join.
STATION_VOTES_QUERY = """
WITH c AS (
    SELECT ensemble_id, run_index, constituency_id, candidate_id, party,
        row_number() OVER (
            PARTITION BY ensemble_id, run_index, constituency_id ORDER BY rowid) AS slot
    FROM {candidates} {where}),
s AS (
    SELECT ensemble_id, run_index, station_id, constituency_id,
        unnest(votes) AS votes, unnest(range(1, len(votes) + 1)) AS slot
    FROM polling_stations {where})
SELECT s.ensemble_id, s.run_index, s.station_id, s.constituency_id, c.candidate_id, c.party,
    s.votes
FROM s JOIN c USING (ensemble_id, run_index, constituency_id, slot)
ORDER BY s.ensemble_id, s.run_index, s.station_id, s.slot
"""

FORMATS: dict[str, str] = {"parquet": "(FORMAT parquet)", "csv": "(FORMAT csv, HEADER true)"}
ARGUMENTS: dict[str, str] = {"fmt": "fmt", "outdir": "outdir"}
"""How errors name the format and the folder: the Python arguments (the CLI passes its options)."""
# A table's name becomes a file name: only plain identifiers, so no file lands outside the folder.
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
TMP_PREFIX = ".export-tmp-"
"""The temporary folder, inside the export's, where its files are written until complete."""
_POLL = 0.1
"""Seconds between the main thread's checks for Ctrl-C while DuckDB copies."""


def _literal(text: str) -> str:
    # COPY takes no bound parameters: quote as a SQL string literal.
    return "'" + text.replace("'", "''") + "'"


def ensemble_tables(store: ResultsStore) -> list[str]:
    """The store's tables of ensemble rows: :data:`TABLES` first, then the others by name.

    A table counts when it has an ``ensemble_id`` column, so a table added later (or written
    only on request) is exported without being listed here.
    """
    found = {
        str(row[0])
        for row in store.connection.execute(
            "SELECT table_name FROM duckdb_columns() WHERE database_name = current_database()"
            " AND schema_name = 'main' AND column_name = 'ensemble_id' AND NOT internal"
        ).fetchall()
    }
    found = {t for t in found if _NAME.match(t)}
    return [t for t in TABLES if t in found] + sorted(found - set(TABLES))


def export_tables(
    store: ResultsStore,
    outdir: str | Path,
    *,
    fmt: str = "parquet",
    ensemble_id: str | None = None,
    tables: Iterable[str] | None = None,
    names: Mapping[str, str] = ARGUMENTS,
) -> list[Path]:
    """Write store tables to ``outdir/<table>.<fmt>``, one file per table.

    The files are written to ``outdir/.export-tmp-<pid>-*`` and moved in once every one is
    complete; then this format's files of tables not written (an earlier export's) are removed,
    so the folder never mixes two exports of one format. A temporary folder left by a killed
    export is removed by the next export there (where a process can be asked whether it still
    runs: POSIX systems; elsewhere it is left, and ignored).

    Args:
        store: An open results store.
        outdir: Output folder (created if missing).
        fmt: ``"parquet"`` or ``"csv"``, any case.
        ensemble_id: Only rows of this ensemble; default every ensemble.
        tables: Tables to export (see :func:`ensemble_tables`); default all of them.
        names: What errors call ``fmt`` and ``outdir`` (keys of :data:`ARGUMENTS`).

    Returns:
        The files written, in table order, then ``station_votes`` when every table was
        asked for.

    Raises:
        InputError: If the format, a table or the ensemble is unknown, ``outdir`` is a file
            or holds a folder of an export file's name; nothing is written then.
        Interrupted: On Ctrl-C (the running copy is stopped); ``outdir`` is left as it was.
    """
    names = {**ARGUMENTS, **names}
    outdir = Path(outdir)
    kind = str(fmt).lower()  # CSV is csv
    if kind not in FORMATS:
        raise InputError([Problem(names["fmt"], "", str(fmt), f"choose one of {joined(FORMATS)}")])
    stored = ensemble_tables(store)
    wanted = list(stored if tables is None else tables)
    unknown = [t for t in wanted if t not in stored]
    if unknown:
        why = f"unknown table; choose one of {stored}"
        raise InputError([Problem(str(store.path), "table", repr(t), why) for t in unknown])
    if ensemble_id is not None:
        store.require_ensemble(ensemble_id)
    check_outputs(folders={names["outdir"]: outdir})
    # An earlier export's tables.
    known = {*stored, *TABLES, DECIDING_ROUTES, REAL_VOTES, STATION_VOTES}
    where = "" if ensemble_id is None else f"WHERE ensemble_id = {_literal(ensemble_id)}"
    queries = {t: _in_run_order(store.connection, t, where) for t in wanted}
    if tables is None:  # everything: the long station votes too
        candidates = stored_table(store.connection, "candidates")
        queries[STATION_VOTES] = STATION_VOTES_QUERY.format(where=where, candidates=candidates)
    # A folder where a file goes would fail its move after the others were moved in.
    clashes = [outdir / f"{t}.{kind}" for t in queries if (outdir / f"{t}.{kind}").is_dir()]
    if clashes:
        why = "a folder has the name of a file this export writes; move it, or choose another"
        raise InputError([Problem(names["outdir"], "", str(p), why) for p in clashes])
    if kind == "csv":
        queries = {t: _inert_text(store.connection, q) for t, q in queries.items()}
    outdir.mkdir(parents=True, exist_ok=True)
    remove_leftovers(outdir)
    # The process id in the name tells the next export whether this one still runs.
    tmp = outdir / f"{TMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        for table, query in queries.items():
            _copy(store.connection, query, tmp / f"{table}.{kind}", FORMATS[kind])
    except KeyboardInterrupt:
        shutil.rmtree(tmp, ignore_errors=True)
        raise Interrupted(f"export stopped; {outdir} is as it was") from None
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, duckdb.Error) and str(tmp) in str(exc):
            raise _unwritten(names["outdir"], outdir, exc) from exc
        raise
    # Every file is complete: move them in, then drop this format's files of tables this
    # export has not (an earlier export's), so the folder holds one export of each format.
    for table in queries:  # a table's file that is a link (to another disk) is written through
        move_into(tmp / f"{table}.{kind}", outdir / f"{table}.{kind}")
    for table in known - set(queries):
        (outdir / f"{table}.{kind}").unlink(missing_ok=True)
    shutil.rmtree(tmp, ignore_errors=True)
    return [outdir / f"{table}.{kind}" for table in queries]


def _in_run_order(con: duckdb.DuckDBPyConnection, table: str, where: str) -> str:
    """The query of ``table``'s rows: by ensemble and run, within a run in the order written.

    The store holds runs in the order they finished, which differs with the workers: the same
    ensemble's files differed from one worker count to another (as :meth:`ResultsStore.read`
    orders them). An older store's table, read through a view, has no ``rowid``.
    """
    query = f'SELECT * FROM "{table}" {where}'  # noqa: S608 - names checked
    if "run_index" not in con.sql(f'SELECT * FROM "{table}" LIMIT 0').columns:  # noqa: S608
        return query
    try:
        con.sql(f'SELECT rowid FROM "{table}" LIMIT 0')  # noqa: S608 - names checked
    except duckdb.BinderException:
        return f"{query} ORDER BY ensemble_id, run_index"
    return f"{query} ORDER BY ensemble_id, run_index, rowid"


def _unwritten(option: str, outdir: Path, exc: duckdb.Error) -> InputError:
    """An export file DuckDB could not write (a full disk): the folder's fault, not the store's.

    Told as a store error it read as a broken store. DuckDB gives the OS's error number.
    """
    code = re.search(r'"errno":"(\d+)"', str(exc))
    cause = os.strerror(int(code.group(1))) if code else " ".join(str(exc).split())
    why = f"cannot be written: {cause}; nothing was exported (an earlier export is kept)"
    return InputError([Problem(option, "", str(outdir), why)])


# The rule of :mod:`votebank.formula_cells`, in DuckDB's SQL.
_FORMULA_CELL = (
    f"CASE WHEN regexp_matches({{c}}, '^{FORMULA_START}') "
    f"AND NOT regexp_full_match({{c}}, '{SIGNED_NUMBER}') THEN '''' || {{c}} ELSE {{c}} END"
)


def _inert_text(con: duckdb.DuckDBPyConnection, query: str) -> str:
    """``query`` with every text cell a spreadsheet would run written behind an apostrophe.

    Ids and names come from the scenario's tables, which a user may have been sent: a seat
    named ``=HYPERLINK(...)`` would be evaluated by Excel or LibreOffice opening the CSV (CSV
    injection). The apostrophe is the spreadsheets' mark for text. Parquet keeps the values.
    """
    relation = con.sql(query)  # lazy: only its columns are asked for
    cells = []
    for name, kind in zip(relation.columns, relation.types, strict=True):
        q = '"' + name.replace('"', '""') + '"'
        cells.append(f"{_FORMULA_CELL.format(c=q)} AS {q}" if str(kind) == "VARCHAR" else q)
    return f"SELECT {', '.join(cells)} FROM ({query})"  # noqa: S608 - names from the store


def remove_leftovers(outdir: Path) -> None:
    """Remove the temporary folders of killed exports into ``outdir`` (not running ones)."""
    for entry in outdir.glob(f"{TMP_PREFIX}*"):
        pid = entry.name.removeprefix(TMP_PREFIX).split("-", 1)[0]
        gone = pid.isdigit() and not process_alive(int(pid))
        if gone and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


def _copy(con: duckdb.DuckDBPyConnection, query: str, path: Path, options: str) -> None:
    """Run ``COPY (query) TO path`` so that Ctrl-C stops it.

    DuckDB notices a Ctrl-C in the thread that runs a query only when the query ends (a long
    COPY ran to completion first), so the copy runs in a worker thread on its own cursor while
    this thread waits and, on Ctrl-C, interrupts it (DuckDB then removes the partial file).
    """
    cursor = con.cursor()
    read_added_columns(cursor)  # a cursor is a connection of its own: without its store's views
    failure: list[BaseException] = []
    # An Event, not Thread.join: a join cut short by Ctrl-C can mark a running thread stopped
    # (Python before 3.13), and the cursor would then be closed under a running COPY.
    done = threading.Event()

    def work() -> None:
        try:
            cursor.execute(f"COPY ({query}) TO {_literal(str(path))} {options}")
        except BaseException as exc:  # re-raised in the waiting thread
            failure.append(exc)
        finally:
            done.set()

    threading.Thread(target=work, name="votebank-export", daemon=True).start()
    try:
        while not done.wait(_POLL):
            pass
    except BaseException:
        cursor.interrupt()
        done.wait()  # DuckDB stops within moments; a second Ctrl-C leaves at once
        raise
    finally:
        if done.is_set():
            cursor.close()
    if failure:
        raise failure[0]
