"""Rows that repeat earlier rows: a paste is told from stations that report alike."""

import numpy as np
import pandas as pd

from votebank.csvfiles import repeat_pairs
from votebank.forensics.repeats import pasted


def test_a_block_in_the_same_order_is_a_paste_and_scattered_repeats_are_not():
    rows = np.arange(2, 8)
    block = pd.DataFrame({"reg": ["1", "2", "3", "1", "2", "9"]})
    assert repeat_pairs(block, rows) == [(5, 2), (6, 3)]
    assert pasted(repeat_pairs(block, rows), rows)
    scattered = pd.DataFrame({"reg": ["1", "2", "1", "3", "2", "9"]})  # 4 = 2, 6 = 3: apart
    assert not pasted(repeat_pairs(scattered, rows), rows)
    alike = pd.DataFrame({"reg": ["1", "1", "1", "1", "2", "3"]})  # one station's counts, often
    assert not pasted(repeat_pairs(alike, rows), rows)
