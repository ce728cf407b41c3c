"""Load a scenario: TOML + CSV tables, validated once, every problem reported together."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError

from votebank.display import clean_strings, meant, plural
from votebank.errors import InputError, Problem, flag_problem, given
from votebank.rng import Whole
from votebank.scenario.bounds import station_problems, table_problems
from votebank.scenario.campaign_seats import unstood_seats
from votebank.scenario.catalogue import builtin_names, shown_file
from votebank.scenario.cross_tables import cross_check
from votebank.scenario.digest import scenario_digest
from votebank.scenario.field_errors import whole_file_problems
from votebank.scenario.files import MAX_DEPTH, depth, file_problem
from votebank.scenario.held_back import held_back_problems
from votebank.scenario.kept_seats import kept_seats
from votebank.scenario.named import name_checks
from votebank.scenario.naming import resolve, tell
from votebank.scenario.organisations.scenario_checks import organisations_problems
from votebank.scenario.overrides import override_problems, with_overrides
from votebank.scenario.people import person_problems
from votebank.scenario.requirements import requirement_problems
from votebank.scenario.schema import Counterfactual, ScenarioSpec
from votebank.scenario.table_files import key_problems, names_table, read_tables, shown_tables
from votebank.scenario.tables import kept_rows
from votebank.scenario.variants import counterfactual_problems, uncertainty_problems, variant_spec
from votebank.scenario.withdrawals import emptied_seats, idle_stand_downs


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: the TOML spec, its two tables, where it came from and its hash.

    Attributes:
        spec: The parsed TOML file.
        constituencies: One row per constituency (typed).
        candidates: One row per candidate (typed).
        source: The TOML file the scenario was read from.
        digest: SHA-256 of the spec and both tables: the scenario's identity in the store.
        stream_seats: For a scenario cut from another (:meth:`with_seats`), each seat's
            position there: a seat then draws the numbers it draws in the whole scenario
            (None: its own position).
        stream_whole: For a cut scenario, the shape of the whole one (draws laid out by
            position are drawn at that shape and cut).
    """

    spec: ScenarioSpec
    constituencies: pd.DataFrame = field(repr=False)
    candidates: pd.DataFrame = field(repr=False)
    source: Path
    digest: str
    stream_seats: tuple[int, ...] | None = field(default=None, repr=False)
    stream_whole: Whole | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """The scenario's short name."""
        return self.spec.scenario.name

    def __repr__(self) -> str:
        # Its name, size and file: the whole spec ran to 9,000 characters in a notebook's cell.
        seats, people = len(self.constituencies), len(self.candidates)
        size = f"{plural(seats, 'constituency', 'constituencies')}, {plural(people, 'candidate')}"
        return f"Scenario({self.name!r}: {size}; {str(self.source)!r}, digest {self.digest[:12]})"

    def with_spec(self, spec: ScenarioSpec) -> Scenario:
        """Return the same scenario with another spec (used by counterfactuals and calibration).

        Raises:
            InputError: ``spec`` is not a ScenarioSpec (its digest could not be taken); its
                fields are checked where the scenario is used, as every scenario's are.
        """
        if not isinstance(spec, ScenarioSpec):
            why = "must be a ScenarioSpec (scenario.spec.model_copy(update=...), or"
            why += " ScenarioSpec.model_validate(a dict))"
            raise InputError(
                [Problem(shown_file(self.source or self.name), "spec", type(spec).__name__, why)]
            )
        return Scenario(
            spec,
            self.constituencies,
            self.candidates,
            self.source,
            scenario_digest(
                spec, self.constituencies, self.candidates, self.stream_seats, self.stream_whole
            ),
            self.stream_seats,
            self.stream_whole,
        )

    def with_overrides(
        self, overrides: Mapping[str, Any] | pd.Series, *, requirements: bool = True
    ) -> Scenario:
        """This scenario with fields of its TOML set by dotted path (``{"turnout.base": 0.5}``).

        A pandas Series is taken as its index's paths to its values (a row of a table of
        settings: ``for _, row in table.iterrows(): sc.with_overrides(row)``).

        The paths a sweep's grid and ``votebank calibrate -p`` take; the scenario is checked
        again whole, with its tables (a region they lack is refused). A table given for a table
        of fields (``{"mechanisms.fear": {"threat": 0.2}}``) sets only the fields it names; one
        of the file's own keys (a region's mood) is given whole. ``requirements=False`` lets
        a variant switch off what another mechanism on needs (landlords, which stuffing and
        coercion act through), as ``votebank compare --set`` does for its B.

        Raises:
            InputError: Each path that names no field, each value its field refuses, and two
                paths that name one field.
        """
        if problem := flag_problem("requirements", requirements):  # "no" was read as true
            raise InputError([problem])
        if isinstance(overrides, pd.Series):  # a row of a table of settings, paths its index
            overrides = overrides.to_dict()
        if problems := override_problems(self.spec, overrides, "overrides"):
            raise InputError(problems)
        spec = with_overrides(self.spec, overrides)
        tables = (self.constituencies, self.candidates)
        found = scenario_problems(spec, *tables, "overrides", requirements=requirements)
        if found:  # what the scenario itself has (a cut one names regions it lost) stays its own
            own = scenario_problems(self.spec, *tables, "overrides", requirements=requirements)
            if found := [p for p in found if p not in own]:
                raise InputError(_with_requirements_hint(found, spec, tables, requirements))
        return self.with_spec(spec)

    def with_tables(self, constituencies: pd.DataFrame, candidates: pd.DataFrame) -> Scenario:
        """Return the same scenario with other tables (whose seats draw by their own position)."""
        return Scenario(
            self.spec,
            constituencies,
            candidates,
            self.source,
            scenario_digest(self.spec, constituencies, candidates),
        )

    def variant(self, counterfactual: Counterfactual) -> Scenario:
        """Return the scenario with a counterfactual's fields set (same tables)."""
        return self.with_spec(variant_spec(self.spec, counterfactual))

    def with_seats(self, seats) -> Scenario:
        """Return the scenario cut down to some constituencies (table order kept).

        Each kept seat draws the numbers it draws in the whole scenario (``stream_seats``,
        ``stream_whole``), so its electorate and votes do not depend on which other seats were
        kept (unless a mechanism links seats, as a by-election of a seat won twice does).
        """
        keep = kept_seats(self.constituencies, seats, self.name)  # each a seat of this one
        cons, cands = self.constituencies, self.candidates
        kept = cons["id"].isin(keep).to_numpy()
        at = range(len(cons)) if self.stream_seats is None else self.stream_seats
        positions = tuple(int(i) for i, k in zip(at, kept, strict=True) if k)
        whole = self.stream_whole or Whole(
            seats=len(cons),
            slots=int(cands["constituency"].value_counts().max()) if len(cands) else 1,
            regions=tuple(sorted(set(cons["region"]))),
        )
        cut_cons = kept_rows(cons, kept)
        cut_cands = kept_rows(cands, cands["constituency"].isin(keep).to_numpy())
        return Scenario(
            self.spec,
            cut_cons,
            cut_cands,
            self.source,
            scenario_digest(self.spec, cut_cons, cut_cands, positions, whole),
            positions,
            whole,
        )


