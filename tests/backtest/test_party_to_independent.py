"""A party's candidate who stands again as an independent does not take the party's vote."""

import pandas as pd
import pytest

from tests.backtest.test_cli import run
from votebank.backtest.baselines import information, labels_of
from votebank.backtest.central import raw_shares
from votebank.backtest.pair import make_pair
from votebank.elections.read import read_election

COLS = ["election_date", "election_type", "constituency_id", "region", "electorate"]
COLS += ["party", "candidate", "votes"]


def layout_file(path):
    """Eight seats, no roll (empty electorate: seats weighed by their base votes).

    2001: A wins S1-S7, B wins S0. 2005: A stands new people everywhere; A's S0 loser and
    A's S1 winner stand again as independents (3 and 4 votes); new local independents
    poll 20 in S2-S7.
    """
    rows = []
    for s in range(8):
        a, b = {0: (45, 50), 1: (50, 35)}.get(s, (45, 40))
        for party, votes in (("A", a), ("B", b), ("C", 15)):
            rows.append(
                ("2001-06-07", "general", f"S{s}", "R", "", party, f"{party}{s} Pat", votes)
            )
        cands = [("A", f"A{s} New", 44), ("B", f"B{s} Pat", 41), ("C", f"C{s} Pat", 15)]
        cands.append(("Ind", f"A{s} Pat", s + 3) if s < 2 else ("Ind", f"Ivy{s} Local", 20))
        for party, who, votes in cands:
            rows.append(("2005-05-05", "general", f"S{s}", "R", "", party, who, votes))
    pd.DataFrame(rows, columns=COLS).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("phi", [0.0, 0.3])
def test_an_independent_who_stood_for_a_party_takes_only_the_personal_part(tmp_path, phi):
    f = layout_file(tmp_path / "r.csv")
    pair = make_pair(read_election(f"{f}:2001"), read_election(f"{f}:2005"))
    assert "Ind" in pair.indep
    sl = pair.slate
    blk, B, T = information(pair, "national")
    t_ind = T[0, labels_of(pair).index("Ind")]
    raw = raw_shares(pair, blk, B, T, lam=0.0, phi=phi, nu=1.0)
    loser = ((sl["name"] == "A0 Pat") & (sl["label"] == "Ind")).to_numpy()
    winner = ((sl["name"] == "A1 Pat") & (sl["label"] == "Ind")).to_numpy()
    assert sl.loc[loser, "person"].item() == pytest.approx(45 / 110)
    assert sl.loc[winner, "person"].item() == pytest.approx(0.5)
    # The loser carries no personal vote: it starts where a new independent does (before:
    # from its whole base share as A's candidate, 41 %, counted again for A's new one).
    assert raw[loser].item() == pytest.approx(t_ind)
    # The winner takes phi of the share it won with for A, as a winner changing party does.
    assert raw[winner].item() == pytest.approx(phi * 0.5 + t_ind)
    # A's new candidates keep A's base share, the party's vote (less phi where its winner
    # stood down).
    a_new = (sl["label"] == "A").to_numpy()
    i = sl.loc[a_new, "i"].to_numpy()
    base_a = pair.base["A"].to_numpy()[i]
    # A's winners (S1-S7) do not stand again for it; in S0 it had no winner to lose.
    lost = pair.seats[i] != "S0"
    assert raw[a_new][~lost] == pytest.approx(base_a[~lost] + T[0, 0] - B[0, 0])
    assert raw[a_new][lost] == pytest.approx((1 - phi) * base_a[lost] + T[0, 0] - B[0, 0])


def test_the_command_runs_on_the_file(tmp_path):
    f = layout_file(tmp_path / "r.csv")
    out = tmp_path / "out"
    res = run(f"{f}:2001", f"{f}:2005", "--given", "national", "--runs", "20", "--out", out)
    assert res.returncode == 0, res.stderr
    assert (out / "backtest.json").exists()
