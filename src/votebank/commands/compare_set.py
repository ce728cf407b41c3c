"""``votebank compare --set``: B as A (or B's file) with fields set, refused where it would mislead.

A ``--set`` that changes nothing, that no run of B reads, or that alone breaks the pairing with
A is refused before any run, every bad item named at once.
"""

from __future__ import annotations

from votebank.errors import InputError, Problem


def paired_set(sa, sb, items: list[str]):
    """B with the --set fields, refused where they alone would break the pairing with A.

    B's file is not to blame for parties a --set declares in another order.
    """
    from dataclasses import replace

    from votebank.ensemble.pairing import pairing_problems
    from votebank.run.unread import unread_set_problems

    variant = with_set(sb, items)
    # Switching off what is off already ran B as A: every difference 0, read as "no effect".
    if _spec_of(variant) == _spec_of(sb):
        why = f"changes nothing: {sb.name} is so already, and B would run unchanged"
        raise InputError([Problem("--set", "", " ".join(items), why)])
    if found := pairing_problems(sa, variant):
        before = pairing_problems(sa, sb)
        raise InputError([p if p in before else replace(p, file="--set") for p in found])
    if found := unread_set_problems(variant, items):
        raise InputError(found)
    return variant


def _spec_of(scenario) -> dict:
    """The scenario's settings, but its name (``--set`` names B by what it sets)."""
    return scenario.spec.model_dump(exclude={"scenario": {"name"}})


# A and B are paired: the same seed and tables (sweep's rule for its points).
SAME_SEED = "A and B run with the same seed (paired runs): give --seed"
SAME_TABLES = "A and B run on the same tables: give B as a scenario of its own"


def with_set(scenario, items: list[str]):
    """The scenario with ``PATH=VALUE`` fields set (a TOML value, else a bare string).

    Raises:
        InputError: Every bad item at once: not PATH=VALUE, a path that does not exist or
            cannot differ between A and B (``scenario.seed``, ``tables.*``), a bad value.
    """
    import tomllib

    from votebank.scenario.load import scenario_problems
    from votebank.scenario.overrides import fixed_path, overlapping
    from votebank.scenario.variants import settings_to_blame

    values, shown, problems = {}, {}, []
    given = [(i.partition("=")[0].strip(), i) for i in items if "=" in i]
    # The later of two that set one field (or a table and a field in it) would win in silence.
    problems += [
        Problem("--set", given[j][0], given[j][1], f"sets what {given[i][1]!r} sets: give it once")
        for i, j in overlapping([path for path, _ in given])
    ]
    for item in items:
        path, eq, text = item.partition("=")
        path = path.strip()
        if not eq:
            problems.append(Problem("--set", "", item, "write PATH=VALUE"))
            continue
        try:
            values[path] = tomllib.loads(f"v = {text.strip()}")["v"]
        except tomllib.TOMLDecodeError:
            values[path] = text.strip()  # a bare word: a string
        if fixed_path(path):
            why = SAME_SEED if path == "scenario.seed" else SAME_TABLES
            problems.append(Problem("--set", path, item, why))
            del values[path]
        else:
            shown[path] = item
    variant, found = _set(scenario, values, ", ".join(shown.values())) if values else (None, [])
    if found and len(values) > 1:  # each path alone, so that every bad one is named

        def problems_of(some: dict, path: str) -> list[Problem]:
            return _set(scenario, some, shown[path])[1]

        found = settings_to_blame(values, found, problems_of)
        # The settings right alone are checked against the tables too, in the same report.
        right = {path: v for path, v in values.items() if not problems_of({path: v}, path)}
        if right:
            variant = _set(scenario, right, ", ".join(shown[path] for path in right))[0]
    problems += found
    if variant is not None:
        # The checks a scenario file gets against its tables (regions, parties, seats named:
        # the tables themselves were checked on loading); a prerequisite switched off is the
        # question.
        problems += scenario_problems(
            variant.spec, variant.constituencies, variant.candidates, "--set", requirements=False
        )
    if problems:
        raise InputError(problems)
    return variant


def _set(scenario, values: dict, shown: str) -> tuple[object | None, list[Problem]]:
    """The scenario with ``values`` set, or None and why they cannot be set.

    B is named by the items as typed (``enabled=false``, not Python's ``False``).
    """
    from pydantic import ValidationError

    from votebank.scenario.schema import Counterfactual

    try:
        return scenario.variant(Counterfactual(name=shown, set=values)), []
    except ValidationError as exc:
        return None, [_set_problem(e, shown) for e in exc.errors()]
    except (KeyError, ValueError) as exc:  # an unknown key; a path that cannot be read
        return None, [Problem("--set", "", shown, str(exc.args[0]))]


def _set_problem(e: dict, shown: str) -> Problem:
    """One error of a --set as a Problem."""
    from votebank.scenario.field_errors import error_problem, set_message

    if e["loc"] and e.get("type") == "value_error" and isinstance(e.get("input"), dict | bool):
        # A check of a whole table names its key: point at it, not the table; a bool in a table
        # (a mood) is shown as written (true, not True).
        return error_problem("--set", e)
    # A rule of the whole scenario (a mood naming an unknown party) has no place: show the
    # settings, not the scenario.
    where = ".".join(map(str, e["loc"]))
    return Problem(
        "--set", where, str(e.get("input")) if e["loc"] else shown, set_message(where, e)
    )
