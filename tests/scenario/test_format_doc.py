"""docs/scenario-format.md: its example runs, and it documents every field and column."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args, get_origin

import pytest
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

import votebank
from votebank.scenario.schema import RANGE_MAX, ScenarioSpec
from votebank.scenario.tables import CANDIDATE_COLUMNS, CONSTITUENCY_COLUMNS

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenario-format.md"
TEXT = DOC.read_text(encoding="utf-8")
EXAMPLE = {"scenario.toml": "toml", "constituencies.csv": "csv", "candidates.csv": "csv"}


def example_files(text: str) -> dict[str, str]:
    blocks = re.findall(r"^File: (\S+)\n+```(\w*)\n(.*?)^```$", text, re.M | re.S)
    names = [name for name, _, _ in blocks]
    assert sorted(names) == sorted(EXAMPLE), f"the example's File: blocks are {names}"
    for name, lang, _ in blocks:
        assert lang == EXAMPLE[name], f"{name} is fenced as {lang!r}"
    return {name: body for name, _, body in blocks}


def sections(text: str) -> dict[str, str]:
    """Body of every ### section, keyed by its heading (without backticks)."""
    parts = re.split(r"^#{2,3} (.+)$", text, flags=re.M)
    return {
        head.replace("`", "").strip(): body
        for head, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def models(model: type[BaseModel], header: str, path: str = "") -> list:
    """(TOML header, model) for the file and every table in it, depth first."""
    found = [(header, model)]
    for name, info in model.model_fields.items():
        ann = info.annotation
        inner = get_args(ann)[0] if get_origin(ann) is list else ann
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            sub = f"{path}.{name}".strip(".")
            found += models(inner, f"[{sub}]" if inner is ann else f"[[{sub}]]", sub)
    return found


SECTIONS = sections(TEXT)
MODELS = models(ScenarioSpec, "Top level")


def doc_default(value: object) -> str | None:
    """A scalar default as the doc writes it, or None where the doc words it freely."""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int | float):
        return f"`{value:.4g}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    return None


def test_example_loads_and_simulates(tmp_path):
    for name, body in example_files(TEXT).items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    scenario = votebank.load_scenario(tmp_path)
    assert scenario.name == "two-seats"
    assert len(scenario.constituencies) == 2
    assert len(scenario.candidates) == 6
    result = votebank.simulate(scenario)
    assert len(result["constituencies"]) == 2
    assert result["seats"]["general"].sum() == 2


@pytest.mark.parametrize(("header", "model"), MODELS, ids=[h for h, _ in MODELS])
def test_every_field_is_documented(header, model):
    assert header in SECTIONS, f"no section '### `{header}`' in {DOC.name}"
    body = SECTIONS[header]
    for name, info in model.model_fields.items():
        rows = [line for line in body.splitlines() if line.startswith(f"| `{name}` |")]
        assert len(rows) == 1, f"{header}: no table row for `{name}`"
        if info.is_required():
            assert "required" in rows[0], f"{header}.{name} is required: {rows[0]}"
        elif info.default is not PydanticUndefined:
            expected = doc_default(info.default)
            if expected is not None:
                assert expected in rows[0], f"{header}.{name}: default {expected} not in row"


@pytest.mark.parametrize(
    ("title", "columns"),
    [("Constituency table", CONSTITUENCY_COLUMNS), ("Candidate table", CANDIDATE_COLUMNS)],
)
def test_every_column_is_documented(title, columns):
    body = SECTIONS[title]
    for col in columns:
        rows = [line for line in body.splitlines() if line.startswith(f"| `{col.name}` |")]
        assert len(rows) == 1, f"{title}: no table row for `{col.name}`"
        kind = "required" if col.required else "optional"
        assert f"| {kind} |" in rows[0], f"{title}: `{col.name}` should be {kind}"
        for choice in col.choices or ():
            assert f"`{choice}`" in rows[0], f"{title}: `{col.name}` choice {choice} missing"


def test_built_in_names_are_documented():
    for name in votebank.scenario.load.builtin_names():
        assert f"`{name}`" in SECTIONS["Naming a scenario"]


@pytest.mark.parametrize("key", sorted(RANGE_MAX))
def test_the_per_village_counts_document_their_largest_value(key):
    # The doc gave "1 ≤ min ≤ max" with no top, while a larger max is refused.
    [row] = [
        line for line in SECTIONS["[electorate]"].splitlines() if line.startswith(f"| `{key}`")
    ]
    assert f"max ≤ {RANGE_MAX[key]}" in row, row


def test_the_recipe_for_blocs_in_some_seats_only_holds(tmp_path):
    # The doc tells an author how to have vote blocs in some seats only: no bloc member is
    # left in a seat made all urban when urban wards have none, and the other seat keeps them.
    assert "`bloc_membership_urban = 0`" in SECTIONS["[mechanisms.biradari]"]
    files = example_files(TEXT)
    files["scenario.toml"] = files["scenario.toml"].replace(
        "ghost_share = 0.05", "ghost_share = 0.05\nbloc_membership_urban = 0"
    )
    files["constituencies.csv"] = files["constituencies.csv"].replace(
        "P-2,Hilltop,Hills,15000,0.6,", "P-2,Hilltop,Hills,15000,1,"
    )
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    for seed in (1, 2, 3):
        cands = votebank.simulate(votebank.load_scenario(tmp_path), seed=seed)["candidates"]
        clan = cands.groupby("constituency_id")["votes_clan"].sum()
        assert clan["P-2"] == 0
        assert clan["P-1"] > 0
