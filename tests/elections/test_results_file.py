"""A results file's columns as read (elections/results_file.py)."""

from votebank.elections.read import read_election

HEAD = "election_date,election_type,constituency_id,region,electorate,party,candidate,votes"
ROWS = [
    "2031-05-01,general,S-1,North,900,13,Ana,400",
    "2031-05-01,general,S-1,North,900,045,Bia,300",
    "2031-05-01,general,S-2,North,900,13,Cid,350",
    "2031-05-01,general,S-2,North,900,045,Dora,360",
]


def test_parties_named_by_numbers_keep_their_labels_as_written(tmp_path):
    # Brazil's parties are numbers (PT 13, PSDB 45): read as numbers, the backtest labelled
    # them 13.0 and 45.0 in its tables and JSON, and a party 045 was 45.0.
    path = tmp_path / "results.csv"
    path.write_text("\n".join([HEAD, *ROWS]) + "\n", encoding="utf-8")
    parties = read_election(str(path)).candidates["party"].tolist()
    assert sorted(set(parties)) == ["045", "13"]