# A results spec as votebank backtest takes it (``uk:1987``, ``pakistan:2008-02-18``).
RESULTS_SPEC = re.compile(r"[A-Za-z]+:\d{4}(-\d{1,2}-\d{1,2})?")


def _with_requirements_hint(found, spec, tables, requirements: bool) -> list[Problem]:
    """``found``, those of a prerequisite switched off told how a variant may do it anyway."""
    if not requirements:
        return found
    loose = scenario_problems(spec, *tables, "overrides", requirements=False)
    hint = "; a variant may switch it off anyway: requirements=False, as compare --set does"
    return [p if p in loose else dataclasses.replace(p, message=p.message + hint) for p in found]


def load_scenario(where: str | Path, *, requirements: bool = True) -> Scenario:
    """Load and validate a scenario.

    Args:
        where: A built-in scenario's name (see ``votebank scenarios``), a folder holding
            ``scenario.toml``, or the path of a TOML file.
        requirements: Whether a mechanism on without what it acts on is refused (see
            :func:`scenario_problems`).

    Returns:
        The validated scenario.

    Raises:
        InputError: listing every problem found in the TOML file and its tables.
    """
    if not isinstance(where, str | os.PathLike) or not str(where).strip():
        # An empty name is no folder: Path("") is the current one, whose scenario.toml it named.
        why = "give a built-in scenario's name, a folder or a TOML file"
        raise InputError([Problem("where", "", given(where), why)])
    where = Path(where).expanduser() if str(where).startswith("~") else where  # no shell here
    tell(where)  # a folder here named like a built-in: the command line says which is read
    path = resolve(where)
    shown = shown_file(where)
    problem = file_problem(path, shown, "", str(path))
    if problem:
        raise InputError([problem])
    try:
        text = path.read_text(encoding="utf-8-sig")  # Windows editors may start with a BOM
    except FileNotFoundError:
        hint = f"no such file, and no built-in scenario of that name ({', '.join(builtin_names())})"
        if same := meant(str(where).rstrip("/"), builtin_names()):  # "TINY", " tiny ", "tiny/"
            hint = f"no such file; the built-in scenario is written {same!r}"
        if Path(where).is_dir() and str(where) in builtin_names():  # the folder wins: say so
            hint = (
                f"this folder holds no scenario.toml, and it hides the built-in scenario "
                f"{str(where)!r}: rename the folder or run from another one"
            )
        elif Path(where).is_dir():  # a folder, not a missing name
            hint = "this folder holds no scenario.toml: give the folder of a scenario"
        elif RESULTS_SPEC.fullmatch(str(where)):  # uk:1987, as backtest takes real results
            hint = (
                "names an election's real results (as votebank backtest and validate-against "
                "take them), not a scenario: give a scenario's name, folder or TOML file"
            )
        raise InputError([Problem(shown, "", str(path), hint)]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(shown, "", "(binary)", "not UTF-8 text")]) from None
    except OSError as exc:
        raise InputError([Problem(shown, "", str(path), exc.strerror or str(exc))]) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib names the place only in its message: "... (at line 3, column 7)".
        line = re.search(r"at line (\d+)", str(exc))
        n = int(line.group(1)) if line else 0
        lines = text.splitlines()
        place, value = (f"line {n}", repr(lines[n - 1])) if 0 < n <= len(lines) else ("", "(TOML)")
        why = f"not valid TOML: {exc}"
        if path.suffix.lower() in (".csv", ".tsv", ".txt"):  # a results file given as one
            why = f"a table, not a scenario's TOML file ({why})"
        raise InputError([Problem(shown, place, value, why)]) from None
    except RecursionError:
        raw = None  # arrays or inline tables nested thousands deep
    if raw is None or depth(raw) > MAX_DEPTH:
        why = f"tables and arrays nested more than {MAX_DEPTH} deep"
        raise InputError([Problem(shown, "", "(TOML)", why)])
    try:
        # Names are cleaned of control characters; paths are checked as they are, not changed.
        cleaned = {k: v if k == "tables" else clean_strings(v) for k, v in raw.items()}
        spec = ScenarioSpec.model_validate(cleaned)
    except ValidationError as exc:
        # The tables' own problems too: not found only once the TOML is put right.
        read, in_tables = read_tables(path, raw.get("tables"), shown)
        found = whole_file_problems(shown, cleaned, exc) + in_tables
        found += held_back_problems(cleaned, exc, read, found, path, shown)
        raise InputError(found) from None

    tables, problems = read_tables(path, spec.tables.model_dump(), shown)
    files = shown_tables(shown, path, spec)
    readable = not problems
    if not readable:  # a bad cell hides no duplicate id, nor a region or seat the TOML names
        named = names_table(tables, problems, files[0])
        problems += key_problems(spec, tables, problems, files)
        if named is not None:
            parties = name_checks(spec, shown, None)  # reported by scenario_problems below
            problems += [p for p in name_checks(spec, shown, named) if p not in parties]
            # [organisations]' seats too (its parties are reported below, as the TOML's are).
            own = organisations_problems(spec, None, None, shown)
            seats = organisations_problems(spec, named, None, shown)
            problems += [p for p in seats if p not in own]
    problems += scenario_problems(
        spec,
        tables["constituencies"] if readable else None,
        tables["candidates"] if readable else None,
        shown,
        files,
        requirements=requirements,
    )
    if problems:
        raise InputError(problems)
    cands = tables["candidates"]
    cands["person"] = cands["person"].where(cands["person"] != "", cands["candidate"])
    return Scenario(
        spec,
        tables["constituencies"],
        cands,
        path,
        scenario_digest(spec, tables["constituencies"], cands),
    )


