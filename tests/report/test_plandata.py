"""The report shows the canvass plans made on its ensemble's scenario, as they were made."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.uk.test_plan_canvass import QUICK_TINY
from votebank.canvass_read import read_plan
from votebank.cli import main
from votebank.report.build import build_report
from votebank.report.render import render_html
from votebank.scenario.naming import builtin_folder


def other_tiny(folder: Path) -> Path:
    """A copy of tiny with another description: another scenario, with other runs' digest."""
    copy = folder / "other-tiny"
    shutil.copytree(builtin_folder("tiny"), copy)
    toml = copy / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('name = "tiny"', 'name = "other-tiny"', 1), encoding="utf-8")
    return copy


def _cli(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert not exit_.value.code


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """tiny's runs, a checked plan of tiny and a plan of another scenario, in one store."""
    out = tmp_path_factory.mktemp("plans")
    _cli(["run", "tiny", "--runs", "2", "--out", str(out)])
    checked = [*QUICK_TINY[:-1], "20", "--region", "North"]
    _cli([*checked, "--out", str(out)])
    quick = [str(other_tiny(out)) if a == "tiny" else a for a in QUICK_TINY]
    _cli([*quick, "--out", str(out)])
    return out / "votebank.duckdb"


def test_the_report_holds_its_scenarios_plan_as_it_was_made(store: Path) -> None:
    data = build_report(store)
    plans = data["plans"]
    assert plans["other_scenarios"] == 1
    [shown] = plans["plans"]
    made = read_plan(store, "1")
    assert shown["plan_id"] == made.attrs["plan_id"]
    assert shown["scenario"] == "tiny"
    assert shown["party"] == "RED"
    assert [s["id"] for s in shown["seats"]] == list(made["constituency_id"])
    assert [s["hours"] for s in shown["seats"]] == list(made["hours"])
    assert shown["seats"][0]["p_after"] == pytest.approx(made["p_win_after"].iloc[0], rel=1e-5)
    assert shown["expected_seats_after"] == pytest.approx(
        made.attrs["expected_seats_after"], rel=1e-5
    )
    assert shown["check"]["runs"] == 20
    assert any(n.startswith("On 20 runs it was not chosen on") for n in shown["notes"])


def test_the_page_draws_the_plan_and_names_the_plans_left_out(store: Path) -> None:
    page = render_html(build_report(store))
    section = page[page.index('<section id="plans"') :]
    section = section[: section.index("</section>")]
    assert "Canvass plan for" in section
    assert "RED" in section
    assert "P(win) before" in section
    assert "1 plan of other scenarios, left out here" in section
    # Where its volunteers could go: a plan of the North read as one of any seat.
    assert "<dt>Volunteers</dt><dd>within North</dd>" in section.replace("\n", "")
    made = read_plan(store, "1")
    assert str(made["name"].iloc[0]) in section


def test_a_store_without_plans_has_no_plans_section(tmp_path: Path) -> None:
    _cli(["run", "tiny", "--runs", "2", "--out", str(tmp_path)])
    data = build_report(tmp_path / "votebank.duckdb")
    assert data["plans"] is None
    assert 'id="plans"' not in render_html(data)
