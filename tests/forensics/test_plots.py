"""The figures and files write_outputs writes."""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np

from votebank.forensics import analyze, klimek_synthetic, write_outputs


def test_region_names_the_font_lacks_are_drawn_without_a_warning_per_glyph(tmp_path):
    res, _ = klimek_synthetic(600, rng=np.random.default_rng(0))
    names = np.where(np.arange(600) % 2, "北京 😀", "Москва")
    res = replace(res, regions=names, source="选举 🗳.csv")
    report = analyze(res, seed=0, bootstrap=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = write_outputs(report, res, tmp_path)
    assert not [w for w in caught if "Glyph" in str(w.message)]
    assert paths["regions"].read_bytes()[:4] == b"\x89PNG"  # still drawn (boxes for glyphs)