def scenario_problems(
    spec: ScenarioSpec,
    constituencies: pd.DataFrame | None,
    candidates: pd.DataFrame | None,
    shown: str,
    files: tuple[str, str] | None = None,
    *,
    names_in_tables: bool = True,
    requirements: bool = True,
) -> list[Problem]:
    """Every problem of a spec with its typed tables (None: unreadable, their checks skipped).

    Args:
        spec: The scenario's spec.
        constituencies: The typed constituency table, or None.
        candidates: The typed candidate table, or None.
        shown: The spec's name in messages (the TOML file, or an argument).
        files: The tables' names in messages (default: their paths in the spec).
        names_in_tables: Whether each region and seat the spec names must be in the tables
            (a file's typo); not for a scenario cut to some seats in memory, which may name
            regions it no longer holds.
        requirements: Whether a mechanism on without what it acts on is refused: for a
            scenario as written, not for a variant that switches the prerequisite off (what
            "without the swing" asks, as counterfactuals and `compare --set` do).
    """
    readable = constituencies is not None and candidates is not None
    files = files or (spec.tables.constituencies, spec.tables.candidates)
    problems = []
    if readable:
        parties = {p.id for p in spec.parties}
        aggregates = {p.id for p in spec.parties if p.aggregate}
        problems += cross_check(constituencies, candidates, parties, aggregates, files)
        unattached = {p.id for p in spec.parties if p.independent or p.aggregate}
        problems += table_problems(constituencies, files[0])
        problems += person_problems(candidates, files[1], unattached)
    seats = constituencies if readable and names_in_tables else None
    named = name_checks(spec, shown, seats)
    problems += named
    unstood = unstood_seats(spec, candidates, shown) if readable else []
    if readable:
        problems += emptied_seats(spec, candidates, shown) + unstood
        problems += idle_stand_downs(spec, candidates, shown)
    if requirements:
        problems += requirement_problems(spec, candidates if readable else None, shown)
    if readable:
        problems += station_problems(spec, constituencies, shown, files[0])
        # A counterfactual's electorate and withdrawals are made too: the same checks hold.
        for i, cf in enumerate(spec.scenario.counterfactuals):
            with contextlib.suppress(KeyError, ValueError):  # reported by counterfactual_problems
                variant = variant_spec(spec, cf)
                found = station_problems(variant, constituencies, shown, files[0])
                found += emptied_seats(variant, candidates, shown)
                found += [p for p in unstood_seats(variant, candidates, shown) if p not in unstood]
                # A party, region or seat that only the variant names (a typo does nothing).
                found += [p for p in name_checks(variant, shown, seats) if p not in named]
                problems += [
                    dataclasses.replace(p, location=f"scenario.counterfactuals.{i}: {p.location}")
                    for p in found
                ]
    problems += counterfactual_problems(spec, shown)
    problems += uncertainty_problems(spec, shown)
    problems += _fixed_table_problems(spec, shown)
    # [organisations]: its parties, seats and member counts against the scenario.
    problems += organisations_problems(spec, seats, candidates if readable else None, shown)
    return problems


def _fixed_table_problems(spec: ScenarioSpec, shown: str) -> list[Problem]:
    """A counterfactual shares the scenario's tables: setting ``tables.*`` would be ignored."""
    return [
        Problem(
            shown,
            f"scenario.counterfactuals.{i}.set.{key}",
            json.dumps(value, default=str),
            "a counterfactual cannot change the scenario's tables",
        )
        for i, cf in enumerate(spec.scenario.counterfactuals)
        for key, value in cf.set.items()
        if key == "tables" or key.startswith("tables.")
    ]
