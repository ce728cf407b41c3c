"""``votebank import-uk``: options that contradict each other are refused before any work."""

import os
import subprocess
import sys
import tomllib

import numpy as np
import pandas as pd
import pytest

from tests.uk.test_bad_input import refused
from tests.uk.test_results_files import BASE, TARGET, frames, votebank, write
from tests.uk.test_scenario_folder import projected_shares
from votebank.scenario.load import load_scenario


def test_polls_and_a_target_election_together_are_refused(tmp_path):
    # Both set the target: the polls' used to win silently, and without --slate the
    # election's seats then failed to load, naming a temporary file.
    out = tmp_path / "out"
    got = votebank(
        "import-uk", "2010", "--out", out, "--polls", "2015-04-27:2015-05-06",
        "--target-election", "2015",
    )  # fmt: skip
    refused(got, "--polls", "give --polls or --target-election, not both")
    assert not out.exists()


@pytest.mark.parametrize(
    "target",
    [
        ["--polls", "2015-04-27:2015-05-06", "--slate", "2015"],
        ["--target-election", "2015", "--no-scotland-apart"],
    ],
)
def test_northern_ireland_is_held_at_its_baseline_whatever_the_target(tmp_path, target):
    # The GB figures say nothing about Northern Ireland: its seats used to swing on them here,
    # UKIP gaining 9 points in South Antrim from the GB polls.
    out = tmp_path / "ni"
    got = votebank("import-uk", "2010", "--out", out, "--seat", "N06000003", *target)
    assert got.returncode == 0, got.stderr
    before, after = projected_shares(out / "scenario.toml")
    assert np.allclose(after.fillna(-1), before.fillna(-1))


def test_polls_that_give_no_ukip_or_green_figure_leave_them_to_the_others(tmp_path):
    # Most 2010-2012 polls give none: their mean was NaN, and the import failed naming a
    # temporary file. Now those parties are not swung and the others' share is the rest.
    out = tmp_path / "early"
    got = votebank(
        "import-uk", "2010", "--out", out, "--seat", "E14000530", "--polls", "2010-05-12:2010-06-01"
    )  # fmt: skip
    assert got.returncode == 0, got.stderr
    swing = load_scenario(out / "scenario.toml").spec.mechanisms.swing
    assert set(swing.target) == {"Con", "Lab", "LD", "OTH"}
    assert set(swing.baseline) == set(swing.target)
    assert sum(swing.target.values()) == pytest.approx(1.0, abs=1e-5)


def test_a_polls_window_whose_start_is_after_its_end_says_so(tmp_path):
    # It said no poll had fieldwork starting in the range, as if the polls file lacked them.
    out = tmp_path / "out"
    got = votebank("import-uk", "2015", "--polls", "2015-02-01:2015-01-01", "--out", out)
    refused(got, "--polls", "the start 2015-02-01 is after the end 2015-01-01")
    assert "no poll" not in got.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["", "--out"], "election_date: an empty date: give one (got '')"),
        (["2010", "--polls", "", "--out"], "--polls: an empty date"),
        (["2010", "--slate", "", "--out"], "--slate: an empty date"),
        (["2010", "--target-election", "", "--out"], "--target-election: an empty date"),
    ],
)
def test_an_empty_date_is_refused_not_taken_as_not_given(tmp_path, args, said):
    # A script's "$UNSET": --polls "" wrote a scenario with no target (no swing) and --slate ""
    # the election's own slate, in silence; an empty DATE was told as the totals file's fault.
    out = tmp_path / "out"
    got = votebank("import-uk", *args, out)
    refused(got, said)
    assert not out.exists()


def test_a_folder_where_a_scenario_file_goes_is_refused_before_any_is_written(tmp_path):
    # The files went into --out until the copy met the folder (scenario.toml into it), and the
    # error then named the tables as missing: two files written, the scenario unusable.
    out = tmp_path / "out"
    (out / "scenario.toml").mkdir(parents=True)
    got = votebank("import-uk", "2017-02-23", "--seat", "E14000647", "--out", out)
    refused(got, "--out (scenario.toml): is a folder")
    assert [p.name for p in out.iterdir()] == ["scenario.toml"]
    assert not any((out / "scenario.toml").iterdir())


def test_real_votes_of_parties_not_on_the_slate_are_said_to_be_left_out(tmp_path):
    # Copeland 2017 on the 2015 slate: the by-election's independent (811) and others (116)
    # were in no candidate's actual_votes, 30,141 of 31,068 counted, without a word.
    out = tmp_path / "out"
    got = votebank(
        "import-uk", "2017-02-23", "--seat", "E14000647", "--slate", "2015", "--out", out
    )
    assert got.returncode == 0, got.stderr
    said = " ".join(got.stderr.split())
    assert "left out of actual_votes: Ind 811 in E14000647, OTH 116 in E14000647" in said
    alone = votebank("import-uk", "2017-02-23", "--seat", "E14000647", "--out", tmp_path / "own")
    assert "left out of actual_votes" not in " ".join(alone.stderr.split())


