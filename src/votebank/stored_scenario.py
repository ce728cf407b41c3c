"""The scenario a stored ensemble was run on, found again from its stored name and hash."""

from __future__ import annotations

from votebank.errors import InputError, Problem
from votebank.scenario.load import Scenario, load_scenario
from votebank.scenario.naming import builtin_folder, shadowed


def scenario_run_on(name: str, digest: str, eid: str, scenario: str | None) -> Scenario:
    """Scenario ``scenario`` (default: ``name``, the stored one), checked against ``digest``.

    Where the stored name is a built-in's and a folder or file here has the same name, the
    folder wins as everywhere, unless it is not what the ensemble ran and the built-in is:
    then the built-in is the scenario (a folder ``./tiny`` hid it, and the hash told why).

    Raises:
        InputError: The scenario cannot be loaded, or it is not the version the ensemble ran.
    """
    if scenario is None and shadowed(name):
        builtin = as_stored(load_scenario(builtin_folder(name)), digest)
        if builtin.digest == digest:
            return builtin
    try:
        sc = load_scenario(scenario or name)
    except InputError as exc:
        if scenario is not None:
            raise
        why = "not a built-in scenario: give its folder or file with --scenario"
        raise InputError([Problem(f"ensemble {eid}", "scenario", name, why)]) from exc
    sc = as_stored(sc, digest)
    if sc.digest != digest:
        hashes = f"(hash {digest[:12]}, this one {sc.digest[:12]})"
        if scenario is None:  # found by the stored name: no --scenario was given to blame
            what = "another version of it" if sc.name == name else f"another scenario, {sc.name!r}"
            why = f"found by its name, {sc.source} is {what} {hashes}: give the one it ran"
            raise InputError(
                [Problem(f"ensemble {eid}", "scenario", name, f"{why} with --scenario")]
            )
        what = "another version of it" if sc.name == name else f"another scenario, {name!r}"
        why = f"ensemble {eid} was run on {what} {hashes}: give the version it was run on"
        raise InputError([Problem("--scenario", "", scenario, f"{why} with --scenario")])
    return sc


def as_stored(sc: Scenario, digest: str) -> Scenario:
    """The scenario as the ensemble stored with ``digest`` ran it.

    An ensemble run with --parameter-uncertainty has the draws on: another hash, the same files.
    """
    if sc.digest == digest or sc.spec.scenario.draw_parameters:
        return sc
    from votebank.run.uncertainty import with_parameter_draws

    try:
        drawn = with_parameter_draws(sc)
    except InputError:  # nothing to draw: it cannot have been run so
        return sc
    return drawn if drawn.digest == digest else sc
