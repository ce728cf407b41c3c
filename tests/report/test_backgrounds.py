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


def test_sourced_seats_read_as_in_the_summary_not_rounded_twice(tmp_path, monkeypatch):
    # pakistan-2008 over 20 runs: sourced winners 58.95 + 18.35 + 10.25 + 5.8 seats, a sum of
    # 93.35000000000001, which `votebank summary` writes 93.4; the report kept six digits
    # (93.35, just below the half) and wrote "cover 93.3 of 268 seats".
    import pandas as pd

    from votebank.report import backgrounds as section
    from votebank.report.build import build_report
    from votebank.results.backgrounds import sourced_share

    from . import run_tiny

    rows = [
        ("dynastic", True, 58.95),
        ("feudal", True, 18.35),
        ("religious", True, 10.25),
        ("middle_class", True, 5.8),
        ("feudal", False, 174.65),
    ]
    df = pd.DataFrame(
        {
            "background": [r[0] for r in rows],
            "sourced": [r[1] for r in rows],
            "runs": 20,
            "seats_mean": [r[2] for r in rows],
            "seats_se": 0.3,
            "seats_sd": 1.3,
            "q05": 1.0,
            "q95": 2.0,
        }
    )
    monkeypatch.setattr(section, "background_summary", lambda store, eid: df)
    data = build_report(run_tiny(tmp_path))
    known, total = sourced_share(df)
    assert data["backgrounds"]["seats_sourced"] == known
    html = backgrounds_section(data)
    assert f"cover {known:,.1f} of {total:,.0f} seats" in html
    assert "cover 93.4 of 268 seats" in html


def test_one_seat_is_one_seat():
    # copeland-2017 (one seat): "cover 0.0 of 1 seats".
    bg = {"rows": [ROW], "seats_sourced": 0.0, "seats": 1.0, "unsourced_are": "unsourced"}
    html = backgrounds_section({"backgrounds": bg})
    assert "cover 0.0 of 1 seat;" in html
    bg["seats"] = 268.0
    assert "cover 0.0 of 268 seats;" in backgrounds_section({"backgrounds": bg})


def test_a_report_without_backgrounds_has_no_section_of_them(tmp_path):
    # uk-2015-from-2010's report had a section saying sourced backgrounds "cover 0.0 of 650
    # seats" over a one-row table: background none, unsourced, 650 seats.
    from votebank.report.build import build_report
    from votebank.report.render import render_html
    from votebank.results.store import ResultsStore

    from . import synthetic_store

    store = synthetic_store(tmp_path, 2)
    assert build_report(store)["backgrounds"]["rows"]
    with ResultsStore(store) as db:
        db.connection.execute(
            "UPDATE candidates SET background = 'none', background_sourced = false"
        )
    data = build_report(store)
    assert data["backgrounds"]["rows"] == []
    html = render_html(data)
    assert 'id="backgrounds"' not in html
    assert "Winners by background" not in html
