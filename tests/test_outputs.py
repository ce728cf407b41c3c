"""An output path that cannot be written is refused before any work, exit 2."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.hostile.helpers import linked_output, read_fifo_in_background
from votebank.cli import main
from votebank.outputs import output_problems


def test_a_file_as_a_folder_and_a_folder_as_a_file_are_both_named(tmp_path):
    a_file, a_folder = tmp_path / "a_file", tmp_path / "a_folder"
    a_file.write_text("keep")
    a_folder.mkdir()
    problems = output_problems({"--out": a_file, "--x": None}, {"--to": a_folder})
    assert [(p.file, p.message) for p in problems] == [
        ("--out", "is a file; give a folder"),
        ("--to", "is a folder; give a file"),
    ]
    assert output_problems({"--out": a_folder, "--new": tmp_path / "new"}, {"--to": a_file}) == []


@pytest.mark.parametrize(
    ("args", "wrong"),
    [
        (["backtest", "uk:2010", "uk:2015", "--runs", "2", "--out", "{file}"], "a_file"),
        (["calibrate", "tiny", "--against", "uk:2015", "-p", "turnout.base",
          "--out", "{file}"], "a_file"),
        (["validate-against", "tiny", "uk:2015", "--out", "{folder}"], "a_folder"),
        (["report", "--out", "{file}"], "a_file"),
        (["export", "--to", "{file}"], "a_file"),
    ],
)  # fmt: skip
def test_commands_refuse_an_unwritable_output_before_working(tmp_path, capsys, args, wrong):
    (tmp_path / "a_file").write_text("keep")
    (tmp_path / "a_folder").mkdir()
    paths = {"file": tmp_path / "a_file", "folder": tmp_path / "a_folder"}
    with pytest.raises(SystemExit) as exit_:
        main([a.format(**paths) for a in args])
    assert exit_.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"give a {'folder' if wrong == 'a_file' else 'file'}" in err
    assert "Traceback" not in err
    assert (tmp_path / "a_file").read_text() == "keep"
    if args[0] == "report":  # --to, not given, is not named for --out's problem
        assert "--to" not in err
        assert "1 problem found" in err


def test_a_folder_to_be_made_inside_a_file_is_named_by_the_file(tmp_path):
    a_file = tmp_path / "a_file"
    a_file.write_text("keep")
    problems = output_problems({"--out": a_file / "new" / "deeper"}, {"--to": a_file / "r.html"})
    assert [(p.file, p.value) for p in problems] == [("--out", str(a_file)), ("--to", str(a_file))]


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--out", "{out}", "--to", "{store}"],
        ["seats", "copeland-2017", "--shares", "Lab=40,Con=40", "--runs", "2", "--map", "{store}"],
    ],
)
def test_an_output_file_that_is_the_results_store_is_refused(tmp_path, capsys, args):
    # Both wrote their HTML over the store, exit 0: every ensemble in it was lost.
    import duckdb

    store = tmp_path / "votebank.duckdb"
    with duckdb.connect(str(store)) as con:
        con.execute("CREATE TABLE ensembles (x INTEGER)")
    before = store.read_bytes()
    with pytest.raises(SystemExit) as exit_:
        main([a.format(out=tmp_path, store=store) for a in args])
    assert exit_.value.code == 2
    assert "writing here would destroy it" in " ".join(capsys.readouterr().err.split())
    assert store.read_bytes() == before


def test_an_output_file_named_inside_the_folder_that_is_a_folder_is_named(tmp_path):
    (tmp_path / "out" / "backtest.json").mkdir(parents=True)
    out = tmp_path / "out"
    files = {f"--out {n}": out / n for n in ("backtest.json", "backtest.html")}
    problems = output_problems({"--out": out}, files)
    assert [(p.file, p.value, p.message) for p in problems] == [
        ("--out backtest.json", str(out / "backtest.json"), "is a folder; give a file")
    ]


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_a_folder_that_cannot_be_made_is_named_once(tmp_path):
    out = Path("/proc/votebank-x/deeper")
    problems = output_problems({"--out": out}, {"--out report": out / "r.html"})
    assert [(p.file, p.value) for p in problems] == [("--out", str(out))]
    assert problems[0].message.startswith("cannot be made in /proc")
    assert output_problems(files={"--to": out / "r.html"})[0].value == str(out)


def test_a_folder_without_write_permission_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != tmp_path)
    problems = output_problems({"--out": tmp_path / "new", "--here": tmp_path})
    assert [(p.file, p.message) for p in problems] == [
        ("--out", f"cannot be made in {tmp_path}: no permission to write there"),
        ("--here", "cannot be written: no permission to write there"),
    ]


def test_backtest_refuses_an_output_file_that_is_a_folder_before_working(tmp_path, capsys):
    (tmp_path / "backtest.json").mkdir()
    with pytest.raises(SystemExit) as exit_:
        main(["backtest", "uk:2010", "uk:2015", "--runs", "2", "--out", str(tmp_path)])
    assert exit_.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "backtest.json" in err
    assert "is a folder; give a file" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backtest.json"]


def test_a_path_too_long_is_named_beside_the_other_problems(tmp_path):
    # Only forensics checked lengths; backtest --out and seats --map failed when writing.
    a_file = tmp_path / "a_file"
    a_file.write_text("keep")
    problems = output_problems(
        {"--out": tmp_path / ("a" * 300), "--x": a_file}, {"--map": tmp_path / ("b/" * 2100)}
    )
    assert [(p.file, p.message.split(":")[0]) for p in problems] == [
        ("--out", "a name in it is too long"),
        ("--map", "the path is too long"),
        ("--x", "is a file; give a folder"),
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["backtest", "uk:2010", "uk:2015", "--runs", "2", "--out", "{long}"],
        ["seats", "copeland-2017", "--shares", "Lab=40,Con=40", "--runs", "2", "--map", "{long}"],
    ],
)
def test_commands_refuse_a_name_too_long_before_working(tmp_path, capsys, args):
    long = str(tmp_path / ("a" * 300))
    with pytest.raises(SystemExit) as exit_:
        main([a.format(long=long) for a in args])
    assert exit_.value.code == 2
    assert "a name in it is too long: 300 bytes" in " ".join(capsys.readouterr().err.split())
    assert list(tmp_path.iterdir()) == []


def test_a_path_holding_a_nul_is_named_not_a_value_error(tmp_path):
    # Only Python can pass one (a shell cannot): os.stat raised "embedded null byte".
    bad = tmp_path / "bad\0name"
    problems = output_problems(folders={"folder": bad}, files={"out": bad / "x.csv"})
    assert [(p.file, p.message) for p in problems] == [
        ("folder", "a path cannot hold a NUL character"),
        ("out", "a path cannot hold a NUL character"),
    ]


def test_an_output_file_that_is_the_stores_write_ahead_log_is_refused(tmp_path, capsys):
    # After a killed run the store's runs are in votebank.duckdb.wal beside it: `report --to`
    # that file wrote the HTML over it, exit 0, and every run of the ensemble was lost.
    import duckdb

    store = tmp_path / "votebank.duckdb"
    with duckdb.connect(str(store)) as con:
        con.execute("CREATE TABLE ensembles (x INTEGER)")
    wal = tmp_path / "votebank.duckdb.wal"
    wal.write_bytes(b"\x64\x00runs not yet merged")
    with pytest.raises(SystemExit) as exit_:
        main(["report", "--out", str(tmp_path), "--to", str(wal)])
    assert exit_.value.code == 2
    assert "writing here would destroy it" in " ".join(capsys.readouterr().err.split())
    assert wal.read_bytes() == b"\x64\x00runs not yet merged"


@pytest.mark.parametrize("command", [["summary"], ["report"], ["explain", "--all"]])
def test_a_results_folder_named_too_long_is_refused_without_a_traceback(tmp_path, capsys, command):
    # summary, report and explain --all --out with a 300-character name died with a traceback
    # (OSError: File name too long, exit 1) while checking the folder they only read.
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--out", str(tmp_path / ("a" * 300))])
    assert exit_.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert err.count("too long") == 1, err
    assert "Traceback" not in err


COLUMNS = ["--registered", "r", "--ballots", "b", "--valid", "v", "--leader", "l"]


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["report", "--out", "store", "--to"], "--to"),
        (["validate-against", "copeland-2017", "copeland-2017", "--runs", "2", "--out"], "--out"),
        (
            ["forensics", "stations.csv", *COLUMNS, "--out", "f", "--flagged-stations"],
            "--flagged-stations",
        ),
        (["seats", "copeland-2017", "--shares", "Con=44,Lab=37", "--map"], "--map"),
    ],
)
def test_a_file_option_ending_in_a_slash_is_refused_and_nothing_is_written(
    args, option, tmp_path, monkeypatch, capsys
):
    # "--to some/dir/" names a folder, but its slash was dropped: the report (or validation
    # JSON) was written to a file named "dir".
    import sys

    monkeypatch.chdir(tmp_path)
    rows = "".join(f"{100 + i},{50 + i},{48 + i},{20 + i % 5}\n" for i in range(12))
    (tmp_path / "stations.csv").write_text("r,b,v,l\n" + rows)
    monkeypatch.setattr(sys, "argv", ["votebank", *args, "some/dir/"])
    monkeypatch.setenv("COLUMNS", "400")
    with pytest.raises(SystemExit) as info:
        main()
    err = " ".join(capsys.readouterr().err.split())
    assert info.value.code == 2, err
    assert f"{option}: ends in a slash, so it names a folder" in err
    assert "(got some/dir/)" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stations.csv"]


def test_a_file_option_ending_in_a_dot_folder_is_refused(tmp_path, monkeypatch, capsys):
    # "--map out/page.html/." was read as out/page.html: the slash-dot, a folder, was dropped.
    import sys

    monkeypatch.chdir(tmp_path)
    shares = "Con=44,Lab=37,LD=7,UKIP=6,Green=2,OTH=4"
    args = ["seats", "copeland-2017", "--shares", shares, "--runs", "2", "--map", "out/page.html/."]
    monkeypatch.setattr(sys, "argv", ["votebank", *args])
    monkeypatch.setenv("COLUMNS", "400")
    with pytest.raises(SystemExit) as info:
        main()
    err = " ".join(capsys.readouterr().err.split())
    assert info.value.code == 2, err
    assert "--map: ends in ., so it names a folder" in err
    assert "(got out/page.html/.)" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--out", "{out}", "--to", "{page}"],
        ["seats", "copeland-2017", "--shares", "Lab=40,Con=40", "--runs", "2", "--map", "{page}"],
    ],
)
def test_a_page_named_as_a_pdf_is_refused_before_any_work(tmp_path, capsys, args):
    # `report --to report.pdf` wrote the HTML page under a .pdf name, exit 0: it would not
    # open as the PDF its name promised.
    page = tmp_path / "report.pdf"
    with pytest.raises(SystemExit) as exit_:
        main([a.format(out=tmp_path, page=page) for a in args])
    assert exit_.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert f"{args[-2]}: the page is HTML, which a .pdf name would not open as" in err
    assert f"(got {page})" in err
    assert not page.exists()


def test_a_page_name_without_a_suffix_or_in_html_is_taken_as_given():
    from votebank.outputs import html_name_problems

    for name in ("page", "r.html", "R.HTM", "out.d/page"):
        assert html_name_problems("--to", Path(name)) == []
    assert html_name_problems("--to", None) == []


def test_a_link_is_written_through_not_replaced_by_a_file(tmp_path):
    # As root, `report --to /dev/stdout` renamed the page over the /dev/stdout link: the
    # system's /dev/stdout became a regular file. A link (report.html into a web root) stays.
    from votebank.outputs import write_texts

    link, target = linked_output(tmp_path, "report.html", "old")
    write_texts({"report.html": "new ü", "other.json": "{}"}, link.parent)
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new ü"
    assert (link.parent / "other.json").read_text(encoding="utf-8") == "{}"


def test_a_named_pipe_is_written_into_not_replaced(tmp_path):

    from votebank.outputs import write_texts

    pipe = tmp_path / "fifo"
    os.mkfifo(pipe)
    reader, got = read_fifo_in_background(pipe)
    write_texts({"fifo": b"\x89PNG"}, tmp_path)
    reader.join(timeout=10)
    assert got == [b"\x89PNG"]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_a_pipe_given_as_an_output_is_checked_without_waiting_on_it(tmp_path):
    # `report --to /dev/stdout | head` hung for ever: the check that the output is no DuckDB
    # store opened the pipe (the process's own stdout) to read its header.
    import threading

    pipe = tmp_path / "fifo"
    os.mkfifo(pipe)
    found = []
    check = threading.Thread(
        target=lambda: found.append(output_problems(files={"--to": pipe})), daemon=True
    )
    check.start()
    check.join(timeout=10)
    assert found == [[]]


def test_a_staged_file_is_moved_into_a_pipe_and_over_a_file(tmp_path):

    from votebank.outputs import move_into

    pipe = tmp_path / "fifo"
    os.mkfifo(pipe)
    reader, got = read_fifo_in_background(pipe)
    (tmp_path / "staged").write_bytes(b"x" * 200_000)
    move_into(tmp_path / "staged", pipe)
    reader.join(timeout=10)
    assert got == [b"x" * 200_000]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert not (tmp_path / "staged").exists()
    (tmp_path / "staged").write_text("new", encoding="utf-8")
    move_into(tmp_path / "staged", tmp_path / "plain")
    assert (tmp_path / "plain").read_text(encoding="utf-8") == "new"


def test_a_write_killed_by_sigterm_leaves_no_temporary_file_after_the_next(tmp_path):
    # SIGTERM between staging and the rename left ".report.html.XXXX.tmp" beside the page for
    # good; the next write of the same file now removes it (a running write's it leaves).
    import signal
    import subprocess
    import sys
    import time

    from votebank.outputs import write_texts

    stuck = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from votebank import outputs\n"
        "outputs.os.replace = lambda *a: time.sleep(600)\n"
        "outputs.write_texts({'report.html': 'half'}, Path(sys.argv[1]))\n"
    )
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": str(src)}
    killed = subprocess.Popen([sys.executable, "-c", stuck, str(tmp_path)], env=env)
    try:
        for _ in range(600):
            if list(tmp_path.glob(".report.html.*.tmp")):
                break
            time.sleep(0.05)
        busy = tmp_path / f".report.html.{os.getpid()}-running.tmp"  # this process: running
        busy.write_text("", encoding="utf-8")
    finally:
        killed.send_signal(signal.SIGTERM)
        killed.wait(timeout=30)
    other = tmp_path / f".other.html.{killed.pid}-x.tmp"  # another file's: not this write's
    other.write_text("", encoding="utf-8")
    assert len(list(tmp_path.glob(".report.html.*.tmp"))) == 2
    write_texts({"report.html": "whole"}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [busy.name, other.name, "report.html"]
    )
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == "whole"
