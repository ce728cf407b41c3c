"""Calibration parameters: dotted paths into a scenario's TOML spec, with bounds.

A parameter is named by its path in the TOML file (``turnout.base``,
``mechanisms.biradari.cohesion``, ``electorate.bloc_membership_rural``, ``mood.Punjab.PPPP``,
``mood.national.PPPP``). A path part that holds spaces or dots is quoted, as in TOML:
``mood."Khyber Paktunkhwa (NWFP)".ANP``. On the command line a parameter is written ``PATH``
(the bounds below, or those of the field's own range) or ``PATH=LOW:HIGH``.

Values are applied to a spec by dumping it (only the keys its TOML file set), setting the
keys, and validating the result again, so a fitted spec obeys every rule a hand-written one
does.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ValidationError

from votebank.display import joined
from votebank.errors import InputError, Problem, is_real_number
from votebank.run.unread import unread_reason
from votebank.scenario.key_hints import nearest
from votebank.scenario.load import Scenario
from votebank.scenario.overrides import join_path, split_path, with_overrides
from votebank.scenario.schema import MOOD_LIMIT, ScenarioSpec

# Search ranges for the parameters calibration usually touches: the domain brief's ranges
# where it gives one ([E] otherwise). Paths not listed take their field's own (ge, le) range.
DEFAULT_BOUNDS: dict[str, tuple[float, float]] = {
    "turnout.base": (0.15, 0.85),
    "turnout.seat_sd": (0.0, 0.8),
    "turnout.female_ratio": (0.6, 0.95),
    "turnout.instructed_boost": (0.0, 1.5),
    "turnout.rejected_share": (0.0, 0.09),
    "choice.candidate_shock_sd": (0.0, 1.0),
    "choice.region_shock_sd": (0.0, 1.0),
    "choice.party_id_bonus": (0.0, 3.0),
    "choice.candidate_weight_rural": (0.0, 1.0),
    "choice.candidate_weight_urban": (0.0, 1.0),
    "electorate.bloc_membership_rural": (0.5, 0.85),
    "electorate.bloc_membership_urban": (0.1, 0.4),
    "electorate.dependent_share": (0.03, 0.2),
    "electorate.party_id_share": (0.0, 0.6),
    "electorate.ghost_share": (0.05, 0.4),
    "mechanisms.biradari.cohesion": (0.6, 0.95),
    "mechanisms.landlords.compliance": (0.75, 1.0),
    "mechanisms.fear.beta": (0.0, 0.3),
    "mechanisms.fear.threat": (0.0, 1.0),
    "mechanisms.switching.penalty": (0.0, 0.7),
    "mechanisms.coercion.suppression": (0.0, 0.6),
    "mechanisms.stuffing.extreme_share": (0.0, 0.5),
}
MOOD_BOUNDS = (-3.0, 3.0)  # logit scale: a factor of e^3 (20x) either way


@dataclass(frozen=True)
class Param:
    """One calibrated parameter.

    Attributes:
        path: The path as written (``mechanisms.biradari.cohesion``).
        keys: The path's parts (quotes removed).
        low: Smallest value tried.
        high: Largest value tried.
    """

    path: str
    keys: tuple[str, ...]
    low: float
    high: float

    @property
    def is_mood(self) -> bool:
        """Whether the parameter is a party's mood in a region (or nationally)."""
        return self.keys[0] == "mood"

    def get(self, spec: ScenarioSpec) -> float:
        """The parameter's value in ``spec`` (a mood not written is 0)."""
        node: Any = spec.model_dump()
        for key in self.keys[:-1]:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        value = node.get(self.keys[-1], 0.0 if self.is_mood else None)
        return float(value)


