"""The ``[organisations]`` section read: from the scenario's spec, else ``organisations.toml``."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from pydantic import ValidationError

from votebank.errors import InputError, Problem
from votebank.scenario.catalogue import shown_file
from votebank.scenario.files import file_problem
from votebank.scenario.key_hints import unknown_key_message
from votebank.scenario.organisations.scenario_checks import cross_check
from votebank.scenario.organisations.section_spec import ORGANISATIONS_FILE, OrganisationsSpec


def parse_organisations(raw: dict, shown: str = ORGANISATIONS_FILE) -> OrganisationsSpec:
    """Validate the ``organisations`` table of parsed TOML.

    Args:
        raw: The parsed TOML document (with a top-level ``organisations`` table) or the
            table itself.
        shown: File name to report.

    Returns:
        The validated section.

    Raises:
        InputError: listing every problem.
    """
    table = raw.get("organisations", raw)
    # Keys beside the [organisations] table would be read by nothing, silently.
    beside = sorted(set(raw) - {"organisations"}) if "organisations" in raw else []
    if beside:
        why = "outside the [organisations] table, so never read: move it inside or delete it"
        raise InputError([Problem(shown, str(k), str(k), why) for k in beside])
    try:
        return OrganisationsSpec.model_validate(table)
    except ValidationError as exc:
        problems = [
            Problem(
                shown,
                ".".join(["organisations", *(str(p) for p in e.get("loc", ()))]),
                json.dumps(e.get("input"), default=str)[:120]
                if e.get("type") != "missing"
                else "(missing)",
                unknown_key_message(OrganisationsSpec, tuple(e.get("loc", ())))
                if e.get("type") == "extra_forbidden"
                else e.get("msg", "invalid").removeprefix("Value error, "),
            )
            for e in exc.errors()
        ]
        raise InputError(problems) from None


def load_organisations(scenario) -> OrganisationsSpec:
    """The scenario's ``[organisations]`` section, from its spec or ``organisations.toml``.

    Args:
        scenario: A loaded :class:`votebank.Scenario`.

    Returns:
        The validated section, checked against the scenario's parties and constituencies.

    Raises:
        InputError: when there is no section, or two (the spec's and the file), or it has
            problems.
    """
    spec = getattr(scenario.spec, "organisations", None)
    shown = shown_file(scenario.source)
    path = Path(scenario.source).parent / ORGANISATIONS_FILE
    if spec is not None and path.is_file():
        # Edits to the file would be silently ignored: which one is meant cannot be told.
        why = f"the scenario's TOML has an [organisations] section too ({shown}); keep one"
        raise InputError([Problem(str(path), "", str(path), why)])
    if spec is None:
        shown = str(path)
        spec = read_organisations_file(path)
    parties = {p.id for p in scenario.spec.parties}
    aggregates = {p.id for p in scenario.spec.parties if p.aggregate}
    cons, cands = scenario.constituencies, scenario.candidates
    problems = cross_check(spec, parties, cons, cands, shown, aggregates)
    if problems:
        raise InputError(problems)
    return spec


def read_organisations_file(path: Path) -> OrganisationsSpec:
    """``organisations.toml`` read and validated on its own (not against a scenario).

    Raises:
        InputError: when the file is missing, is not TOML or has problems, naming the file.
    """
    shown = str(path)
    if problem := file_problem(path, shown, "", shown):  # a folder: a traceback, not a word
        raise InputError([problem])
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # as scenario.toml: a BOM
    except FileNotFoundError:
        why = "no [organisations] section and no such file"
        raise InputError([Problem(shown, "", shown, why)]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(shown, "", "(binary)", "not UTF-8 text")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError([Problem(shown, "", "(TOML)", f"not valid TOML: {exc}")]) from None
    return parse_organisations(raw, shown)