def test_the_confirmation_counts_one_seat_in_the_singular(tmp_path):
    # A by-election's scenario read "1 constituencies, 7 candidates".
    got = votebank("import-uk", "2017-02-23", "--seat", "E14000647", "--out", tmp_path / "cop")
    assert got.returncode == 0, got.stderr
    said = " ".join(got.stdout.split())
    assert ": 1 constituency, 7 candidates, 60,602 registered" in said, said


@pytest.mark.parametrize("name", ["campaign [draft]", "c[/]x"])
def test_a_folder_named_with_brackets_is_named_as_written(tmp_path, name):
    # Rich read the brackets as markup: "campaign [draft]" printed "campaign /scenario.toml",
    # and "[/]" ended in a traceback (exit 1) after the folder was written.
    out = tmp_path / name
    got = votebank("import-uk", "2017-02-23", "--seat", "E14000647", "--out", out)
    assert got.returncode == 0, got.stderr
    assert f"wrote {out / 'scenario.toml'}: 1 constituency" in got.stdout


def test_a_folder_longer_than_the_terminal_is_named_whole(tmp_path):
    # Rich folded a path wider than the terminal with a newline: copied, it named no folder.
    out = tmp_path / ("campaign-" * 6) / ("folder-" * 6) / "uk"
    env = {**os.environ, "COLUMNS": "80"}
    args = ["import-uk", "2017-02-23", "--seat", "E14000647", "--out", str(out)]
    got = subprocess.run(
        [sys.executable, "-m", "votebank", *args], capture_output=True, text=True, env=env
    )
    assert got.returncode == 0, got.stderr
    assert str(out / "scenario.toml") in got.stdout.splitlines()[0]


