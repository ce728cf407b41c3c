"""A target seat with no named candidate is left out and listed (backtest/unnamed.py)."""

from votebank.backtest.study import backtest

HEAD = "election_date,election_type,constituency_id,region,electorate,party,candidate,votes"


def test_a_target_seat_of_only_the_others_row_is_left_out_not_scored_blank(tmp_path):
    rows = [
        f"{day},general,{seat},North,1000,{party},,{votes}"
        for day in ("2030-05-01", "2035-05-01")
        for seat, party, votes in (
            ("S-1", "A", 400),
            ("S-1", "B", 300),
            ("S-2", "A", 300),
            ("S-2", "B", 350),
            ("S-3", "A", 500),
            ("S-3", "B", 100),
        )
    ]
    # S-3's target is the Speaker's seat of a party-level file: one "others" row.
    rows = [r for r in rows if not r.startswith("2035-05-01,general,S-3")]
    rows.append("2035-05-01,general,S-3,North,1000,Other,,700")
    path = tmp_path / "results.csv"
    path.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    r = backtest(f"{path}:2030", f"{path}:2035", given="national", runs=4, seed=1)
    assert r["pair"]["seats_compared"] == 2
    assert r["pair"]["only_in_base"] == ["S-3"]
    # The seats were shown as a Python list: ['S-3'].
    assert (
        "2035-05-01: seats with no named candidate (the others' row only), left out: S-3"
        in (r["pair"]["reading"])
    )
    assert r["methods"]["no change"]["winners_wrong"] == 0
    assert "" not in [row["label"] for row in r["methods"]["votebank"]["by_label"]]
