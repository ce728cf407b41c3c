"""The files a command reads, so that an output written over one of them is refused first."""

from __future__ import annotations

from pathlib import Path

from votebank.elections.rows import split_file_date
from votebank.errors import InputError, Problem
from votebank.outputs import source_folder_problems
from votebank.scenario.load import Scenario, builtin_names, load_scenario


def scenario_files(sc: Scenario) -> list[Path]:
    """A scenario's TOML file and its two tables."""
    tables = sc.spec.tables
    return [sc.source, *(sc.source.parent / t for t in (tables.constituencies, tables.candidates))]


def results_files(results: str) -> list[Path]:
    """The files of real results named as ``load_target`` reads them (none for a shipped year)."""
    file_date = split_file_date(results)  # FILE:DATE
    path = file_date[0] if file_date else Path(results)
    if path.is_file() and path.suffix.lower() != ".toml":
        # A candidate file in the UK layout reads the contests file beside it too, if any.
        beside = path.parent / "uk_results_contests.csv"
        return [path, *([beside] if beside.is_file() else [])]
    if path.exists() or results in builtin_names():
        return scenario_files(load_scenario(results))
    return []  # pakistan:YEAR, uk:YEAR (shipped), or nothing: load_target names what is wrong


def files_read(sc: Scenario, results: str) -> list[Path]:
    """What a command comparing scenario ``sc`` with ``results`` reads: both's files."""
    return [*scenario_files(sc), *results_files(results)]


def output_read_problems(option: str, out: Path, read: list[Path]) -> list[Problem]:
    """``out`` is one of the files read: writing it would replace the input, results and all."""
    try:
        if not out.exists() or not any(out.resolve() == p.resolve() for p in read if p.exists()):
            return []
    except (OSError, RuntimeError):  # an unresolvable path is named by the other checks
        return []
    why = "is a file this command reads: writing there would replace it; give another file"
    return [Problem(option, "", str(out), why)]


def refuse_a_folder_it_reads(
    sc: Scenario, against: str, out: Path, force: bool, record: str
) -> None:
    """Refuse an ``--out`` holding what the command reads, or a scenario it did not write.

    Either would be replaced: the scenario's or the results' files always; a scenario without
    the command's ``record`` (``calibration.json``, ``match.json``: an earlier result, which a
    new one replaces) unless ``force``, as a hand-written one was, without a word.
    """
    from votebank.scenario.synth import folder_problems

    problems = source_folder_problems("--out", out, files_read(sc, against))
    if not problems and not (out / record).is_file():
        problems = folder_problems(out, force=force, option="--out")
    if problems:
        raise InputError(problems)


# Each command's record of the scenario it wrote in --out, and the logs that go with it.
RECORDS = {"calibration.json": ("trials.csv", "trials-interrupted.csv"), "match.json": ()}


def drop_other_records(out: Path, record: str) -> None:
    """Remove another command's record (and its logs) from ``out``, where ``record`` was written.

    A match written with --force over a calibration kept its calibration.json and trials.csv
    beside the matched scenario, describing values that were no longer there (and the reverse).
    """
    for other, logs in RECORDS.items():
        if other != record and (out / other).is_file():
            for name in (other, *logs):
                (out / name).unlink(missing_ok=True)
