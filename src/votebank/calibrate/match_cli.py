"""Command body of ``votebank match``: the appeals (and turnouts) that give the real result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from votebank.calibrate.align import lost_note
from votebank.calibrate.cli import (
    ForceOption,
    aligned_or_refused,
    console,
    print_notes,
    progress_bar,
)
from votebank.calibrate.inputs import drop_other_records, refuse_a_folder_it_reads
from votebank.commands.options import AgainstOption, finite_between
from votebank.display import DataTable as Table
from votebank.display import plural, safe
from votebank.kept_arrays import KeptArrays
from votebank.outputs import check_outputs
from votebank.scenario.load import load_scenario


def match_command(
    scenario: Annotated[str, typer.Argument(help="Scenario: name, folder or TOML file.")],
    against: AgainstOption,
    runs: Annotated[
        int, typer.Option(min=2, max=10_000, help="Runs per iteration (same seed each).")
    ] = 8,
    iterations: Annotated[int, typer.Option(min=1, max=1000, help="At most this many.")] = 12,
    eta: Annotated[
        float,
        typer.Option(callback=finite_between(0.01, 1.0), help="Damping of each step (0.01 to 1)."),
    ] = 0.8,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the runs.")] = 17,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the matched scenario and match.json.")
    ] = Path("votebank-out/matched"),
    force: ForceOption = False,
    shares: Annotated[
        bool, typer.Option("--shares/--no-shares", help="Match the candidates' mean shares.")
    ] = True,
    turnout: Annotated[
        bool,
        typer.Option(
            "--turnout/--no-turnout",
            help="Also match each seat's mean turnout (its turnout input; seats the results "
            "give no turnout keep theirs).",
        ),
    ] = False,
) -> None:
    """Solve the appeals (and seat turnouts) so that the expected result is the real one."""
    check_outputs(folders={"--out": out})
    import numpy as np

    from votebank.calibrate.match import match_results, unread_note
    from votebank.calibrate.target import load_target
    from votebank.errors import InputError, Interrupted, Problem
    from votebank.scenario.save import write_scenario

    if not (shares or turnout):
        raise InputError([Problem("--no-shares", "", "no --turnout", "leaves nothing to match")])
    sc = load_scenario(scenario)
    refuse_a_folder_it_reads(sc, against, out, force, "match.json")
    target = load_target(against)
    aligned = aligned_or_refused(sc, target, turnout=turnout, shares=shares)
    notes = (*aligned.notes, *lost_note(aligned, sc.name, "match keeps the inputs of"))
    notes += unread_note(sc, aligned) if shares else ()
    print_notes(notes)
    what = " and ".join(w for w, on in (("appeals", shares), ("turnouts", turnout)) if on)
    table = Table(title=f"Matching {sc.name}'s {what} to {target.name}", title_justify="left")
    cols = [("rmse", "share RMSE"), ("max_error", "largest error"), ("noise", "noise (s.e.)")]
    cols = cols if shares else []
    if turnout:
        cols += [("turnout_rmse", "turnout RMSE"), ("turnout_noise", "turnout noise")]
    for col in ("iteration", *(c[1] for c in cols), "step"):
        table.add_column(col, justify="right")
    key = "rmse" if shares else "turnout_rmse"
    done_rows: list[dict] = []

    def tick(row: dict) -> None:
        done_rows.append(row)
        bar.update(task, advance=1, note=f"RMSE {row[key]:.2f} points")

    whole = out.resolve()  # a stopped match's runs wait beside the folder it writes
    kept = KeptArrays(whole.parent / f"{whole.name}-ensembles")
    with progress_bar() as bar:
        task = bar.add_task(f"{safe(sc.name)}: iterations", total=iterations + 1, note="")
        try:
            result = match_results(
                sc,
                target,
                shares=shares,
                turnout=turnout,
                runs=runs,
                iterations=iterations,
                eta=eta,
                seed=seed,
                progress=tick,
                kept=kept,
            )
        except KeyboardInterrupt:  # else main() says runs are stored for a --resume match lacks
            said = f"{len(done_rows)} of {iterations + 1} ensembles finished, " + (
                f"their runs kept in {kept.folder}: the same command goes on from them"
                if any(kept.folder.glob("*.npz"))  # else named a folder that was never made
                else "nothing kept"
            )
            raise Interrupted(said) from None
    if kept.read:
        print_notes([f"went on from {plural(kept.read, 'ensemble')} a stopped match kept"])
    for r in result.history.to_dict(orient="records"):
        table.add_row(str(r["iteration"]), *(f"{r[c]:.2f}" for c, _ in cols), f"{r['step']:.3f}")
    # Matched: what the results give a real value for; the rest keep their inputs.
    counts = {}
    if shares:
        counts["candidates"] = np.isfinite(result.residual)
    if turnout:
        counts["seats"] = np.isfinite(result.turnout_residual)
    done = "; ".join(_matched(k, m) for k, m in counts.items())
    units = " and ".join(n for n, on in (("vote share", shares), ("turnout", turnout)) if on)
    table.caption = (
        f"points of {units}, mean over the runs against the real value; "
        f"{done}; {_stop_text(result, key)} after {plural(len(result.history) - 1, 'update')}"
    )
    console.print(table)
    if shares and not result.converged:
        print_notes([_furthest(result)])
    record = {
        "scenario": sc.name,
        "target": target.name,
        "runs": runs,
        "seed": seed,
        "eta": eta,
        "shares": shares,
        "turnout": turnout,
        "converged": result.converged,
        "history": result.history.to_dict(orient="records"),
        **{f"{k}_matched": int(m.sum()) for k, m in counts.items()},
        "notes": list(notes),
    }
    files = write_scenario(
        result.scenario,
        out,
        [f"{sc.name} with {what} matched to {target.name} (votebank match, seed {seed})"],
        {"match.json": json.dumps(record, indent=1) + "\n"},  # replaced with the scenario
    )
    drop_other_records(out, "match.json")  # an earlier calibration's would describe it
    kept.forget()
    said = f"written {safe(files[0].parent)} (scenario and match.json)"
    console.print(f"[dim]{said}[/dim]", soft_wrap=True)  # a path cut at 80 columns names nothing


def _stop_text(result, key: str) -> str:
    """Why the match stopped: "converged" alone overstated a match of a few noisy runs."""
    noise = result.history[key.replace("rmse", "noise")].iloc[-1]
    if not result.converged:  # "8 of 8 matched; stopped" hid an error many times the noise
        last = result.history.iloc[-1]
        why = "; ".join(
            f"{what} {last[k]:.2f} points off, noise {last[k.replace('rmse', 'noise')]:.2f}"
            for k, what in (("rmse", "share"), ("turnout_rmse", "turnout"))
            if k in last
        )
        return f"not within the runs' noise ({why}): stopped at --iterations"
    return (
        f"within the runs' noise ({noise:.2f} points at {result.runs:,} runs: more --runs "
        "match closer)"
    )


def _matched(kind: str, matched) -> str:
    """``3 of 8 candidates matched, 5 kept their appeals``; one seat or one kept in the singular."""
    kept = int((~matched).sum())
    own = "appeal" if kind == "candidates" else "turnout"
    return (
        f"{int(matched.sum()):,} of {plural(matched.size, kind.removesuffix('s'))} matched, "
        f"{kept:,} kept " + (f"its {own}" if kept == 1 else f"their {own}s")
    )


def _furthest(result, n: int = 3) -> str:
    """A match stopped short of the noise: the candidates furthest from their real shares."""
    import numpy as np

    off = np.abs(np.nan_to_num(result.residual))  # NaN: kept its appeal, not matched
    c = result.scenario.candidates
    worst = [
        " ".join(filter(None, (c["candidate"].iloc[i], c["name"].iloc[i])))
        + f" ({c['party'].iloc[i]}) {100 * result.residual[i]:+.1f}"
        for i in np.argsort(-off, kind="stable")[:n]
        if off[i] > 0
    ]
    return "furthest from the real share (mean simulated minus real, points): " + ", ".join(worst)
