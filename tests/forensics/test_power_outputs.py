"""The power study's printed tables."""

from __future__ import annotations

import pandas as pd
import typer
from rich.console import Console
from tests.forensics.test_power_rates import two_level_study
from typer.testing import CliRunner

from votebank.forensics.power_cli import forensics_power_command
from votebank.forensics.power_outputs import power_tables, rate_text
from votebank.forensics.power_rates import ANY, TESTS
from votebank.forensics.power_result import read_power
from votebank.forensics.shape import wilson_interval


def app_of(command) -> typer.Typer:
    app = typer.Typer()
    app.command("cmd")(command)
    app.command("other")(lambda: None)  # two commands: typer then expects the name
    return app


def rows_of(table) -> dict[str, str]:
    console = Console(width=200, record=True)
    console.print(table)
    lines = console.export_text().splitlines()
    return {line.split("│")[1].strip(): line for line in lines if line.count("│") > 3}


def test_a_test_that_ran_in_no_run_is_not_shown_as_never_detecting(tmp_path):
    # With --bootstrap 0 the Klimek fit has no interval, so it never scores: its rows read
    # "0%" at every level and AUC 0.50, as if it had been run and seen nothing.
    argv = ["cmd", "tiny", "--levels", "none,0.1", "--runs", "2", "--bootstrap", "0"]
    result = CliRunner().invoke(app_of(forensics_power_command), [*argv, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rates, _ = power_tables(read_power(tmp_path / "power.json"))
    rows = rows_of(rates)
    for label in ("Klimek f_e", "Klimek f_i"):
        assert "%" not in rows[label], rows[label]
        assert "0.50" not in rows[label], rows[label]
        assert "not run" in rows[label]
    assert "%" in rows["Pile-up at 100%"].split("│")[3]  # a test that ran keeps its rates
    assert "not run" in rates.caption


def test_the_caption_says_each_test_is_raw_and_any_counted_is_holm(tmp_path):
    # Klimek f_i at 67% beside "Any counted test 0%" read as a contradiction: the caption did
    # not say that each test's rate is its own raw flag and the last row the Holm verdict.
    argv = ["cmd", "tiny", "--levels", "none,0.05", "--runs", "2", "--bootstrap", "10"]
    result = CliRunner().invoke(app_of(forensics_power_command), [*argv, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rates, _ = power_tables(read_power(tmp_path / "power.json"))
    assert "own raw flag" in rates.caption
    assert "'Any counted test'" in rates.caption
    assert "Holm" in rates.caption


def test_one_refit_is_said_in_the_singular(tmp_path):
    # The caption read "With 1 refits that is 0.5".
    argv = ["cmd", "tiny", "--levels", "none,0.05", "--runs", "2", "--bootstrap", "1"]
    result = CliRunner().invoke(app_of(forensics_power_command), [*argv, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rates, _ = power_tables(read_power(tmp_path / "power.json"))
    assert "With 1 refit that is 0.5" in rates.caption


def test_the_tables_are_read_whole_at_80_columns(tmp_path):
    # At 80 columns Rich cut the default six levels' heads ("(14.2…"), the tests' names
    # ("Integ… perce…") and the recovery table's "Covera…" with an ellipsis.
    argv = ["cmd", "tiny", "--runs", "2", "--bootstrap", "0", "--out", str(tmp_path)]
    result = CliRunner().invoke(app_of(forensics_power_command), argv)
    assert result.exit_code == 0, result.output
    study = read_power(tmp_path / "power.json")
    for table in power_tables(study, width=80):
        console = Console(width=80, record=True)
        console.print(table)
        text = console.export_text()
        assert "…" not in text
        assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
    rates, _ = power_tables(study, width=80)
    console = Console(width=80, record=True)
    console.print(rates)
    text = console.export_text()
    assert "percentages" in text
    assert "(not counted)" in " ".join(text.split())  # the "Counted" column, said in the name
    heads = [str(c.header) for c in rates.columns]
    assert any("(" in h and h.endswith("%)") for h in heads)


def test_each_rate_is_printed_over_its_wilson_interval():
    # With 20 runs a bare "0%" read as no false alarms where the data allow up to 16%; the
    # intervals were in power.json only. By hand (z = 1.96): 9 of 10 is 59.6–98.2%, 0 of 20
    # is 0–16.1%, 1 of 100 is 0.18–5.45%; rounded outwards.
    def row(k: int, n: int) -> pd.Series:
        lo, hi = wilson_interval(k, n)
        return pd.Series({"runs": n, "analysed": n, "rate": k / n, "rate_lo": lo, "rate_hi": hi})

    assert rate_text(row(9, 10)) == "90%\n59–99%"
    assert rate_text(row(0, 20)) == "0%\n0–17%"
    assert rate_text(row(1, 100)) == "1%\n0–6%"
    assert rate_text(row(4, 4)) == "100%\n51–100%"


def test_a_test_flagging_clean_elections_above_alpha_is_named_under_the_table():
    # On na184-2008 the verdict flagged 9 of 10 clean elections (60–98%), printed as a plain
    # rate among the others, so its 70-100% at the stuffed levels read as power.
    rows = []
    for level in ("none", "max"):
        for run in range(10):
            row = {"level": level, "run": run, "stuffed": 0.0, "stuffed_leader": 0.0}
            for kind in ("incremental", "extreme"):
                row[kind] = row[f"{kind}_leader"] = 0.0
            for param in ("f_i", "f_e"):
                row |= {param: 0.0, f"{param}_lo": 0.0, f"{param}_hi": 0.1}
            for t in (*TESTS, ANY):
                flagged = t.key in ("klimek_fi", ANY.key) and run < 9  # 9 of 10
                flagged = flagged or (t.key == "pileup" and run < 1)  # 1 of 10: 1.8-40%
                row[f"score_{t.key}"] = 1.0 if flagged else 0.0
                row[f"flag_{t.key}"] = flagged
            rows.append(row)
    records = pd.DataFrame(rows)
    result = two_level_study(records, 10)
    caption = power_tables(result, width=80)[0].caption
    said = caption[caption.index("more often than alpha") :]
    assert "Klimek f_i; Any counted test." in said
    assert "Pile-up" not in said  # 1 of 10 is 1.8-40%: not wholly above 5%
