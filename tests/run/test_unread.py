import subprocess
import sys

import votebank as vb
from votebank.run.unread import same_runs_hint, unread_reason


def test_sweeps_and_compare_read_it_without_loading_calibration():
    # Kept under calibrate, the reader of unread fields loaded the whole calibrate package
    # (18 modules, scipy with them) into every sweep.
    code = (
        "import sys, votebank.sweeps, votebank.commands.compare; "
        "print('votebank.calibrate' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_default_every_seat_overrides_and_a_mechanism_off_are_unread():
    sc = vb.load_scenario("na184-2008")
    assert "every seat gives its own threat" in unread_reason(("mechanisms", "fear", "threat"), sc)
    assert unread_reason(("mechanisms", "fear", "beta"), sc) is None
    assert (
        unread_reason(("mechanisms", "transport", "uplift"), sc) == "[mechanisms.transport] is off"
    )
    assert unread_reason(("mechanisms", "transport", "enabled"), sc) is None
    assert same_runs_hint(["mechanisms.tactical.rate"], [sc]).startswith("mechanisms.tactical.rate")


def test_a_mechanism_on_that_acts_in_no_run_is_not_asked_whether_it_is_off():
    # compare --set compilation.enabled=true with favoured_parties=["PML-N"] (no PML-N
    # candidate in NA-184) noted "is the mechanism off?" of a mechanism B had switched on.
    sc = vb.load_scenario("na184-2008")
    on = sc.with_overrides(
        {
            "mechanisms.compilation.enabled": True,
            "mechanisms.compilation.favoured_parties": ["PML-N"],
        }
    )
    paths = ["mechanisms.compilation.enabled", "mechanisms.compilation.favoured_parties"]
    hint = same_runs_hint(paths, [on])
    assert "is the mechanism off" not in hint
    assert "acted in no run" in hint