def test_a_folder_that_holds_a_scenario_is_refused_unless_forced(tmp_path):
    # A second import into the same --out replaced the organiser's edited scenario.toml and
    # tables without a word; votebank synth refuses that unless --force is given.
    out = tmp_path / "campaign"
    args = ("import-uk", "2017-02-23", "--seat", "E14000647", "--out", out)
    assert votebank(*args).returncode == 0
    edited = (out / "scenario.toml").read_text() + "# the organiser's edit\n"
    (out / "scenario.toml").write_text(edited)
    (out / "notes.txt").write_text("mine")
    got = votebank(*args)
    refused(got, "--out: already holds a scenario", "give --force to replace it", f"(got {out})")
    assert (out / "scenario.toml").read_text() == edited
    forced = votebank(*args, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "the organiser's edit" not in (out / "scenario.toml").read_text()
    assert (out / "notes.txt").read_text() == "mine"  # other files are left alone


def test_day_first_dates_that_could_be_either_order_are_said_to_be_read_month_first(tmp_path):
    # 07/06/2001 (7 June, day first) became 2001-07-06 without a word: the scenario, its
    # governing party and its polls window were then a month out. votebank backtest says so.
    c, k, t = frames()
    for f in (c, k, t):
        f["election_date"] = f["election_date"].map({BASE: "07/06/2001", TARGET: "05/05/2005"})
    src = write(tmp_path / "data", c, k, t)
    got = votebank("import-uk", "2001", "--results", src, "--out", tmp_path / "out")
    assert got.returncode == 0, got.stderr
    said = " ".join(got.stderr.split())
    assert f"{src}, column election_date: slashed dates read month first" in said, said
    assert "(07/06/2001 is 2001-07-06)" in said
    assert "give its dates as YYYY-MM-DD" in said
    iso = votebank(
        "import-uk", "2001", "--results", write(tmp_path / "iso"), "--out", tmp_path / "o"
    )
    assert "month first" not in iso.stdout + iso.stderr


def test_a_day_first_date_the_file_was_not_read_to_hold_says_why(tmp_path):
    # 2001-06-07 typed from a day-first file (07/06/2001) was "no election on this date".
    c, k, t = frames()
    for f in (c, k, t):
        f["election_date"] = f["election_date"].map({BASE: "07/06/2001", TARGET: "05/05/2005"})
    src = write(tmp_path / "data", c, k, t)
    got = votebank("import-uk", BASE, "--results", src, "--out", tmp_path / "out")
    refused(got, "no election on this date", "slashed dates read month first (07/06/2001 is")
    assert not (tmp_path / "out").exists()


def test_an_election_only_the_candidates_file_holds_says_the_contests_file_lacks_it(tmp_path):
    # The shipped party-level 1997-2005 file given as --results was refused as a date the
    # (shipped) contests file does not hold, as if the user had mistyped the year.
    c, k, t = frames()
    src = write(tmp_path / "data", c, k[k["election_date"] != TARGET], t)
    got = votebank("import-uk", TARGET[:4], "--results", src, "--out", tmp_path / "out")
    refused(
        got,
        "no election on this date",
        f"the candidates file {src} holds {TARGET}",
        "give a contests file that holds it (--contests)",
    )
    assert not (tmp_path / "out").exists()
    other = votebank("import-uk", "1999", "--results", src, "--out", tmp_path / "out")
    refused(other, "no election on this date")
    assert "the candidates file" not in other.stdout + other.stderr


def test_a_write_that_fails_part_way_leaves_the_scenario_there_whole(tmp_path, disk_full_at):
    # --force copied the new files over the old one by one: a copy that failed part way left
    # the organiser's folder holding a new scenario.toml beside the old tables.
    import shutil
    from importlib import resources

    from votebank.errors import VotebankError
    from votebank.uk import import_cli

    tiny = resources.files("votebank") / "scenarios" / "tiny"
    out = tmp_path / "campaign"
    shutil.copytree(tiny, out)
    (out / "scenario.toml").write_text((out / "scenario.toml").read_text() + "# edited\n")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def build(folder):
        shutil.copytree(tiny, folder)
        return folder / "scenario.toml"

    disk_full_at("scenario.toml")
    with pytest.raises(VotebankError, match="No space left"):
        import_cli.write_folder(out, build)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_by_election_given_as_a_projections_target_is_named_so(tmp_path):
    # The files held it as a by-election, yet the message said the contests file lacked it
    # and asked for a contests file that held it.
    c, k, _ = frames()
    day = "2006-03-02"

    def by(f):
        extra = f[(f.election_date == TARGET) & (f.constituency_id == "E1")]
        return extra.assign(election_date=day, election_type="by-election")

    c, k = (pd.concat([f, by(f)], ignore_index=True) for f in (c, k))
    src = write(tmp_path / "data", cands=c, contests=k)
    for args in (
        ["uk-projection", "--base", TARGET, "--target", day, "--runs", "2"],
        ["import-uk", TARGET, "--target-election", day, "--out", tmp_path / "out"],
    ):
        got = votebank(*args, "--results", src)
        message = " ".join(got.stderr.split())
        assert got.returncode == 2, got.stderr
        assert f"{day} is a by-election in the contests file" in message
        assert f"import-uk {day} alone builds" in message
        assert "give a contests file" not in message
    assert not (tmp_path / "out").exists()


def test_a_projection_by_polls_onto_a_later_slate_is_scored_on_the_slates_election(tmp_path):
    # `import-uk BASE --polls ... --slate TARGET` set the runs beside the base election's
    # seats (the documented 2010 -> 2015 polls example showed 2010's Con 306 as "Actual"),
    # and was refused outright when a party that won at the base stood nowhere on the slate.
    from tests.uk.test_poll_columns import VOTES_BRX, WINDOW, polls, write_files

    src = write_files(tmp_path / "data", polls())
    out = tmp_path / "out"
    got = votebank(
        "import-uk", BASE, "--polls", WINDOW, "--slate", TARGET, "--results", src, "--out", out
    )
    assert got.returncode == 0, got.stderr
    meta = tomllib.loads((out / "scenario.toml").read_text())["scenario"]
    winners = [max(p, key=p.get) for p in VOTES_BRX[TARGET].values()]
    assert meta["actual_seats"] == {p: winners.count(p) for p in set(winners)}
    assert meta["actual_source"].endswith(TARGET)
    cands = pd.read_csv(out / "candidates.csv")
    e2 = cands[cands.constituency == "E2"].set_index("party")["actual_votes"]
    assert e2["BRX"] == VOTES_BRX[TARGET]["E2"]["BRX"]


def test_a_year_whose_contests_are_by_elections_alone_is_named_so(tmp_path):
    # `--target-election 2017` (the shipped files hold only the Copeland and Stoke by-elections
    # that year) said the contests file lacked 2017-02-23 and asked for one that held it.
    got = votebank(
        "import-uk",
        "2010",
        "--target-election",
        "2017",
        "--out",
        tmp_path / "out",
        "--seat",
        "E14000611",
    )
    message = " ".join(got.stderr.split())
    assert got.returncode == 2, got.stderr
    assert "2017-02-23 is a by-election in the contests file" in message
    assert "import-uk 2017-02-23 alone builds" in message
    assert "give a contests file" not in message
    assert not (tmp_path / "out").exists()


def test_the_polls_option_says_how_its_dates_are_written():
    # "--polls  Target = mean of the polls with fieldwork starting START:END.": the form of
    # START and END (01/04/2015 is refused) was said only once it was refused.
    from typer.testing import CliRunner

    from votebank.cli import app

    result = CliRunner().invoke(app, ["import-uk", "--help"], env={"COLUMNS": "300"})
    said = " ".join(result.output.split())
    assert "fieldwork starting START:END (YYYY-MM-DD:YYYY-MM-DD)" in said


def test_the_swing_model_is_read_in_any_case(tmp_path):
    # --swing-model Uniform was refused as 'must be uniform, proportional or hybrid'.
    out = tmp_path / "cop"
    got = votebank(
        "import-uk",
        "2017-02-23",
        "--seat",
        "E14000647",
        "--swing-model",
        " Proportional",
        "--out",
        out,
    )
    assert got.returncode == 0, got.stderr
    toml = tomllib.loads((out / "scenario.toml").read_text(encoding="utf-8"))
    assert toml["mechanisms"]["swing"]["model"] == "proportional"
