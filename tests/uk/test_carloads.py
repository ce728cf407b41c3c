"""The carloads tables at 80 columns: whole numbers, columns dropped and named, never cut."""

import numpy as np
import pandas as pd
import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from votebank.cli import app
from votebank.uk import carloads

PARTIES = ("Con", "Lab", "LD", "UKIP", "Green", "SNP", "Alliance")


def national_runs(runs: int = 4) -> pd.DataFrame:
    """A frame as carload_runs returns it, of a general election: votes in the millions."""
    rng = np.random.default_rng(7)
    rows = [
        (cars, run, party, int(rng.integers(10_000_000, 12_000_000)), int(rng.integers(0, 300)))
        for cars in carloads.CARS
        for run in range(runs)
        for party in PARTIES
    ]
    frame = pd.DataFrame(rows, columns=["cars", "run", "party", "votes", "seats"])
    frame.attrs["seed"] = 1
    return frame


@pytest.fixture
def printed(monkeypatch):
    """`votebank copeland-carloads` at 80 columns (a pipe) on the national frame."""
    frame = national_runs()
    real = {p: 11_000_000 + 150_001 * i for i, p in enumerate(PARTIES)}
    monkeypatch.setattr(carloads, "carload_runs", lambda *a, **k: frame)
    monkeypatch.setattr(carloads, "declared", lambda sc: real)
    result = CliRunner().invoke(app, ["copeland-carloads", "--runs", "4"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return frame, real, result.output


def test_numbers_at_80_columns_are_whole_and_a_dropped_column_is_named(printed):
    # `copeland-carloads uk-2015-from-2010` piped printed "11,110,…" for 11,110,002.
    frame, real, text = printed
    assert "…" not in text, text
    assert max(cell_len(line) for line in text.splitlines()) <= 80, text
    shown = frame[frame["cars"] == 85].groupby("party")["votes"].mean()
    for votes in [*shown, *real.values()]:
        assert f"{votes:,.0f}" in text, text
    assert "not shown at this width" in " ".join(text.split())


def test_every_column_is_shown_where_there_is_room():
    frame, real = national_runs(), {"Con": 11_000_000}
    table = carloads.votes_table(frame, real, 85, "wins any seat", width=200)
    assert len(table.columns) == 7
    assert table.caption is None
    table = carloads.bought_table("t", frame, "Lab", "wins any seat", width=200)
    assert [c.header for c in table.columns][-1] == "P(Lab wins any seat)"


def test_p_win_is_a_percentage_as_elsewhere():
    # It printed 0.820 where `seats`, `summary` and `plan-canvass` print 82.0%.
    frame = national_runs()
    for table in (
        carloads.votes_table(frame, {}, 85, "wins any seat", width=200),
        carloads.bought_table("t", frame, "Lab", "wins any seat", width=200),
    ):
        (column,) = [c for c in table.columns if str(c.header).startswith("P(")]
        cells = list(column.cells)
        assert cells
        assert all(c.endswith("%") for c in cells), cells


def test_the_table_says_how_many_hours_a_carload_is(tmp_path):
    # It counted carloads alone: their hours were in the scenario's TOML file, never printed.
    import shutil

    from votebank.scenario.catalogue import builtin_dir

    args = ["copeland-carloads", "--runs", "2", "--cars", "0", "--cars", "1"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "A carload: 3.5 activists x 5 h = 17.5 volunteer-hours; declared: Con 13,748" in said
    folder = tmp_path / "copeland"
    shutil.copytree(builtin_dir() / "copeland-2017", folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("cars = 85\n", "cars = 85\noccupants_per_car = 2\n", 1))
    result = CliRunner().invoke(app, [*args[:1], str(folder), *args[1:]], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "A carload: 2 activists x 5 h = 10 volunteer-hours" in result.output
    tiny = [*args[:1], "tiny", *args[1:], "--party", "RED"]
    result = CliRunner().invoke(app, tiny, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "17.5 volunteer-hours, spread evenly over 3 seats" in result.output


def test_a_declared_party_that_polls_nothing_is_explained():
    # Copeland's independent (811 declared) read 0 / 0 / 0 / "no" with no word of why.
    from votebank.scenario.load import load_scenario

    sc = load_scenario("copeland-2017")
    real = carloads.declared(sc)
    frame = pd.DataFrame(
        {
            "cars": [85] * 3,
            "party": ["Lab", "Ind", "OTH"],
            "votes": [11_000, 0, 0],
            "seats": [1, 0, 0],
        }
    )
    note = carloads.silent_note(sc, frame, real)
    assert note.startswith("Ind, OTH: no vote in any run, though declared")
    assert "appeal in the scenario is -15 " in note
    frame.loc[frame["party"] == "Ind", "votes"] = 3
    assert carloads.silent_note(sc, frame, real).startswith("OTH:")
    assert carloads.silent_note(sc, frame[frame["party"] == "Lab"], real) is None


def test_a_party_not_standing_is_named_in_words_with_the_one_meant():
    # "--party: stands in no seat of copeland-2017: ['Con', 'Green', ...] (got lab)": a
    # Python list's quotes, and no word that Lab was meant.
    from votebank.scenario.load import load_scenario

    sc = load_scenario("copeland-2017")
    [problem] = carloads.carload_problems(sc, [85], "lab")
    assert problem.message == "stands in no seat of copeland-2017; did you mean Lab?"
    [problem] = carloads.carload_problems(sc, [85], "SNP")
    assert problem.message.endswith("the choices: Con, Green, Ind, LD, Lab or UKIP")
    [problem] = carloads.carload_problems(sc, [85], "OTH")
    assert problem.message.endswith("parties: Con, Green, Ind, LD, Lab or UKIP")


def test_the_help_says_what_a_carload_is_in_hours():
    # "--cars  Carloads to compare; repeat.": how many volunteer-hours a carload is was
    # printed only after the runs, in the table's caption.
    result = CliRunner().invoke(app, ["copeland-carloads", "--help"], env={"COLUMNS": "200"})
    said = " ".join(result.output.split())
    assert "volunteer-hours, 3.5 x 5 = 17.5 on copeland-2017" in said
