"""The Pakistan table builder survives a seat with no roll in the target election."""

import importlib
import sys
from pathlib import Path

import numpy as np

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def load_script():
    sys.path.insert(0, str(SCRIPTS))
    try:
        return importlib.import_module("build_pakistan_2008_from_2002")
    finally:
        sys.path.remove(str(SCRIPTS))


def test_a_seat_without_a_target_roll_takes_the_base_roll(monkeypatch):
    script = load_script()
    real = script.pakistan_rows

    def rows(date):
        d = real(date).copy()
        if date == "2008-02-18":
            d.loc[d["constituency_number"] == "NA-5", "voter_reg"] = np.nan
        return d

    monkeypatch.setattr(script, "pakistan_rows", rows)
    cons, _, _ = script.build_tables("2002-10-10", "2008-02-18", forecast=False)
    base = real("2002-10-10").set_index("constituency_number")["voter_reg"]
    got = cons.set_index("id")["registered"]
    assert got["NA-5"] == int(base["NA-5"])
    assert len(cons) == 268
