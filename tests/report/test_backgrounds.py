"""The report's "Winners by background" section."""

from __future__ import annotations

from votebank.report.backgrounds import backgrounds_section

ROW = {"background": "feudal", "source": "unsourced", "seats_mean": 2.0, "q05": 1, "q95": 3}


def test_the_lead_names_the_unsourced_rows_in_plain_english():
    # The lead said "the rest are unsourceds: labels given without a source".
    for kind, plural in (("unsourced", "the rest are unsourced:"), ("synthetic draw", "draws:")):
        bg = {"rows": [ROW], "seats_sourced": 0.0, "seats": 2.0, "unsourced_are": kind}
        html = backgrounds_section({"backgrounds": bg})
        assert plural in html
        assert "unsourceds" not in html
