"""The UK scenario folder: a slate that cannot win the scored seats is refused, nothing written."""

import numpy as np
import pandas as pd
import pytest

from tests.uk.test_bad_input import refused
from tests.uk.test_results_files import BASE, TARGET, frames, votebank, write
from votebank.errors import InputError
from votebank.mechanisms.swing import baseline_shares, project_shares
from votebank.run.contests import build_contests
from votebank.scenario.load import load_scenario
from votebank.uk.scenario_folder import build_uk_scenario


def projected_shares(path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A written scenario's baseline and swung shares (seats x parties), without noise."""
    sc = load_scenario(path)
    c = build_contests(sc)
    p = sc.spec.mechanisms.swing
    shares, _ = baseline_shares(c)
    names = np.array(c.party_ids, dtype=object)
    slot_party = np.where(c.valid, names[np.maximum(c.party, 0)], "")
    projected = project_shares(
        shares,
        np.array(c.region_names, dtype=object)[c.region],
        baseline=p.baseline,
        target=p.target,
        slot_party=slot_party,
        regions_apart=p.regions_apart,
        regional_baseline=p.regional_baseline,
        regional_target=p.regional_target,
    )

    def table(values: np.ndarray) -> pd.DataFrame:
        rows = [
            {"seat": c.seat_ids[j], "party": slot_party[j, k], "share": values[j, k]}
            for j, k in zip(*np.nonzero(c.valid), strict=True)
        ]
        return pd.DataFrame(rows).pivot(index="seat", columns="party", values="share")

    return table(shares), table(projected)


def test_a_slate_without_a_party_that_won_seats_is_refused(tmp_path):
    # The UUP won 2 seats in 2015 and stood nowhere in 2010 (the shipped results).
    with pytest.raises(InputError, match=r"--slate: UUP: won 2 seats on 2015-05-07"):
        build_uk_scenario("2015-05-07", tmp_path / "lib", slate_date="2010-05-06")
    assert not (tmp_path / "lib").exists()
    out = tmp_path / "out"
    got = votebank(
        "import-uk", "2010", "--out", out, "--target-election", "2015", "--slate", "2010"
    )
    refused(got, "--slate: UUP", "take the candidates of 2015-05-07", "(got 2010-05-06)")
    assert not out.exists()


def test_a_new_party_gains_its_target_share_where_it_stands(tmp_path):
    # Reform stood nowhere in 2001 and won 19.4 % of GB-less-Scotland in 2005. With no
    # baseline share it was not swung at all: 0 everywhere, so it could never win.
    src = write(tmp_path / "data")
    out = tmp_path / "scenario"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    assert got.returncode == 0, got.stderr
    _, after = projected_shares(out / "scenario.toml")
    assert after.loc["E2", "Reform"] > 0.15


def test_a_party_the_code_does_not_know_is_named_as_the_file_names_it(tmp_path):
    # A new party (Reform, winning seats) was named by its bare code in the scenario and so
    # in every report, though the file gives its name in the party_name column.
    c, k, t = frames()
    c.loc[c.party == "Reform", "party_name"] = "Reform UK"
    src = write(tmp_path / "data", c, k, t)
    out = tmp_path / "scenario"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    assert got.returncode == 0, got.stderr
    parties = {p.id: p.name for p in load_scenario(out / "scenario.toml").spec.parties}
    assert parties["Reform"] == "Reform UK"
    assert parties["Con"] == "Conservative Party"  # the layout's own codes keep their names
