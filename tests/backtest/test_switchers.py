import pandas as pd

from votebank.backtest.history import pair
from votebank.backtest.switchers import switched_party


def test_each_person_standing_for_another_party_is_named_with_both_labels():
    slate = pd.DataFrame(
        {
            "i": [0, 0, 1, 1],
            "name": ["A Khan", "B Shah", "C Rana", "D Butt"],
            "label": ["PML-N", "PPP", "IND", "PPP"],
            "indep": [False, False, True, False],
            "person": [0.4, 0.3, 0.2, 0.0],
            "person_label": ["PML-Q", "PPP", "PPP", ""],
        }
    )
    assert switched_party(slate, ["NA-1", "NA-2"], {"IND"}) == [
        {"seat": "NA-1", "name": "A Khan", "base": "PML-Q", "target": "PML-N"}
    ]


def test_the_pairs_count_of_switchers_is_the_length_of_their_list():
    notes = pair("pakistan:2002-10-10", "pakistan:2008-02-18").notes
    assert notes["people_switched_party"] == len(notes["switched_party"]) > 0
    assert {"seat", "name", "base", "target"} == set(notes["switched_party"][0])
