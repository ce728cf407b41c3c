"""Every command README.md and docs/*.md show runs (exit 0) on the small scenarios.

Each documented command is listed below: run as written, run adapted (a national or long
command on a small scenario, or with fewer runs, the reason given), or only parsed (its
command, options and values checked by the real parser without running it, the reason given).
A command added to the docs and missing here fails the first test, so the docs stay true.
"""

from __future__ import annotations

import re
import shlex
import shutil
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.main import get_command
from typer.testing import CliRunner

from tests.docs.commands import DOCS, commands
from votebank.cli import app

SCENARIOS = Path(str(resources.files("votebank") / "scenarios"))
NATIONAL = "a national scenario: minutes of runs on the shared machine"
RUN = "run"

# command as documented -> RUN, ("adapt", args, reason) or ("parse", reason)
HOW: dict[str, object] = {
    "votebank run": ("parse", NATIONAL),
    "votebank backtest pakistan:2002 pakistan:2008 --given regional": (
        "adapt",
        "backtest pakistan:2002 pakistan:2008 --given regional --runs 100",
        "fewer runs",
    ),
    "votebank backtest pakistan:2002 pakistan:2008 --given regional --runs 1000 --seed 16 "
    "--out DIR": ("parse", "1,000 runs; the same pair runs above with fewer"),
    "votebank backtest results.csv:2015 results.csv:2017 --given national": (
        "parse",
        "a results file of the reader's, not shipped",
    ),
    "votebank backtest uk2017/uk_results_candidates.csv:2015 "
    "uk2017/uk_results_candidates.csv:2017 --given national --runs 1000 --seed 16": (
        "parse",
        "held-out results files, not shipped",
    ),
    "votebank backtest uk2017/uk_results_candidates.csv:2015 "
    "uk2017/uk_results_candidates.csv:2017 --given regional --runs 1000 --seed 16": (
        "parse",
        "held-out results files, not shipped",
    ),
    "votebank backtest pk2013.csv:2008 pk2013.csv:2013 --given national --runs 1000 --seed 16": (
        "parse",
        "held-out results files, not shipped",
    ),
    "votebank backtest pk2013.csv:2008 pk2013.csv:2013 --given regional --runs 1000 --seed 16": (
        "parse",
        "held-out results files, not shipped",
    ),
    "votebank backtest canada.csv:2019 canada.csv:2021 --given national --runs 1000 --seed 16": (
        "parse",
        "held-out results files, not shipped",
    ),
    "votebank backtest canada.csv:2019 canada.csv:2021 --given regional --runs 1000 --seed 16": (
        "parse",
        "held-out results files, not shipped",
    ),
    "votebank backtest canada.csv:2019 canada.csv:2021 --given none --runs 1000 --seed 16": (
        "parse",
        "held-out results files, not shipped",
    ),
    "votebank backtest canada.csv:2015 canada.csv:2019 --given national --runs 1000 --seed 16": (
        "parse",
        "held-out results files, not shipped",
    ),
    "votebank backtest canada.csv:2015 canada.csv:2019 --given regional --runs 1000 --seed 16": (
        "parse",
        "held-out results files, not shipped",
    ),
    "votebank run pakistan-2008 --scheduler tls://SCHEDULER_HOST:8786 --tls-ca-file ca.pem "
    "--tls-cert client.pem --tls-key client.key": ("parse", "needs a Dask cluster with TLS"),
    "votebank forensics results.csv --registered 'Число избирателей' --ballots 'Бюллетени' "
    "--valid 'Действительные' --others 'Единая Россия,КПРФ,ЛДПР' --region 'Регион' "
    "--out out/forensics": RUN,
    "votebank validate-against pakistan-2008 pakistan:2008 --runs 50": ("parse", NATIONAL),
    "votebank validate-against pakistan-2008 pakistan:2008 --runs 20 --parameter-uncertainty": (
        "parse",
        NATIONAL,
    ),
    "votebank match pakistan-2008 --against pakistan:2008 --runs 12 --iterations 10 --seed 17": (
        "parse",
        NATIONAL,
    ),
    "votebank match pakistan-2008 --against pakistan:2008": ("parse", NATIONAL),
    "votebank match pakistan-2008 --against pakistan:2008 --turnout --runs 8 --iterations 6 "
    "--seed 17": ("parse", NATIONAL),
    "votebank match pakistan-2008 --against pakistan:2008 --runs 24 --iterations 4 --seed 18": (
        "parse",
        NATIONAL,
    ),
    "votebank run pakistan-2008 --runs 20 --parameter-uncertainty": ("parse", NATIONAL),
    "votebank compare pakistan-2008 pakistan-2008 --runs 20 "
    "--set mechanisms.biradari.enabled=false": ("parse", NATIONAL),
    "votebank compare pakistan-2008 pakistan-2008 --runs 20 "
    "--set mechanisms.landlords.enabled=false": ("parse", NATIONAL),
    "votebank compare pakistan-2008 pakistan-2008 --runs 20 "
    "--set mechanisms.stuffing.enabled=false": ("parse", NATIONAL),
    "votebank compare copeland-2017 copeland-2017 --runs 400 --set "
    "mechanisms.postal.enabled=true": (
        "adapt",
        "compare copeland-2017 copeland-2017 --runs 3 --set mechanisms.postal.enabled=true",
        "fewer runs",
    ),
    "votebank compare copeland-2017 copeland-2017 --runs 400 --set "
    "mechanisms.incumbency.enabled=true": (
        "adapt",
        "compare copeland-2017 copeland-2017 --runs 3 --set mechanisms.incumbency.enabled=true",
        "fewer runs",
    ),
    "votebank compare copeland-2017 copeland-2017 --runs 400 --set "
    "mechanisms.flows.enabled=true --set 'mechanisms.flows.second={UKIP={Con=0.6}}'": (
        "adapt",
        "compare copeland-2017 copeland-2017 --runs 3 --set "
        "mechanisms.flows.enabled=true --set 'mechanisms.flows.second={UKIP={Con=0.6}}'",
        "fewer runs",
    ),
    "votebank --version": RUN,
    "votebank scenarios": RUN,
    "votebank run tiny --runs 200": RUN,
    "votebank run pakistan-2008 --runs 50 --workers 2": ("parse", NATIONAL),
    "votebank run my-scenario/ --resume": RUN,
    "votebank steps pakistan-2008 --values": RUN,
    "votebank explain NA-184": ("adapt", "explain NA-184 --runs 6", "fewer runs"),
    "votebank seats uk-2015-from-2010 --shares Con=37,Lab=30,LD=8,UKIP=13": (
        "adapt",
        "seats uk-2015-from-2010 --shares Con=37,Lab=30,LD=8,UKIP=13 --runs 3",
        "fewer runs",
    ),
    "votebank validate my-scenario/scenario.toml": RUN,
    "votebank summary": RUN,
    "votebank summary --json": RUN,
    "votebank report": RUN,
    "votebank explain --all --runs 20": RUN,  # on the tiny store the report section fills
    "votebank compare a/ b/ --runs 200": ("adapt", "compare a/ b/ --runs 20", "fewer runs"),
    "votebank sweep tiny --vary 'mechanisms.biradari.cohesion=[0.5, 0.7, 0.9]' --runs 100": (
        "adapt",
        "sweep tiny --vary 'mechanisms.biradari.cohesion=[0.5, 0.7, 0.9]' --runs 10",
        "fewer runs",
    ),
    "votebank export --format parquet --to tables/": RUN,
    "votebank forensics stations.csv --registered voters --ballots cast --leader 'party A'": RUN,
    "votebank forensics tests/data/forensics/moscow-oblast-2024-part1.csv --registered 2 "
    "--ballots '4 + 5 + 6' --valid 11 --leader 16 --others 14,18,20 --region 0 --id 1": (
        "parse",
        "the shipped real file, run end to end by tests/forensics/test_real_files.py",
    ),
    "votebank forensics-power pakistan-2008": ("parse", NATIONAL),
    "votebank forensics-power pakistan-2008 --resume": ("parse", NATIONAL),
    "votebank calibrate na184-2008 --against pakistan:2008 -p "
    "mechanisms.landlords.pir_follower_share --trials 10": RUN,
    "votebank validate-against pakistan-2008-from-2002 pakistan:2008": ("parse", NATIONAL),
    "votebank run copeland-2017 --runs 500": (
        "adapt",
        "run copeland-2017 --runs 10",
        "500 runs of four variants take a minute",
    ),
    "votebank plan-canvass uk-2015-from-2010 --party Lab --budget 20000": (
        "parse",
        NATIONAL,
    ),
    "votebank plans": RUN,
    "votebank organisations momentum-2017": ("parse", NATIONAL),
    "votebank run pakistan-2008 --runs 1000 --scheduler tcp://SCHEDULER_HOST:8786": (
        "parse",
        "needs a Dask cluster",
    ),
    "votebank forensics-power pakistan-2008 --runs 20 --bootstrap 50 --seed 0": ("parse", NATIONAL),
    "votebank forensics-power pakistan-2008 --runs 10 --bootstrap 20 --seed 0": ("parse", NATIONAL),
    "votebank forensics-power pakistan-2008 --seats 40 --runs 10 --bootstrap 20": (
        "parse",
        NATIONAL,
    ),
    "votebank forensics-power pakistan-2008 --fraud compilation --seats 60 --runs 20 "
    "--bootstrap 20": ("parse", NATIONAL),
    "votebank run tiny --runs 3": RUN,
    "votebank forensics-run --run 0": RUN,
    "votebank organisations momentum-2017 --runs 100": ("parse", NATIONAL),
    "votebank organisations momentum-2017 --runs 0 --as-of 2017-06-08": ("parse", NATIONAL),
    "votebank run pakistan-2008 --runs 50": (
        "adapt",
        "run tiny --runs 5",
        "a national ensemble; a small one fills the store the next command reports on",
    ),
    "votebank report --out runs/ --ensemble 3161b00b85ceba0e --to site/index.html": (
        "parse",
        "names an ensemble of the author's store",
    ),
    "votebank validate my-election": RUN,
    "votebank run my-election --runs 100": RUN,
    "votebank validate broken": ("parse", "shows the error report of a broken scenario"),
    "votebank import-uk 2015-05-07 --out my-uk-2015": RUN,
    "votebank uk-projection --runs 200": ("parse", NATIONAL),
    "votebank import-uk 2015-05-07 --target-election 2017-06-08 --results "
    "my-uk/uk_results_candidates.csv --out uk-2017": ("parse", "a results file not shipped"),
    "votebank uk-projection --results my-uk/uk_results_candidates.csv --base 2015-05-07 "
    "--target 2017-06-08 --runs 50": ("parse", "a results file not shipped"),
    "votebank copeland-carloads --runs 400": (
        "adapt",
        "copeland-carloads --runs 10",
        "fewer runs",
    ),
    "votebank calibrate SCENARIO --against RESULTS -p 'PATH[=LOW:HIGH]' '[-p' '...]' --trials 30 "
    "--runs 4 --seed 0 --out votebank-out/calibrated": ("skip", "a synopsis with placeholders"),
    "votebank validate-against SCENARIO RESULTS --runs 50 '[--seed' 'S]' '[--out' "
    "'validation.json]' '[--over-roll' 'SHARE]'": ("skip", "a synopsis with placeholders"),
    "votebank validate-against pakistan-2008-from-2002 pakistan:2008 --runs 50 --seed 20080218": (
        "parse",
        NATIONAL,
    ),
    "votebank validate-against pakistan-2008 pakistan:2008 --runs 20": ("parse", NATIONAL),
    "votebank validate-against uk-2015-from-2010 uk:2015 --runs 50": ("parse", NATIONAL),
    "votebank validate-against pakistan-2008-from-2002 pakistan:2008 --runs 50": (
        "parse",
        NATIONAL,
    ),
}

