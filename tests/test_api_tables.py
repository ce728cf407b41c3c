"""An ensemble's tables: the same columns with or without station runs; unknown names listed."""

import numpy as np
import pandas as pd
import pytest

import votebank as vb


@pytest.fixture(scope="module")
def kept():
    return vb.run_ensemble("tiny", runs=1, seed=1, station_runs=1)


def test_station_votes_without_station_runs_has_the_real_columns(kept):
    none = vb.run_ensemble("tiny", runs=1, seed=1, station_runs=0)
    assert none.station_votes.empty
    assert none.station_votes.dtypes.to_dict() == kept.station_votes.dtypes.to_dict()


def test_an_unknown_table_names_the_tables(kept):
    with pytest.raises(KeyError, match="station_votes"):
        kept["nope"]


def test_csv_cells_a_spreadsheet_would_run_are_written_as_text(tmp_path):
    # `votebank export` wrote "=1+2" behind an apostrophe, ens.export wrote it as is: a
    # spreadsheet opening the CSV ran a candidate's or seat's name from the scenario.
    import pandas as pd

    from votebank.api import export_frames

    frame = pd.DataFrame({"name": ["=1+2", "@SUM(A1)", "-12", "Mian"], "votes": [1, -2, 3, 4]})
    (csv,) = export_frames({"candidates": frame}, tmp_path / "csv", fmt="csv")
    (pq,) = export_frames({"candidates": frame}, tmp_path / "pq")
    got = pd.read_csv(csv, dtype=str)
    assert list(got.name) == ["'=1+2", "'@SUM(A1)", "-12", "Mian"]
    assert list(got.votes) == ["1", "-2", "3", "4"]
    assert list(pd.read_parquet(pq).name) == list(frame.name)  # Parquet keeps the values


def test_csv_flags_are_written_true_and_false_as_votebank_export_writes_them(tmp_path):
    # A sweep's --format csv (and ens.export) wrote True/False where `votebank export` of the
    # same table writes true/false: a pipeline reading both met two spellings of one flag.
    import pandas as pd

    from votebank.api import export_frames

    frame = pd.DataFrame(
        {
            "elected": [True, False],
            "known": pd.array([True, pd.NA], dtype="boolean"),
            "votes": [3, 4],
        }
    )
    (csv,) = export_frames({"candidates": frame}, tmp_path / "csv", fmt="csv")
    assert csv.read_text(encoding="utf-8").splitlines() == [
        "elected,known,votes",
        "true,true,3",
        "false,,4",
    ]


def test_the_notebook_view_shows_a_name_with_markup_as_text():
    # A scenario named "Punjab & Sindh <2008>" showed as "Punjab & Sindh " in a notebook: the
    # name went into the HTML as it was, and "<2008>" read as a tag.
    from votebank.scenario.overrides import with_overrides

    sc = vb.load_scenario("tiny")
    sc = sc.with_spec(with_overrides(sc.spec, {"scenario.name": "Punjab & Sindh <2008>"}))
    html = vb.run_ensemble(sc, runs=1, seed=1)._repr_html_()
    assert "<b>Punjab &amp; Sindh &lt;2008&gt;</b>" in html
    assert "<2008>" not in html


def test_a_folder_under_home_is_written_there(tmp_path, monkeypatch, kept):
    # "~/tables" made a folder named "~" where the notebook ran, then pandas (which reads "~"
    # as home) failed with OSError: Cannot save file into a non-existent directory.
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    monkeypatch.chdir(tmp_path)
    written = kept.export("~/tables", fmt="csv")
    assert all(p.parent == tmp_path / "home" / "tables" for p in written)
    assert all(p.is_file() for p in written)
    assert not (tmp_path / "~").exists()


def test_an_export_that_fails_part_way_keeps_the_earlier_one_and_says_why(tmp_path, monkeypatch):
    # ens.export wrote table by table into the folder: a full disk (or a read-only file of an
    # earlier export) raised a bare OSError after some tables were replaced, the folder a mix
    # of two exports. `votebank export` writes them aside and moves them in when all are done.
    import errno

    import pandas as pd

    from votebank.api import export_frames
    from votebank.errors import InputError

    frames = {"seats": pd.DataFrame({"a": [1]}), "candidates": pd.DataFrame({"a": [2]})}
    earlier = {"seats": pd.DataFrame({"a": [0]}), "candidates": pd.DataFrame({"a": [0]})}
    export_frames(earlier, tmp_path)
    write = pd.DataFrame.to_parquet

    def full_on_the_second(frame, path, **kwargs):
        if str(path).endswith("candidates.parquet"):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return write(frame, path, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full_on_the_second)
    with pytest.raises(InputError) as exc:
        export_frames(frames, tmp_path)
    assert [(p.file, p.value) for p in exc.value.problems] == [("folder", str(tmp_path))]
    assert "No space left on device" in str(exc.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["candidates.parquet", "seats.parquet"]
    assert pd.read_parquet(tmp_path / "seats.parquet").a.tolist() == [0]


def test_a_numpy_count_is_kept_as_a_python_int():
    # The ensemble showed "runs=np.int64(2)" and held a NumPy integer as its count.
    ens = vb.run_ensemble("tiny", runs=np.int64(2), seed=1)
    assert type(ens.runs) is int
    assert "runs=2," in repr(ens)


def test_an_unknown_table_is_named_without_a_python_list(kept):
    # The message listed the tables as ['seats', 'constituencies', ...].
    with pytest.raises(KeyError) as exc:
        kept["nope"]
    assert "[" not in str(exc.value)


def test_editing_a_returned_table_leaves_the_ensemble_as_it_ran():
    # seats = ens.seats; seats.loc[:, "total"] = 0 in a notebook's cell changed the ensemble:
    # its summary() then gave every party 0 seats, and export() wrote the edited table.
    ens = vb.run_ensemble("tiny", runs=3, seed=7)
    before = ens.summary()
    seats, candidates, constituencies = ens.seats, ens.candidates, ens["constituencies"]
    seats.loc[:, "total"] = 0
    candidates["extra"] = 1
    constituencies.loc[:, "winner_party"] = "X"
    assert ens.summary().equals(before)
    assert "extra" not in ens.candidates.columns
    assert "X" not in set(ens.constituencies["winner_party"])


def test_a_table_file_that_is_a_link_is_written_through(tmp_path):
    from votebank.api import export_frames

    target = tmp_path / "disk" / "candidates.csv"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    (tmp_path / "out").mkdir()
    link = tmp_path / "out" / "candidates.csv"
    link.symlink_to(target)
    export_frames({"candidates": pd.DataFrame({"votes": [1, 2]})}, link.parent, fmt="csv")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "votes\n1\n2\n"


def test_a_killed_exports_folder_is_removed_by_the_next_export(tmp_path):
    # SIGTERM during export_frames left ".export-tmp-XXXX" (half the tables) in the folder.
    import os
    import subprocess
    import sys

    from votebank.api import export_frames

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    killed = tmp_path / f".export-tmp-{dead.pid}-abcd1234"
    killed.mkdir()
    (killed / "candidates.csv").write_text("half", encoding="utf-8")
    running = tmp_path / f".export-tmp-{os.getpid()}-efgh5678"
    running.mkdir()
    export_frames({"candidates": pd.DataFrame({"votes": [1]})}, tmp_path, fmt="csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, "candidates.csv"])
