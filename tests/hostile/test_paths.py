"""Hostile paths and nesting (issue 20, points 7 and 8): a FIFO, a symlink loop or a NUL byte
as a table, TOML nested thousands deep, and a counterfactual that swaps a table."""

from __future__ import annotations

import os
import threading

import pytest

from tests.hostile.helpers import assert_nothing_written, assert_user_error, main, tiny_copy
from tests.scenario.test_errors import toml_append, toml_set


def fifo(folder):
    os.mkfifo(folder / "pipe.csv")
    toml_set("[tables]", "constituencies", '"pipe.csv"')(folder)


def loop(folder):
    os.symlink("b.csv", folder / "a.csv")
    os.symlink("a.csv", folder / "b.csv")
    toml_set("[tables]", "candidates", '"a.csv"')(folder)


def nul(folder):
    toml_set("[tables]", "candidates", '"cand\\u0000idates.csv"')(folder)


def deep_array(folder):
    toml_append("[extra]\nx = " + "[" * 3000 + "]" * 3000)(folder)


def deep_inline(folder):
    toml_append("[extra]\nx = " + "{ a = " * 3000 + "1" + " }" * 3000)(folder)


def deep_dotted(folder):
    toml_append("[" + ".".join(["a"] * 3000) + "]\nb = 1")(folder)


def swap_table(folder):
    toml_append(
        '[[scenario.counterfactuals]]\nname = "other"\n'
        'set = { "tables.candidates" = "/etc/passwd" }'
    )(folder)


# (id, edit, texts on stderr: the file, the place and the value)
CASES = [
    ("fifo", fifo, ("scenario.toml", "tables.constituencies", "pipe.csv", "FIFO")),
    ("symlink-loop", loop, ("scenario.toml", "tables.candidates", "a.csv")),
    ("nul-byte", nul, ("scenario.toml", "tables.candidates", "\\x00")),
    ("deep-array", deep_array, ("scenario.toml", "nested")),
    ("deep-inline", deep_inline, ("scenario.toml", "nested")),
    ("deep-dotted", deep_dotted, ("scenario.toml", "nested")),
    ("cf-tables", swap_table, ("scenario.toml", "counterfactuals.0.set.tables.candidates", "/etc")),
]


def run_with_deadline(argv, monkeypatch, capsys, seconds=60):
    """main() in a thread: a hang fails the test instead of blocking the suite."""
    found = {}

    def target():
        try:
            found["result"] = main(argv, monkeypatch, capsys)
        except BaseException as exc:
            found["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        # Unblock a reader stuck on a FIFO so the thread can end.
        pytest.fail(f"votebank {' '.join(argv)} hung for {seconds} s")
    if "error" in found:
        raise found["error"]
    return found["result"]


@pytest.mark.parametrize(("edit", "texts"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
@pytest.mark.parametrize("command", ["validate", "run"])
def test_hostile_path_is_a_user_error(edit, texts, command, tmp_path, monkeypatch, capsys):
    folder = tiny_copy(tmp_path)
    edit(folder)
    out_dir = tmp_path / "out"
    extra = ["--runs", "1", "--out", str(out_dir)] if command == "run" else []
    code, out, err = run_with_deadline([command, str(folder), *extra], monkeypatch, capsys)
    assert_user_error(code, out, err, *texts)
    assert_nothing_written(out_dir)


def test_scenario_file_that_is_a_fifo(tmp_path, monkeypatch, capsys):
    os.mkfifo(tmp_path / "scenario.toml")
    code, out, err = run_with_deadline(["validate", str(tmp_path)], monkeypatch, capsys)
    assert_user_error(code, out, err, "scenario.toml", "FIFO")


def test_scenario_path_with_a_nul_byte(monkeypatch, capsys):
    code, out, err = run_with_deadline(["validate", "tiny\0x"], monkeypatch, capsys)
    assert_user_error(code, out, err, "tiny")
