"""Which rows are totals or subtotals: exact sums of three rows or more, near totals, labels."""

import numpy as np
import pandas as pd

from votebank.forensics.total_rows import adding_rows, near_totals, total_labels

REG = np.array([1000, 800, 900, 1200, 700, 1100, 950, 850, 1000, 900])  # 9,400 voters
BAL = np.array([600, 500, 450, 700, 400, 650, 500, 550, 600, 450])


def _with(row_reg, row_bal):
    return np.r_[REG, row_reg], np.r_[BAL, row_bal]


def test_a_total_holding_postal_votes_is_near_the_stations_sums_and_far_above_each():
    # Before, only a row exactly the sum of the others was a total; one with postal votes
    # on top (ballots 8% over the stations' sum) was read as one station of 9,400 voters.
    reg, bal = _with(REG.sum(), round(1.08 * BAL.sum()))
    assert near_totals(reg, bal).tolist() == [10]
    assert {r: w.kind for r, w in adding_rows(reg, bal).items()} == {10: "near"}


def test_a_big_station_near_the_others_sum_is_no_total_unless_far_above_each():
    # A town's station of 7,500 voters beside villages (7,000 together, the largest 3,000):
    # within 25% of their sum, but not 5 times each, as a total of many stations is.
    reg = np.array([3000, 1000, 1000, 1000, 1000, 7500])
    bal = np.array([1800, 600, 600, 600, 600, 4000])
    assert near_totals(reg, bal).size == 0
    off = _with(REG.sum(), BAL.sum() // 2)  # half the stations' ballots: not their total
    assert near_totals(*off).size == 0


def test_three_stations_one_the_sum_of_the_others_are_three_stations():
    # A coincidence among three rows: before, the third was refused as a total (and at the
    # top of a longer file as a subtotal), with no way to read the file.
    three = np.array([12, 7, 19]), np.array([8, 4, 12]), np.array([5, 3, 8])
    assert adding_rows(*three) == {}
    longer = [np.r_[c, [40, 35, 50]] for c in three]
    assert adding_rows(*longer) == {}
    # Two subtotals of two rows each are a pattern, not a coincidence.
    twice = [np.r_[c, c] for c in three]
    assert {r: w.run for r, w in adding_rows(*twice).items()} == {2: (0, 1), 5: (3, 4)}


def test_a_row_the_exact_sum_of_three_others_is_a_total_unless_kept():
    four = np.array([10, 7, 3, 20]), np.array([6, 5, 2, 13])
    assert {r: w.kind for r, w in adding_rows(*four).items()} == {3: "total"}
    assert adding_rows(*four, keep=np.array([False, False, False, True])) == {}


def test_labels_that_say_total_are_found_in_any_text_column_but_not_a_column_of_them():
    said = ["TOTAL", "North subtotal", "ИТОГО", "Sum", "Grand total"]
    others = ["School 1", "Summerfield", "", "Totalville", "Sumy", "Sum Bayan"]  # no word total
    labels = pd.DataFrame(
        {
            "name": [*said, *others],
            "kind": ["total votes"] * 11,  # a column saying it on every row marks no row
        }
    )
    assert total_labels(labels) == dict(enumerate(said))


def test_one_districts_total_at_the_foot_or_head_of_a_file_is_a_subtotal():
    # Before, a last row adding up only the three stations above it (one district's total
    # under a file of 30) was read as one more station: no block started at row 27.
    reg = np.r_[REG, REG, REG]
    bal = np.r_[BAL, BAL, BAL]
    foot = np.r_[reg, reg[-3:].sum()], np.r_[bal, bal[-3:].sum()]
    assert {r: (w.kind, w.run) for r, w in adding_rows(*foot).items()} == {
        30: ("subtotal", (27, 29))
    }
    head = np.r_[reg[:4].sum(), reg], np.r_[bal[:4].sum(), bal]
    assert {r: w.run for r, w in adding_rows(*head).items()} == {0: (1, 4)}
    # Two stations above it are a coincidence, as elsewhere.
    two = np.r_[reg, reg[-2:].sum()], np.r_[bal, bal[-2:].sum()]
    assert adding_rows(*two) == {}


def test_a_station_repeated_beside_closed_stations_is_no_subtotal():
    # Closed stations (all zeros) add nothing: a station under two of them, or over them at
    # the foot of the file, was refused as the subtotal of three rows, itself and two zeros.
    for reg, bal in (
        (np.r_[REG, 0, 0, REG[-1]], np.r_[BAL, 0, 0, BAL[-1]]),
        (np.r_[REG, REG[-1], 0, 0], np.r_[BAL, BAL[-1], 0, 0]),
    ):
        assert adding_rows(reg, bal) == {}
    # Counted stations with closed ones among them still make a subtotal.
    reg, bal = np.r_[REG, 0, REG[-3:].sum()], np.r_[BAL, 0, BAL[-3:].sum()]
    assert {r: w.run for r, w in adding_rows(reg, bal).items()} == {11: (7, 10)}


def test_total_in_other_languages_is_found_but_not_in_names_that_hold_it():
    # A German "Insgesamt", a Malay "Jumlah" or an Urdu "کل" under the stations was read as one
    # more station, of the whole district's size.
    said = ["Insgesamt", "Gesamt", "Totale generale", "Totaal", "Toplam", "Jumlah", "Razem"]
    said += ["Усього", "Suma", "کل", "कुल", "المجموع", "الإجمالي"]
    names = ["Gesamtschule Nord", "Suma Primary School", "Razem Street", "कुलदीप नगर"]
    names += ["Jumlahville", "Toplama Ocagi", "Totaalbouw", "Kulna"]
    labels = pd.DataFrame({"name": [*said, *names, *[f"Station {i}" for i in range(20)]]})
    assert total_labels(labels) == dict(enumerate(said))
