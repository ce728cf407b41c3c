"""The report's masthead and its "Scenario and provenance" section: what was run, and how."""

from __future__ import annotations

import json

from votebank.display import runs_text
from votebank.report import blocks
from votebank.report.blocks import SECTIONS
from votebank.report.extrafiles import extra_ensemble
from votebank.report.formats import esc

ONE_RUN = (
    "One run: every percentage below is what happened in that run (0% or 100%), not a "
    "probability, and every interval is one value. Run more (votebank run --runs 100) to see "
    "the uncertainty."
)


def page_header(data: dict) -> str:
    """The masthead: the title, the ensemble's facts and the data sources."""
    sc, ens = data["scenario"], data["ensemble"]
    title = sc.get("title") or sc.get("name")
    runs = f"{ens['runs']:,}"
    if ens["runs_requested"] != ens["runs"]:
        runs += f" of {ens['runs_requested']:,} requested"
    meta = [
        ("Scenario", f"<code>{esc(sc['name'])}</code>"),
        ("Ensemble", f"<code>{esc(ens['id'])}</code>"),
        ("Runs", esc(runs)),
        ("Seed", f'<code class="wrap">{esc(ens["seed_entropy"])}</code>'),
        ("votebank version", esc(ens["version"])),
        ("Created", esc(ens["created"])),
        ("Report made", f"{esc(data.get('generated', ''))} by {esc(data.get('generator', ''))}"),
    ]
    dl = "".join(f"<div><dt>{esc(k)}</dt><dd>{v}</dd></div>" for k, v in meta)
    # One run has no spread: its 0% and 100% would read as certainties (`votebank summary`
    # leaves them out; the report shows them, so it says what they are).
    one = f'<p class="headline" role="note">{ONE_RUN}</p>' if ens["runs"] == 1 else ""
    if ens["runs"] < ens["runs_requested"]:  # as `votebank summary` says of a stopped run
        # Resumed without the flag its draws were made with, the scenario reads as another.
        spec = data.get("scenario_spec") or {}
        drawn = (spec.get("scenario") or {}).get("draw_parameters") is True
        flag = " --parameter-uncertainty" if drawn else ""
        one += (
            f'<p class="headline" role="note">This ensemble was stopped: {ens["runs"]:,} of the '
            f"{ens['runs_requested']:,} runs asked for {'is' if ens['runs'] == 1 else 'are'} "
            "stored, and every figure below is "
            f"of those. <code>votebank run ... --seed {esc(ens['seed_entropy'])} --runs "
            f"{ens['runs_requested']}{flag}{esc(ens.get('resume_stations', ''))} --out FOLDER "
            f"--resume</code>, with this store's folder, finishes it"
            f"{esc(ens.get('resume_stations_note', ''))}.</p>"
        )
    # Said once, above every number a reader may quote: what the numbers are, what a range is.
    simulated = (
        f'<p class="caveat" role="note"><strong>Simulated:</strong> every figure below comes '
        f"from {runs_text(ens['runs'])} of this scenario's model, not from counted votes "
        "(except actual results, marked as such), and holds under the scenario's assumptions; "
        "a 5–95% range is the middle 90% of those runs, not a margin of error. The same "
        f"scenario, seed ({esc(ens['seed_entropy'])}) and number of runs give the same figures "
        f"(<code>votebank run --seed</code>).{_others(data)}</p>"
    )
    sources = []
    if sc.get("description"):
        sources.append(f"<p>{esc(sc['description'])}</p>")
    if sc.get("actual_source"):
        sources.append(f"<p><strong>Actual results:</strong> {esc(sc['actual_source'])}</p>")
    src = f'<div class="sources"><h2 class="sr">Data sources</h2>{"".join(sources)}</div>'
    return (
        f'<header id="overview" class="masthead"><p class="kicker">votebank ensemble report</p>'
        f'<h1>{esc(title)}</h1>{one}<dl class="meta">{dl}</dl>{simulated}'
        f"{src if sources else ''}</header>"
    )


def _others(data: dict) -> str:
    """The sections of files that name no ensemble: a backtest, your own stations' forensics.

    "Every figure below comes from 20 runs of this scenario's model" was said above a UK
    backtest and the forensics of a real Moscow Oblast file in a Pakistan 2008 report.
    """
    extras = data.get("extras") or {}
    names = [
        dict(SECTIONS).get(name, name.replace("_", " ").capitalize())
        for name, value in extras.items()
        if not isinstance(value, dict) or extra_ensemble(value) is None
    ]
    if not names:
        return ""
    which = " and ".join(names) if len(names) < 3 else ", ".join(names)
    return (
        f" Not so in {esc(which)}: read from files beside the store that name no ensemble, "
        "they may be of real results or another election, and say which."
    )


def scenario_section(data: dict) -> str:
    """The "Scenario and provenance" section: what it takes to repeat the ensemble."""
    sc, ens = data["scenario"], data["ensemble"]
    spec = json.dumps(data.get("scenario_spec", {}), indent=2, ensure_ascii=False)
    facts = [
        ("Scenario name", esc(sc["name"])),
        ("Scenario hash", f'<code class="wrap">{esc(ens["scenario_hash"])}</code>'),
        (
            "Scenario seed",
            esc(sc["seed"]) if sc.get("seed") is not None else "none (fresh entropy)",
        ),
        ("Ensemble seed (run --seed)", f'<code class="wrap">{esc(ens["seed_entropy"])}</code>'),
        ("Runs stored", esc(f"{ens['runs']:,}")),
        ("Runs with station detail", esc(f"{ens['runs_with_stations']:,}")),
        ("Written by votebank", esc(ens["version"])),
        ("Last run finished", esc(ens.get("finished") or "–")),
    ]
    dl = "".join(f"<div><dt>{esc(k)}</dt><dd>{v}</dd></div>" for k, v in facts)
    sources = ""
    if sc.get("description") or sc.get("actual_source"):
        sources = (
            "<h3>Sources</h3>"
            + (f"<p>{esc(sc['description'])}</p>" if sc.get("description") else "")
            + (
                f"<p>Actual results: {esc(sc['actual_source'])}</p>"
                if sc.get("actual_source")
                else ""
            )
        )
    return blocks.section(
        "scenario",
        "Scenario and provenance",
        f'<dl class="kv">{dl}</dl>{sources}'
        f"<details><summary>The scenario as run (JSON)</summary><pre>{esc(spec)}</pre></details>",
        "Everything needed to repeat this ensemble: the scenario, its seed and the version.",
    )