def parse_param(text: str, scenario: Scenario | None = None) -> Param:
    """Read ``PATH`` or ``PATH=LOW:HIGH`` and check the path against the spec's models.

    Args:
        text: The parameter as given on the command line.
        scenario: When given, mood paths are checked against its regions and parties.

    Returns:
        The parameter with its bounds.

    Raises:
        ValueError: naming what is wrong (unknown path, not a number, bad bounds).
    """
    if not isinstance(text, str):
        raise ValueError("must be PATH or PATH=LOW:HIGH (text)")
    path, eq, bounds = text.partition("=")
    keys = split_path(path)
    low, high = _known_bounds(keys)
    if eq:
        lo_text, colon, hi_text = bounds.partition(":")
        if not colon:
            raise ValueError(f"{text!r}: bounds must be LOW:HIGH")
        try:
            low, high = float(lo_text), float(hi_text)
        except ValueError:
            raise ValueError(f"{text!r}: bounds must be numbers, LOW:HIGH") from None
    if low is None or high is None:
        raise ValueError(f"{join_path(keys)}: no default range; write it as PATH=LOW:HIGH")
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"{text!r}: need finite bounds with LOW < HIGH (got {low}, {high})")
    # Bounds given beyond the field's own range would fail only when the search reached them.
    unbounded = ((None, False), (None, False))
    (floor, strict_floor), (ceiling, strict_ceiling) = _field_range(keys) if eq else unbounded
    if floor is not None and (low < floor or (strict_floor and low == floor)):
        least = f"more than {floor}" if strict_floor else f"at least {floor}"
        raise ValueError(f"{text!r}: LOW {low} is out of the field's range (it must be {least})")
    if ceiling is not None and (high > ceiling or (strict_ceiling and high == ceiling)):
        most = f"less than {ceiling}" if strict_ceiling else f"at most {ceiling}"
        raise ValueError(f"{text!r}: HIGH {high} is out of the field's range (it must be {most})")
    if keys[0] == "mood" and scenario is not None:
        _check_mood(keys, scenario)
    if scenario is not None:
        _check_effect(keys, scenario)
    param = Param(join_path(keys), keys, float(low), float(high))
    if not eq and scenario is not None:  # the default range takes in the scenario's own value
        own = param.get(scenario.spec)
        param = Param(param.path, keys, min(param.low, own), max(param.high, own))
    return param


def parse_params(texts: Iterable[str], scenario: Scenario | None = None) -> list[Param]:
    """Parse several parameters, reporting every bad one together.

    Raises:
        InputError: one problem per bad parameter (and for a path given twice).
    """
    params, problems = [], []
    for i, text in enumerate(texts):
        try:
            params.append(parse_param(text, scenario))
        except ValueError as exc:
            problems.append(Problem("--param", f"parameter {i + 1}", repr(text), str(exc)))
    seen = [p.path for p in params]
    problems += [
        Problem("--param", p, repr(p), "given more than once")
        for p in sorted({p for p in seen if seen.count(p) > 1})
    ]
    if not params and not problems:
        problems.append(Problem("--param", "", "(none)", "name at least one parameter"))
    if not problems and scenario is not None:
        problems += _corner_problems(params, scenario.spec)
    if problems:
        raise InputError(problems)
    return params


def _corner_problems(params: list[Param], spec: ScenarioSpec) -> list[Problem]:
    """Bounds the spec's rules refuse at a corner of the search, else no problem.

    A rule across fields (transfer + abstain at most 1) failed the search mid-way, its trials
    lost. A rule linear in the values is broken somewhere in the box if at a corner; beyond 10
    parameters each one's bounds are tried with the others at their own values.
    """
    own = current_values(spec, params)
    if len(params) <= 10:
        corners = itertools.product(*[(p.low, p.high) for p in params])
        tried = [dict(zip(own, corner, strict=True)) for corner in corners]
    else:
        tried = [{**own, p.path: v} for p in params for v in (p.low, p.high)]
    for values in tried:
        try:
            with_overrides(spec, values)
        except ValidationError as exc:
            why = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}"
                for e in exc.errors()
            )
            at = ", ".join(f"{k}={v:g}" for k, v in values.items())
            why = f"the search would reach a scenario its rules refuse ({why}): narrow the bounds"
            return [Problem("--param", ", ".join(own), at, why)]
    return []


def parse_given(params: Iterable[object], scenario: Scenario | None = None) -> list[Param]:
    """Parameters given to the Python API (:class:`Param` or ``PATH[=LOW:HIGH]`` text).

    Each is checked as :func:`parse_params` checks the command line's, a Param's bounds too.

    Raises:
        InputError: one problem per bad parameter.
    """
    texts, problems = [], []
    for i, p in enumerate(params):
        if isinstance(p, str):
            texts.append(p)
        elif isinstance(p, Param):  # its bounds as text: the same checks, no float() of a bool
            low, high = (repr(float(v)) if is_real_number(v) else repr(v) for v in (p.low, p.high))
            texts.append(f"{p.path}={low}:{high}")
        else:
            why = "must be PATH or PATH=LOW:HIGH (text), or a Param"
            problems.append(Problem("params", f"parameter {i + 1}", repr(p)[:80], why))
    if problems:
        raise InputError(problems)
    try:
        return parse_params(texts, scenario)
    except InputError as exc:  # named as the argument, not as the command line's --param
        raise InputError(
            [replace(p, file="params") if p.file == "--param" else p for p in exc.problems]
        ) from None


