"""Rows that repeat earlier rows: a paste is told from stations that report alike."""

import numpy as np
import pandas as pd

from votebank.forensics.repeats import pasted, repeats


def test_a_block_in_the_same_order_is_a_paste_and_scattered_repeats_are_not():
    rows = np.arange(2, 8)
    block = pd.DataFrame({"reg": ["1", "2", "3", "1", "2", "9"]})
    assert repeats(block, rows) == [(5, 2), (6, 3)]
    assert pasted(repeats(block, rows), rows)
    scattered = pd.DataFrame({"reg": ["1", "2", "1", "3", "2", "9"]})  # 4 = 2, 6 = 3: apart
    assert not pasted(repeats(scattered, rows), rows)
    alike = pd.DataFrame({"reg": ["1", "1", "1", "1", "2", "3"]})  # one station's counts, often
    assert not pasted(repeats(alike, rows), rows)