SHOWN = [(doc, command) for doc in DOCS for command in commands(doc)]


def test_every_documented_command_is_listed_here():
    missing = sorted({c for _, c in SHOWN} - set(HOW))
    assert missing == []
    stale = sorted(set(HOW) - {c for _, c in SHOWN})
    assert stale == []


def parses(args: list[str]) -> None:
    """Parse a command line with the real parser (commands, options, values), not running it."""
    group = get_command(app)
    ctx = group.make_context("votebank", list(args))
    name, cmd, rest = group.resolve_command(ctx, [*ctx._protected_args, *ctx.args])
    cmd.make_context(name, rest, parent=ctx)


@pytest.mark.parametrize("command", sorted({c for _, c in SHOWN if isinstance(HOW.get(c), tuple)}))
def test_commands_not_run_still_parse(command):
    how = HOW[command]
    if how[0] == "skip":
        pytest.skip(how[1])
    parses(shlex.split(command)[1:])


def workspace(folder: Path) -> Path:
    """The files the documented commands name: scenario folders and results files."""
    for name, source in (
        ("my-scenario", "tiny"),
        ("my-election", "tiny"),
        ("a", "na184-2008"),
        ("b", "na184-2008-no-switch"),
    ):
        shutil.copytree(SCENARIOS / source, folder / name)
    rng = np.random.default_rng(0)
    voters = rng.integers(500, 1500, 400)
    cast = rng.binomial(voters, 0.55)
    a = rng.binomial(cast, 0.5)
    pd.DataFrame({"voters": voters, "cast": cast, "party A": a, "party B": cast - a}).to_csv(
        folder / "stations.csv", index=False
    )
    valid = cast - rng.binomial(cast, 0.02)
    er = rng.binomial(valid, 0.5)
    kprf = rng.binomial(valid - er, 0.5)
    pd.DataFrame(
        {
            "Число избирателей": voters,
            "Бюллетени": cast,
            "Действительные": valid,
            "Единая Россия": er,
            "КПРФ": kprf,
            "ЛДПР": valid - er - kprf,
            "Регион": np.where(np.arange(len(voters)) % 2, "Север", "Юг"),
        }
    ).to_csv(folder / "results.csv", index=False)
    return folder


