"""Where a command will write, checked before it works, and written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

from votebank.errors import InputError, Problem


def file_path(option: str, kind: str = "a file") -> Callable[[str | Path], Path]:
    """The parser of a file option: its text as a path, one ending in a slash refused.

    ``Path("some/dir/")`` is ``Path("some/dir")``: a folder named by its slash became a file
    of the folder's name. Only the text still holds the slash, so it is checked here.
    """

    def parse(value: str | Path) -> Path:
        text = str(value)
        if text.endswith(("/", os.sep)):
            why = f"ends in a slash, so it names a folder; give the path of {kind}"
            raise InputError([Problem(option, "", text, why)])
        if os.path.basename(text) in (".", ".."):  # "out/." is Path("out"), a file again
            why = f"ends in {os.path.basename(text)}, so it names a folder; give the path of {kind}"
            raise InputError([Problem(option, "", text, why)])
        return Path(text)

    return parse


def html_name_problems(option: str, path: Path | None) -> list[Problem]:
    """A page's file named for another kind (``report.pdf``): it would not open as one.

    A name without a suffix is taken as given; ``.html`` and ``.htm`` are HTML's own.
    """
    suffix = path.suffix if path is not None else ""
    if not suffix or suffix.lower() in (".html", ".htm"):
        return []
    why = f"the page is HTML, which a {suffix} name would not open as: give a name ending in .html"
    return [Problem(option, "", str(path), why)]


def output_problems(
    folders: Mapping[str, Path | None] = {},
    files: Mapping[str, Path | None] = {},
) -> list[Problem]:
    """Output folders that are files, and output files that are folders, by option name.

    A folder to be made inside a file (``--out results.csv/new``) is named by that file; a
    folder (or a file's folder) that cannot be written or made, by the folder. A file inside
    one of ``folders`` is checked as that folder once. A path the file system refuses for its
    length (a name of 300 characters) is named for that alone.
    """
    # Each once: --out and the file it holds (OUT/report.html) share the name too long.
    problems = list(
        dict.fromkeys(
            p
            for option, path in (*folders.items(), *files.items())
            if (p := _unusable(option, path))
        )
    )
    # The checks below would stat a path too long (or holding a NUL) and fail on it.
    long = {p.file for p in problems}
    folders = {o: p for o, p in folders.items() if o not in long}
    files = {o: p for o, p in files.items() if o not in long}
    for option, path in folders.items():
        blocking = path is not None and _file_in_the_way(path)
        if blocking:
            problems.append(Problem(option, "", str(blocking), "is a file; give a folder"))
        elif path is not None and (why := _unwritable(path)):
            problems.append(Problem(option, "", str(path), why))
    # A file in a folder given above is checked once, as that folder.
    given = {Path(p) for p in folders.values() if p is not None}
    for option, path in files.items():
        if path is not None and path.is_dir():
            problems.append(Problem(option, "", str(path), "is a folder; give a file"))
        elif path is not None and (_is_database(path) or _is_write_ahead_log(path)):
            why = "is a DuckDB database (a results store?): writing here would destroy it"
            problems.append(Problem(option, "", str(path), why))
        elif path is None or path.parent in given:
            continue
        elif blocking := _file_in_the_way(path.parent):
            problems.append(Problem(option, "", str(blocking), "is a file; give a folder"))
        elif why := _unwritable(path.parent):
            problems.append(Problem(option, "", str(path.parent), why))
    return problems


def input_folder_problems(option: str, folder: Path) -> list[Problem]:
    """A folder only read from (a results store's) that is, or lies inside, a file.

    It need not be writable: a store on a read-only share or an archive can be read.
    """
    if unusable := _unusable(option, folder):  # a name too long: stat would raise on it
        return [unusable]
    blocking = _file_in_the_way(folder)
    return [Problem(option, "", str(blocking), "is a file; give a folder")] if blocking else []


def check_outputs(
    folders: Mapping[str, Path | None] = {},
    files: Mapping[str, Path | None] = {},
) -> None:
    """Raise :class:`InputError` with every :func:`output_problems`."""
    problems = output_problems(folders, files)
    if problems:
        raise InputError(problems)


def _unusable(option: str, path: Path | None) -> Problem | None:
    """A path no file system takes: a NUL in it (from Python), or too long (:func:`_too_long`)."""
    if path is not None and "\0" in str(path):  # os.stat would raise ValueError on it
        return Problem(option, "", repr(str(path))[:80], "a path cannot hold a NUL character")
    return _too_long(option, path)


def _too_long(option: str, path: Path | None) -> Problem | None:
    """A path the file system refuses for its length, or one of its names, if so."""
    if path is None:
        return None
    near = next((p for p in path.absolute().parents if _exists(p)), Path("/"))
    whole = len(os.fsencode(str(path.absolute())))
    if whole >= _limit(near, "PC_PATH_MAX", 4096):  # the limit counts the closing NUL
        return Problem(option, "", f"{str(path)[:40]}...", f"the path is too long: {whole:,} bytes")
    most = _limit(near, "PC_NAME_MAX", 255)
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > most:
            shown = f"{part[:40]}... ({len(part):,} characters)" if len(part) > 40 else part
            why = f"a name in it is too long: {size:,} bytes, the file system allows {most:,}"
            return Problem(option, "", shown, why)
    return None


def _limit(folder: Path, name: str, usual: int) -> int:
    """The file system's limit ``name`` at ``folder``; ``usual`` where it does not say."""
    try:
        return os.pathconf(folder, name)
    except (OSError, ValueError, AttributeError):  # AttributeError: no pathconf (Windows)
        return usual


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def _file_in_the_way(folder: Path) -> Path | None:
    """The file at ``folder`` or at the nearest of its parents that exists, if any."""
    for path in (folder, *folder.parents):
        if path.exists():
            return None if path.is_dir() else path
    return None


def _unwritable(folder: Path) -> str:
    """Why nothing can be written in ``folder`` (made if need be), or '' if it can.

    Tried on the nearest folder that exists: its permissions, then a folder made and removed
    in it (a read-only or virtual file system, such as /proc, refuses what the bits allow).
    """
    near = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if near is None or not near.is_dir():
        return ""
    what = "cannot be written" if near == folder else f"cannot be made in {near}"
    if not os.access(near, os.W_OK | os.X_OK):
        return f"{what}: no permission to write there"
    try:
        os.rmdir(tempfile.mkdtemp(dir=near, prefix=".votebank-check."))
    except OSError as err:
        return f"{what}: {err.strerror or err}"
    return ""


def _is_database(path: Path) -> bool:
    """Whether ``path`` is an existing DuckDB file (its header holds the magic ``DUCK``)."""
    if not path.is_file():  # a pipe (--to /dev/stdout in a pipeline) would wait to be read
        return False
    try:
        with path.open("rb") as fh:
            return fh.read(12)[8:12] == b"DUCK"
    except OSError:
        return False


def _is_write_ahead_log(path: Path) -> bool:
    """Whether ``path`` is the ``.wal`` beside a DuckDB file: after a kill it holds the runs."""
    return path.suffix == ".wal" and path.is_file() and _is_database(path.with_suffix(""))


def write_text(text: str, path: Path) -> Path:
    """Write ``text`` to ``path`` atomically (a temporary file in the folder, then a rename)."""
    return write_texts({path.name: text}, path.parent)[0]


def write_texts(texts: Mapping[str, str | bytes], folder: Path) -> list[Path]:
    """Write each ``name: text`` into ``folder``, every file whole before any is replaced.

    Files written one by one in place left, when the disk filled or the process was killed
    part way, the new first files beside an earlier write's last ones: a mix read as whole.
    A ``bytes`` value (a PNG plot) is written as it is.
    """
    folder.mkdir(parents=True, exist_ok=True)
    # A link or a device (--to /dev/stdout) is written through: a rename put a file in its place.
    through = {n for n in texts if written_through(folder / n)}
    remove_stale(folder, set(texts))
    staged: dict[str, str] = {}
    try:
        for name, text in texts.items():
            if name in through:
                continue
            fd, staged[name] = stage(folder, name)
            _write(os.fdopen(fd, "wb"), text)
            os.chmod(staged[name], 0o644)  # mkstemp makes owner-only files; outputs are shared
        for name, tmp in staged.items():
            os.replace(tmp, folder / name)
    except BaseException:
        for tmp in staged.values():
            Path(tmp).unlink(missing_ok=True)
        raise
    for name in through:
        _write_through(folder / name, texts[name])
    return [folder / name for name in texts]


def stage(folder: Path, name: str) -> tuple[int, str]:
    """A new temporary file (descriptor, path) in ``folder`` for ``name``: ``.NAME.PID-XXXX.tmp``.

    The process id in the name tells a later write (:func:`remove_stale`) whether it runs.
    """
    return tempfile.mkstemp(dir=folder, prefix=f".{name}.{os.getpid()}-", suffix=".tmp")


def remove_stale(folder: Path, names: set[str]) -> None:
    """Remove the staged files (``.NAME.PID-XXXX.tmp``) a killed write of ``names`` left.

    A kill (SIGTERM, SIGKILL) between staging and the rename left them for good.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:  # a folder that may be written but not listed: nothing is known stale
        return
    for entry in entries:
        head, dot, rest = entry.name[1:].rpartition(".")
        name, _, pid = head.rpartition(".")
        if not (entry.name.startswith(".") and dot and rest == "tmp" and name in names):
            continue
        pid = pid.split("-", 1)[0]
        with contextlib.suppress(OSError):  # another user's, in a shared folder: theirs
            if (
                pid.isdigit()
                and not process_alive(int(pid))
                and entry.is_file(follow_symlinks=False)
            ):
                os.unlink(entry.path)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (where that cannot be asked safely, assume it does)."""
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def written_through(path: Path) -> bool:
    """Whether ``path`` is a link or a device, written into: a rename would put a file there."""
    return os.path.islink(path) or _special(path)


def move_into(staged: str | Path, path: Path) -> None:
    """Put the whole file ``staged`` at ``path``: renamed there, or into a link or device.

    A rename over a link (a checkpoint or table kept on another disk) made it a file here,
    the link's target left as it was.
    """
    if not written_through(path):
        os.replace(staged, path)
        return
    try:
        with open(staged, "rb") as source:
            _write_through(path, source)
    finally:
        os.unlink(staged)


def _write_through(path: Path, text: str | bytes | BinaryIO) -> None:
    """Write into a link or device; this process's own stdout through its stream.

    Opened anew, /dev/stdout redirected to a file starts at 0: what is printed after the
    page would overwrite its head. ``text`` may be an open file, copied in chunks.
    """
    try:
        ours = os.path.samestat(os.stat(path), os.fstat(sys.stdout.fileno()))
    except (OSError, AttributeError, ValueError):  # no real stdout (a test's capture)
        ours = False
    if ours:
        sys.stdout.flush()
        _write(sys.stdout.buffer, text, close=False)
    else:
        _write(open(path, "wb"), text)  # noqa: SIM115 - closed by _write


def _special(path: Path) -> bool:
    """A path that is there but no regular file or folder: a device or a named pipe."""
    return os.path.exists(path) and not os.path.isfile(path) and not os.path.isdir(path)


def _write(handle: BinaryIO, text: str | bytes | BinaryIO, close: bool = True) -> None:
    try:
        if isinstance(text, str | bytes):
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
        else:
            shutil.copyfileobj(text, handle)
        handle.flush()
    finally:
        if close:
            handle.close()


def source_folder_problems(option: str, out: Path, sources: Iterable[Path]) -> list[Problem]:
    """An output folder that holds a file the command reads: writing would replace it.

    ``calibrate --out`` the scenario's own folder replaced its ``scenario.toml`` and tables,
    the user's comments with them.
    """
    try:
        here = out.resolve()
        held = sorted({str(s) for s in sources if Path(s).resolve().parent == here})
    except (OSError, RuntimeError):  # an unresolvable path is named by the other checks
        return []
    why = "holds files it reads ({}): writing there would replace them; give another folder"
    return [Problem(option, "", str(out), why.format(", ".join(held)))] if held else []
