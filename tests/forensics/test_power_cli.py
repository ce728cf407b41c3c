"""forensics-power and forensics-run: what they refuse before any simulation or analysis."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from votebank.errors import InputError, Problem
from votebank.forensics.power_cli import forensics_power_command, forensics_run_command
from votebank.forensics.power_compilation import DEFAULT_COMPILATION_LEVELS
from votebank.forensics.power_levels import DEFAULT_LEVELS


def app_of(command) -> typer.Typer:
    app = typer.Typer()
    app.command("cmd")(command)
    app.command("other")(lambda: None)  # two commands: typer then expects the name
    return app


def test_an_output_name_too_long_is_refused_before_the_work(tmp_path):
    long = str(tmp_path / ("a" * 300))
    power = CliRunner().invoke(app_of(forensics_power_command), ["cmd", "tiny", "--out", long])
    run = CliRunner().invoke(
        app_of(forensics_run_command), ["cmd", "--out", str(tmp_path), "--to", long]
    )
    for result, option in ((power, "--out"), (run, "--to")):
        assert result.exit_code == 2, result.output
        assert f"{option}: a name in it is too long: 300 bytes" in " ".join(result.output.split())
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert list(tmp_path.iterdir()) == []


def test_a_power_output_file_that_is_a_folder_is_refused(tmp_path):
    (tmp_path / "roc.png").mkdir()
    result = CliRunner().invoke(
        app_of(forensics_power_command), ["cmd", "tiny", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2, result.output
    assert "roc.png" in result.output


def test_option_bounds_are_refused_naming_the_option(tmp_path):
    # They were refused after the simulation (or the store), naming bootstrap or run_index.
    cases = [
        (forensics_power_command, ["tiny", "--bootstrap", "200000"], "--bootstrap"),
        (forensics_power_command, ["tiny", "--alpha", "0.6"], "--alpha"),
        (forensics_power_command, ["tiny", "--seats", str(10**30)], "--seats"),  # tiny has 3
        (forensics_run_command, ["--run", "2000000"], "--run"),
        (forensics_run_command, ["--bootstrap", "200000"], "--bootstrap"),
    ]
    for command, args, option in cases:
        got = CliRunner().invoke(app_of(command), ["cmd", *args, "--out", str(tmp_path / "o")])
        assert got.exit_code == 2, got.output
        assert option in got.output
    assert list(tmp_path.iterdir()) == []


def test_a_folder_name_with_brackets_is_printed_not_read_as_markup(tmp_path):
    # "[/m]" in --out crashed rich with MarkupError after power.json was written.
    out = tmp_path / "power [/m]"
    result = CliRunner().invoke(
        app_of(forensics_power_command),
        ["cmd", "tiny", "--levels", "none", "--runs", "2", "--bootstrap", "0", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "power [/m]" in "".join(result.output.split("\n"))


def test_a_compilation_study_leaves_no_earlier_roc_figure_beside_its_power_json(tmp_path):
    # The compilation study draws no ROC; a stuffing study's roc.png and roc.svg left in the
    # same folder read as this study's figures.
    for name in ("roc.png", "roc.svg"):
        (tmp_path / name).write_text("an earlier stuffing study's")
    argv = ["cmd", "tiny", "--fraud", "compilation", "--levels", "none,max", "--runs", "2"]
    argv += ["--bootstrap", "0", "--out", str(tmp_path)]
    result = CliRunner().invoke(app_of(forensics_power_command), argv)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["power.json"]


def test_a_compilation_study_uses_the_militia_share_given_and_refuses_an_extreme_share(
    tmp_path,
):
    # Both were dropped without a word: the study ran the scenario's militias whatever
    # --militia-prob said, and --extreme-share has no stuffing to shape there.
    argv = ["cmd", "tiny", "--fraud", "compilation", "--levels", "none,max", "--runs", "2"]
    argv += ["--bootstrap", "0", "--out", str(tmp_path / "a"), "--militia-prob", "0.5"]
    result = CliRunner().invoke(app_of(forensics_power_command), argv)
    assert result.exit_code == 0, result.output
    settings = json.loads((tmp_path / "a" / "power.json").read_text())["settings"]
    assert settings["overrides"] == {"mechanisms.landlords.militia_prob": 0.5}
    argv = ["cmd", "tiny", "--fraud", "compilation", "--extreme-share", "0.5"]
    argv += ["--out", str(tmp_path / "b")]
    result = CliRunner().invoke(app_of(forensics_power_command), argv)
    assert result.exit_code == 2, result.output
    assert "--extreme-share" in result.output
    assert not (tmp_path / "b").exists()


def test_the_compilation_table_is_printed_once_the_progress_bar_is_gone(tmp_path, monkeypatch):
    # It was printed while the bar was live: in a terminal the bar, redrawn, erased the
    # table's first line.
    from votebank.forensics import power_cli

    live, seen = [], []

    class Bar(power_cli.Progress):
        def __enter__(self):
            live.append(True)
            return super().__enter__()

        def __exit__(self, *exc):
            live.pop()
            return super().__exit__(*exc)

    def report(console, result, out, kept):
        seen.append(bool(live))

    monkeypatch.setattr(power_cli, "Progress", Bar)
    monkeypatch.setattr(power_cli, "_report_compilation", report)
    args = ["cmd", "tiny", "--fraud", "compilation", "--levels", "0.5", "--runs", "2"]
    args += ["--bootstrap", "0", "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(app_of(forensics_power_command), args)
    assert result.exit_code == 0, result.output
    assert seen == [False]


def _levels_run(monkeypatch, tmp_path, *args: str) -> dict[str, object]:
    """The levels each kind of study was given by the command (the study itself not run)."""
    from votebank.forensics import power_cli

    given = {}

    def study(kind):
        def run(scenario, *, levels, **_):
            given[kind] = levels
            raise InputError([Problem("--levels", "", str(levels), "stopped by the test")])

        return run

    monkeypatch.setattr(power_cli, "compilation_power", study("compilation"))
    monkeypatch.setattr(power_cli, "forensics_power", study("stuffing"))
    argv = ["cmd", "tiny", *args, "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(app_of(forensics_power_command), argv)
    assert "stopped by the test" in result.output, result.output
    return given


def test_a_compilation_study_uses_the_levels_typed_even_the_stuffing_default(monkeypatch, tmp_path):
    # Typed out in full, the stuffing default list was taken for "no --levels given" and the
    # compilation defaults ran instead, without a word.
    typed = "none,0.01,0.02,0.05,0.1,max"
    given = _levels_run(monkeypatch, tmp_path, "--fraud", "compilation", "--levels", typed)
    assert given == {"compilation": typed}
    given = _levels_run(monkeypatch, tmp_path, "--fraud", "compilation")
    assert given == {"compilation": DEFAULT_COMPILATION_LEVELS}
    assert _levels_run(monkeypatch, tmp_path) == {"stuffing": DEFAULT_LEVELS}


def test_a_station_results_table_is_sent_to_votebank_forensics(tmp_path):
    # It was read as the scenario's TOML and refused as "not valid TOML", with no word of what
    # the file is or which command reads it.
    table = tmp_path / "results.csv"
    table.write_text("station,region,registered,ballots,valid,A,B\n1,R1,475,298,297,150,147\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app_of(forensics_power_command), ["cmd", str(table), "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert str(table) in text
    assert "looks like a table of polling-station results" in text
    assert "votebank forensics" in text
    assert "TOML" not in text.replace("TOML file", "")
    assert not out.exists()


def test_no_progress_bar_is_drawn_before_a_study_argument_is_refused(tmp_path):
    # "tiny: elections 0/? 0:00:00" came before the leader's error, as if the study had begun.
    result = CliRunner().invoke(
        app_of(forensics_power_command),
        ["cmd", "tiny", "--runs", "2", "--leader", "XYZ", "--out", str(tmp_path / "o")],
    )
    assert result.exit_code == 2, result.output
    assert "--leader: choose 'national', 'station' or a party of tiny" in result.output
    assert "elections" not in result.output


def test_too_many_seats_of_a_one_seat_scenario_is_said_in_the_singular(tmp_path):
    # "copeland-2017 has 1 constituencies".
    got = CliRunner().invoke(
        app_of(forensics_power_command),
        ["cmd", "copeland-2017", "--seats", "2", "--out", str(tmp_path / "o")],
    )
    assert got.exit_code == 2, got.output
    assert "copeland-2017 has 1 constituency " in " ".join(got.output.split())


def test_a_klimek_interval_is_not_said_to_miss_a_share_between_its_grid_values():
    # forensics-run of the default ensemble printed "The Klimek f_e interval (0.5% to 0.5%,
    # best fit 0.5%) does not hold the simulated 0.5%": 0.46% of stations stuffed to the
    # extreme, and the fit takes f_e in steps of 0.5 points, so 0.5% was as near as it gets.
    from types import SimpleNamespace

    import numpy as np

    from votebank.forensics.power_cli import missed
    from votebank.forensics.stored import StationTruth

    n = 10_000
    stuffing = np.array(["extreme"] * 46 + ["incremental"] * 300 + ["none"] * (n - 346))
    truth = StationTruth(stuffing, np.zeros(n, bool), np.zeros(n))
    klimek = SimpleNamespace(f_i=0.04, f_i_interval=(0.02, 0.04), f_e=0.005)
    held = SimpleNamespace(klimek=SimpleNamespace(**vars(klimek), f_e_interval=(0.005, 0.005)))
    assert missed(held, truth) == ""
    far = SimpleNamespace(klimek=SimpleNamespace(**vars(klimek), f_e_interval=(0.02, 0.03)))
    assert missed(far, truth).startswith("The Klimek f_e interval (2.0% to 3.0%")