@pytest.mark.docs
@pytest.mark.parametrize("doc", [d for d in DOCS if commands(d)], ids=lambda d: d.name)
def test_documented_commands_run(doc, tmp_path, monkeypatch):
    monkeypatch.chdir(workspace(tmp_path))
    runner = CliRunner()
    for command in commands(doc):
        how = HOW[command]
        if how == RUN:
            args = shlex.split(command)[1:]
        elif how[0] == "adapt":
            args = shlex.split(how[1])
        else:
            continue
        result = runner.invoke(app, args, env={"COLUMNS": "100"})
        assert result.exit_code == 0, f"{doc.name}: {command}\n{result.output}"


def test_the_parse_check_catches_a_wrong_option():
    with pytest.raises(Exception, match="no-such-option"):
        parses(["run", "tiny", "--no-such-option"])
    with pytest.raises(Exception, match="integer"):
        parses(["run", "tiny", "--runs", "many"])


def test_inline_readme_commands_parse():
    # A command quoted in the README's prose (not in a code block) is copied by readers too.
    text = (DOCS[0]).read_text(encoding="utf-8").replace("\n", " ")
    quoted = re.findall(r"`(votebank [^`]+)`", text)
    # A bare command or option name (`votebank compare`, `votebank backtest --out`) is a mention.
    whole = [c for c in quoted if len(c.split()) > 2 and not c.split()[-1].startswith("-")]
    assert whole
    for command in whole:
        parses(shlex.split(command)[1:])


def test_the_readme_says_which_mechanisms_tiny_has_on():
    from votebank import load_scenario

    line = next(s for s in DOCS[0].read_text(encoding="utf-8").splitlines() if "run tiny" in s)
    spec = load_scenario("tiny").spec
    off = [name for name, p in spec.mechanisms if not p.enabled]
    if "every mechanism on" in line:
        assert off == []
    for name, p in spec.mechanisms:  # every mechanism the line names is on
        if re.search(rf"\b{name}\b", line.split("#", 1)[1]):
            assert p.enabled, name


def test_the_readme_says_which_runs_keep_station_votes():
    # run_ensemble keeps station votes for the first run only by default: a reader told
    # "run x station" averaged one run and took it for the ensemble.
    import votebank as vb

    ens = vb.run_ensemble("tiny", runs=2, seed=7)
    assert set(ens.station_votes["run_index"]) == {0}
    text = DOCS[0].read_text(encoding="utf-8")
    python = text[text.index("```python") :]
    assert "station_runs" in python[: python.index("```", 3)]