def current_values(spec: ScenarioSpec, params: Iterable[Param]) -> dict[str, float]:
    """Each parameter's value in ``spec``."""
    return {p.path: p.get(spec) for p in params}


def apply_params(spec: ScenarioSpec, values: Mapping[str, float]) -> ScenarioSpec:
    """Return ``spec`` with the parameters set to ``values`` (keyed by path), validated again.

    Raises:
        ValueError: if a value breaks a rule of the spec (out of a field's range).
    """
    if bad := [
        f"{path}: must be a number (got {value!r})"
        for path, value in values.items()
        if not is_real_number(value)
    ]:  # float() took True as 1 and "0.7" as 0.7
        raise ValueError("; ".join(bad))
    try:
        return with_overrides(spec, {path: float(value) for path, value in values.items()})
    except (KeyError, ValidationError) as exc:
        raise ValueError(f"parameters {dict(values)} give an invalid spec: {exc}") from None


def apply_to_scenario(scenario: Scenario, values: Mapping[str, float]) -> Scenario:
    """Return the scenario with the parameters set (the tables are shared, not copied)."""
    return scenario.with_spec(apply_params(scenario.spec, values))


def _known_bounds(keys: tuple[str, ...]) -> tuple[float | None, float | None]:
    """The default bounds of a path, checking that it names a number of the spec."""
    if keys[0] == "mood":
        if len(keys) != 3:
            raise ValueError("a mood is mood.REGION.PARTY (REGION may be 'national')")
        return MOOD_BOUNDS
    model: type[BaseModel] = ScenarioSpec
    field = None
    for i, key in enumerate(keys):
        fields = model.model_fields
        if key not in fields:
            where = join_path(keys[:i]) or "the top level"
            close = nearest(key, fields)
            hint = f"did you mean {close!r}?" if close else f"known: {joined(sorted(fields))}"
            raise ValueError(f"{join_path(keys)}: no key {key!r} in {where}; {hint}")
        field = fields[key]
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
            if i == len(keys) - 1:
                raise ValueError(f"{join_path(keys)} is a table, not a number")
        elif i < len(keys) - 1:
            where = join_path(keys[: i + 1])
            if "dict" in str(annotation):  # a table, but of the user's keys (a swing's target)
                raise ValueError(f"{where} is a table of values by name: calibrate fits fields")
            raise ValueError(f"{where} is not a table")
    if field is None or field.annotation is not float:
        raise ValueError(f"{join_path(keys)} is not a real number (float)")
    path = ".".join(keys)
    if path in DEFAULT_BOUNDS:
        return DEFAULT_BOUNDS[path]
    (low, _), (high, _) = _field_range(keys)
    return low, high


def _field_range(keys: tuple[str, ...]) -> tuple[tuple, tuple]:
    """A spec field's (lowest, strict) and (highest, strict) values (None: unbounded)."""
    if keys[0] == "mood":  # a value of a table of tables, not a field of its own
        return (-MOOD_LIMIT, False), (MOOD_LIMIT, False)
    model: type[BaseModel] = ScenarioSpec
    for key in keys[:-1]:
        model = model.model_fields[key].annotation
    low = high = (None, False)
    for meta in model.model_fields[keys[-1]].metadata:  # pydantic's ge/gt/le/lt
        for name, bound in (("ge", False), ("gt", True)):
            if getattr(meta, name, None) is not None:
                low = (getattr(meta, name), bound)
        for name, bound in (("le", False), ("lt", True)):
            if getattr(meta, name, None) is not None:
                high = (getattr(meta, name), bound)
    return low, high


def _check_mood(keys: tuple[str, ...], scenario: Scenario) -> None:
    _, region, party = keys
    regions = set(scenario.constituencies["region"])
    if region != "national" and region not in regions:
        raise ValueError(f"mood: no region {region!r}; regions: {joined(sorted(regions))}")
    parties = [p.id for p in scenario.spec.parties]
    if party not in parties:
        raise ValueError(f"mood: party {party!r} not declared; parties: {joined(parties)}")


def _check_effect(keys: tuple[str, ...], scenario: Scenario) -> None:
    """Refuse a parameter the scenario's runs never read: every trial would score the same."""
    if (why := unread_reason(keys, scenario)) is not None:
        raise ValueError(f"{join_path(keys)}: {why}, so it changes nothing")
