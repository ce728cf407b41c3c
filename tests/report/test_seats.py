"""The report's seats: convention colours, layouts, the hemicycle, the map and deciding routes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import votebank as vb
from tests.report import TINY, run_tiny, synthetic_store
from votebank.report import build_report, render_html
from votebank.report.colours import CONVENTION, OKABE_ITO, party_colour, text_on
from votebank.report.layout import DOT, HEX, seat_layout
from votebank.report.seatdata import leader_first
from votebank.report.seatmap import hemicycle, largest_remainder, mix
from votebank.results.deciding import write_deciding
from votebank.results.store import ResultsStore
from votebank.results.summary import closest_seats


def _min_distance(cells: dict) -> float:
    p = np.array(list(cells.values()))
    d = np.hypot(*(p[:, None] - p[None]).transpose(2, 0, 1))
    np.fill_diagonal(d, np.inf)
    return float(d.min())


def test_colours_follow_the_convention_then_the_scenario_then_okabe_ito() -> None:
    assert party_colour("PML-N", "#0072B2", 0) == CONVENTION["PML-N"]  # green, not blue
    assert party_colour("pml-n", None, 0) == CONVENTION["PML-N"]
    assert party_colour("Con", "#FF0000", 0) == CONVENTION["CON"]
    assert party_colour("New Party", "#123456", 0) == "#123456"
    assert party_colour("New Party", "red", 2) == OKABE_ITO[2]  # not a #RRGGBB colour
    assert party_colour("New Party", None, 9) == OKABE_ITO[9 % len(OKABE_ITO)]
    assert text_on("#1A1A1A") == "#FFFFFF"
    assert text_on("#FDF38E") == "#000000"
    distinct = [c for pid, c in CONVENTION.items() if pid != "PPP"]  # PPP is PPPP's alias
    assert len(set(distinct)) == len(distinct)


def test_parties_without_a_colour_get_okabe_ito_not_all_grey(tmp_path: Path) -> None:
    # A scenario that names no colours (as `votebank synth` writes them) had every party in
    # the schema's default grey: hemicycle, map and bars all one colour.
    folder = tmp_path / "nocolour"
    shutil.copytree(TINY, folder)
    toml = (folder / "scenario.toml").read_text(encoding="utf-8")
    (folder / "scenario.toml").write_text(re.sub(r"(?m)^colour = .*$", "", toml), "utf-8")
    parties = build_report(run_tiny(tmp_path, folder, runs=2))["parties"]
    assert parties["RED"]["colour"] == OKABE_ITO[0]
    assert parties["BLUE"]["colour"] == OKABE_ITO[1]
    assert parties["IND"]["colour"] == CONVENTION["IND"]
    assert party_colour("New Party", "#888888", 3) == OKABE_ITO[3]  # the schema's default


def test_the_report_uses_the_convention(tmp_path: Path) -> None:
    data = build_report(synthetic_store(tmp_path, 2))
    assert data["parties"]["PPP"]["colour"] == CONVENTION["PPP"]  # the scenario says #009E73
    assert data["parties"]["PML-N"]["colour"] == CONVENTION["PML-N"]


def test_uk_seats_are_equal_hexagons_that_never_overlap() -> None:
    ids = list(vb.load_scenario("uk-2015-from-2010").constituencies["id"].astype(str))
    layout = seat_layout(ids)
    assert layout.kind == "hex"
    assert layout.placed == len(ids) == 650
    assert set(layout.cells) == set(ids)
    assert _min_distance(layout.cells) >= np.sqrt(3) * HEX - 1e-6
    # A few seats the layout lacks go into a grid below it; the rest keep their hexagons.
    more = seat_layout([*ids, "X-1", "X-2"])
    assert more.placed == 650
    assert more.cells["X-1"][1] > max(y for k, (_, y) in more.cells.items() if k in layout.cells)


def test_pakistan_seats_are_dots_pushed_apart_until_none_overlap() -> None:
    ids = list(vb.load_scenario("pakistan-2008").constituencies["id"].astype(str))
    layout = seat_layout(ids)
    assert layout.kind == "dots"
    assert layout.placed == len(ids) == 268
    assert _min_distance(layout.cells) >= 2 * DOT
    # North stays north: Peshawar (NA-1) lies above Karachi (NA-239).
    assert layout.cells["NA-1"][1] < layout.cells["NA-239"][1]


def test_unknown_seats_get_a_grid() -> None:
    layout = seat_layout([f"S-{i}" for i in range(30)])
    assert layout.kind == "grid"
    assert layout.credit == ""
    assert len(layout.cells) == 30
    assert _min_distance(layout.cells) >= 2 * DOT


@pytest.mark.parametrize("total", [0, 1, 7, 60])
def test_largest_remainder_keeps_the_total_and_rounds_each_party(total: int) -> None:
    rng = np.random.default_rng(total)
    raw = rng.random(5)
    means = {f"P{i}": float(v) for i, v in enumerate(raw / raw.sum() * total)}
    seats = largest_remainder(means, total)
    assert sum(seats.values()) == total
    for k, v in means.items():
        assert int(v) <= seats[k] <= int(v) + 1


def test_hemicycle_has_one_mark_per_seat_general_and_reserved() -> None:
    seats = [
        {"id": f"S-{i}", "name": f"Seat {i}", "winner": "A" if i % 3 else "B", "p_winner": 0.7}
        for i in range(41)
    ]
    house = {
        "majority": 30,
        "parties": [
            {"party": "A", "total_mean": 33.0, "women_mean": 5.4, "non_muslim_mean": 1.0},
            {"party": "B", "total_mean": 17.0, "women_mean": 2.6, "non_muslim_mean": 0.0},
        ],
    }
    svg = hemicycle(seats, house, lambda p: "#112233", lambda p: p)
    assert svg.count("<circle") == 41
    assert len(re.findall(r'data-seat="S-\d+"', svg)) == 41
    assert svg.count('data-reserved="women"') == 8
    assert svg.count('data-reserved="non_muslim"') == 1
    # Uncertainty: seats won in 70 % of runs are drawn at part strength, not solid.
    assert 'fill-opacity="0.6"' in svg
    assert 'fill-opacity="1"' not in svg


def test_a_paler_hemicycle_seat_is_ringed_in_its_party_s_colour() -> None:
    # pakistan-2008: PPPP's black at half strength read as the independents' grey, and
    # PML-N's dark green paled to PML-Q's light green, in a drawing of colours alone.
    seats = [
        {"id": "S-1", "name": "Safe", "winner": "PPPP", "p_winner": 0.95},
        {"id": "S-2", "name": "Lean", "winner": "PPPP", "p_winner": 0.7},
        {"id": "S-3", "name": "Toss-up", "winner": "PPPP", "p_winner": 0.5},
    ]
    house = {"majority": 2, "parties": [{"party": "PPPP", "total_mean": 3.0}]}
    svg = hemicycle(seats, house, lambda p: "#1A1A1A", lambda p: p)
    marks = {m[1]: m[0] for m in re.findall(r'(<circle[^>]*data-seat="(S-\d)")', svg)}
    assert 'class="seat"' in marks["S-1"]
    assert "color=" not in marks["S-1"]
    for seat in ("S-2", "S-3"):
        assert 'color="#1A1A1A" class="seat ring"' in marks[seat], marks[seat]
    css = (Path(hemicycle.__code__.co_filename).parent / "assets" / "report.css").read_text()
    assert "svg.hemicycle .seat.ring { stroke: currentColor;" in css


def _attr(tag: str, name: str) -> float:
    return float(re.search(rf'\b{name}="([-\d.]+)"', tag).group(1))


def _house_svg(n: int, reserved: int) -> str:
    """A house of ``n`` constituencies and ``reserved`` women's seats, two parties."""
    seats = [
        {"id": f"S-{i}", "name": f"Seat {i}", "winner": "AB"[i % 2], "p_winner": 0.8}
        for i in range(n)
    ]
    parties = [
        {"party": p, "total_mean": (n + reserved) / 2, "women_mean": reserved / 2} for p in "AB"
    ]
    house = {"majority": (n + reserved) // 2 + 1, "parties": parties}
    return hemicycle(seats, house, lambda p: "#112233", lambda p: p)


@pytest.mark.parametrize(
    ("n", "reserved"),
    [(1, 0), (2, 0), (3, 0), (5, 0), (6, 0), (12, 0), (50, 0), (268, 70), (338, 0), (650, 0)],
)
def test_hemicycle_marks_fit_the_drawing_and_never_overlap(n: int, reserved: int) -> None:
    svg = _house_svg(n, reserved)
    width, height = map(float, re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    # Every mark as its enclosing circle: centre and radius (a square's half diagonal).
    marks = [
        (_attr(t, "cx"), _attr(t, "cy"), _attr(t, "r")) for t in re.findall("<circle[^>]*", svg)
    ]
    for t in re.findall("<rect[^>]*", svg):
        half = _attr(t, "width") / 2
        marks.append((_attr(t, "x") + half, _attr(t, "y") + half, half * np.sqrt(2)))
    assert len(marks) == n + reserved
    x, y, r = np.array(marks).T
    eps = 0.15  # coordinates are written to 0.1
    assert (x - r).min() >= -eps
    assert (x + r).max() <= width + eps
    assert (y - r).min() >= -eps
    assert (y + r).max() <= height + eps
    d = np.hypot(x[:, None] - x[None], y[:, None] - y[None]) - (r[:, None] + r[None])
    np.fill_diagonal(d, np.inf)
    assert d.min() > -eps, "two marks overlap"
    # The majority line (1.5 wide) passes between the marks.
    line = re.search("<line[^>]*", svg).group(0)
    lx, top, bottom = _attr(line, "x1"), _attr(line, "y1"), _attr(line, "y2")
    assert _attr(line, "x2") == lx
    near_y = np.clip(y, top, bottom)
    assert (np.hypot(x - lx, y - near_y) - r).min() > 0.75 - eps, "a mark covers the line"
    # The drawing is as tall as its content: no blank band above or below.
    assert min((y - r).min(), top) <= 10
    assert max((y + r).max(), bottom) >= height - 10
    total = n + reserved
    assert f", {total:,} seat{'' if total == 1 else 's'}, coloured" in svg


def test_probability_fill_is_paler_for_less_certain_seats() -> None:
    def lightness(c: str) -> int:
        return sum(int(c[i : i + 2], 16) for i in (1, 3, 5))

    assert mix("#0087DC", 1.0) == "#0087DC"
    assert lightness(mix("#0087DC", 0.5)) > lightness(mix("#0087DC", 0.9))


def test_map_section_and_seat_page_in_the_report(tmp_path: Path) -> None:
    store = synthetic_store(tmp_path, 4)
    data = build_report(store)
    html = render_html(data)
    # NA-001 is NA-1 as results files are read (leading zeros ignored): the Pakistani map.
    seat_map = re.search(r'<svg class="seatmap dots" id="seat-map".*?</svg>', html, re.S)
    assert seat_map, "12 synthetic seats NA-001 to NA-012 on the dot map of NA-1 to NA-12"
    ids = {s["id"] for s in data["constituencies"]}
    assert set(re.findall(r'data-seat="([^"]+)"', seat_map.group(0))) == ids
    assert len(re.findall(r"data-seat=", seat_map.group(0))) == len(ids) == 12
    assert '<dialog id="seat-page"' in html
    assert html.count('class="seat-link"') == 12  # each table row opens its seat's page
    assert 'data-mode="fr"' not in html  # no deciding routes stored: no such colouring
    for s in data["constituencies"]:
        assert s["winner"] == max(s["parties"], key=s["parties"].get)
        assert sum(s["parties"].values()) == pytest.approx(1.0, abs=1e-3)
        for c in s["candidates"]:
            assert c["share_q05"] <= c["share"] + 1e-4
            assert c["share"] <= c["share_q95"] + 1e-4


def test_tied_seats_name_one_leader_everywhere(tmp_path: Path) -> None:
    # Two synthetic runs: a seat won once by each of two parties is a tie.
    store = synthetic_store(tmp_path, 2)
    data = build_report(store)
    with ResultsStore(store, read_only=True) as db:
        summary = closest_seats(db, data["ensemble"]["id"], n=100).set_index("constituency_id")
    ties = [s for s in data["constituencies"] if s["p_winner"] == 0.5]
    assert ties
    html = render_html(data)
    for s in data["constituencies"]:
        leader = summary.at[s["id"], "leader_party"]  # `votebank summary`'s leader
        assert s["winner"] == leader, s["id"]
        # The seat page lists the candidates in this order; the table's leader is the first.
        first, second = s["candidates"][:2]
        assert first["party"] == leader, s["id"]
        if summary.at[s["id"], "p_challenger"] > 0:
            assert second["party"] == summary.at[s["id"], "challenger_party"], s["id"]
        row = re.search(
            rf'<tr data-search="[^"]*"><td[^>]*><button[^>]*data-open="{s["id"]}".*?</tr>', html
        )
        sort_keys = re.findall(r'<td data-sort="([^"]*)"', row.group(0))
        assert sort_keys[3] == first["name"], s["id"]  # the Leader column
        tips = re.findall(rf'data-seat="{s["id"]}"[^>]*><title>([^<]*)</title>', html)
        assert len(tips) == 2, s["id"]  # the hemicycle and the map
        assert all(f": {leader} wins in" in t for t in tips), s["id"]


def test_the_leader_is_the_top_candidate_of_the_likeliest_party() -> None:
    # Two independents share 60 % of the wins; the PPP candidate alone wins 40 %.
    cands = [
        {"name": "Pir", "party": "PPP", "p_win": 0.4},
        {"name": "Rana", "party": "IND", "p_win": 0.3},
        {"name": "Malik", "party": "IND", "p_win": 0.3},
        {"name": "Khan", "party": "ANP", "p_win": 0.0},
    ]
    order = [c["name"] for c in leader_first(cands, "IND")]
    assert order == ["Rana", "Pir", "Malik", "Khan"]
    assert [c["name"] for c in leader_first(cands, "PPP")] == ["Pir", "Rana", "Malik", "Khan"]


def test_candidates_who_never_win_follow_by_votes_not_by_party_id() -> None:
    # A safe seat as the store lists it (P(win), then mean votes): the runner-up on votes is
    # the challenger, not the party id first in the alphabet (Green's 3 % before LD's 19 %).
    cands = [
        {"name": "Howarth", "party": "Con", "p_win": 1.0, "share": 0.485},
        {"name": "Hilliar", "party": "LD", "p_win": 0.0, "share": 0.185},
        {"name": "Walker", "party": "UKIP", "p_win": 0.0, "share": 0.150},
        {"name": "Puffett", "party": "Lab", "p_win": 0.0, "share": 0.149},
        {"name": "Hewitt", "party": "Green", "p_win": 0.0, "share": 0.031},
    ]
    order = [c["name"] for c in leader_first(cands, "Con")]
    assert order == ["Howarth", "Hilliar", "Walker", "Puffett", "Hewitt"]


def store_deciding(tmp_path: Path, p_changed: list[float]) -> dict:
    """A 4-run store whose 12 seats have biradari's then stuffing's ``p_changed``; its report."""
    store = synthetic_store(tmp_path, 4)
    seats = [f"NA-{i:03d}" for i in range(1, 13)]
    rows = pd.DataFrame(
        {
            "constituency_id": seats * 2,
            "mechanism": ["biradari"] * 12 + ["stuffing"] * 12,
            "runs": 4,
            "p_changed": p_changed,
            "p_changed_se": 0.2,
            "winner_with": "PPP",
            "winner_without": "PML-N",
        }
    )
    write_deciding(store, build_report(store)["ensemble"]["id"], rows)
    return build_report(store)


def test_stored_deciding_routes_reach_the_report(tmp_path: Path) -> None:
    data = store_deciding(tmp_path, [0.75] * 3 + [0.0] * 9 + [0.25] * 12)
    assert data["deciding"]["decides"] == {"biradari": 3, "stuffing": 0}
    first = next(s for s in data["constituencies"] if s["id"] == "NA-001")
    assert first["decided_by"] == "biradari"
    assert [d["mechanism"] for d in first["deciding"]] == ["biradari", "stuffing"]
    html = render_html(data)
    assert 'id="deciding"' in html
    assert 'data-mode="fr"' in html
    assert "What decides the seats" in html
    assert 'Deciding route<span class="arrow"' in html  # a column of the seat table


def test_the_route_legend_counts_the_seats_the_map_colours_so(tmp_path: Path) -> None:
    # Seats decided by two mechanisms are coloured by one: the legend said "stuffing (3)"
    # beside a map with no seat in stuffing's colour.
    data = store_deciding(tmp_path, [1.0] * 3 + [0.0] * 9 + [0.75] * 3 + [0.0] * 9)
    assert data["deciding"]["decides"] == {"biradari": 3, "stuffing": 3}  # the table's count
    legend = re.search(r'data-legend="fr".*?</ul>', render_html(data), re.S).group(0)
    assert "biradari (3)" in legend
    assert "stuffing (0)" in legend
    assert "no single mechanism decides (9)" in legend


def test_the_probability_key_shows_the_shades_the_map_draws(tmp_path: Path) -> None:
    # The key showed three steps of grey opacity (70%+, 50-70%, under 50%) beside a map
    # shaded continuously by mix(): a seat won in 55% of runs matched no step of the key.
    data = store_deciding(tmp_path, [0.0] * 24)
    legend = re.search(r'data-legend="fp".*?</ul>', render_html(data), re.S).group(0)
    fills = re.findall(r'fill="(#[0-9A-F]{6})"', legend)
    assert fills == [mix("#333333", p) for p in (0.3, 0.5, 0.7, 0.9, 1.0)]
    assert len(set(fills)) == 5  # five shades a reader can tell apart
    for label in ("30% or less", "50%", "70%", "90%", "100%"):
        assert f"</svg> {label}</li>" in legend
    assert "style=" not in legend  # the page's policy admits no inline style


def test_seat_ids_written_otherwise_than_the_layout_s_are_placed_on_it() -> None:
    # A UK file with lower-case codes (e14000530) drew "No map layout knows these seats" and
    # a grid of 650 squares; ids are read as results files are (case, separators, zeros).
    text = (Path(vb.__file__).parent / "data" / "uk" / "constituencies.hexjson").read_text()
    known = sorted(json.loads(text)["hexes"])[:40]
    exact, loose = seat_layout(known), seat_layout([k.lower() for k in known])
    assert (exact.kind, loose.kind) == ("hex", "hex")
    assert loose.placed == exact.placed == 40
    assert [loose.cells[k.lower()] for k in known] == [exact.cells[k] for k in known]
    # Two ids of one key are not placed loosely (which would be which?).
    both = seat_layout([*known[:39], known[0].lower()])
    assert both.placed == 39  # the exact one on the map, the other in the grid below it


def test_the_seat_grid_orders_seat_ids_as_the_table_does(tmp_path: Path) -> None:
    # Seats no layout knows went into the grid as text sorts them
    # while the constituency table sorts them as numbers (X-1, X-2, ... X-10).
    data = build_report(synthetic_store(tmp_path, 2))
    for i, s in enumerate(data["constituencies"]):
        s["id"], s["region"] = f"X-{i + 1}", "North" if i < 6 else "South"
    seat_map = re.search(r'<svg class="seatmap grid".*?</svg>', render_html(data), re.S).group(0)
    cells = re.findall(r'<rect x="([\d.]+)" y="([\d.]+)"[^>]*data-seat="([^"]+)"', seat_map)
    by_place = [sid for _, _, sid in sorted(cells, key=lambda c: (float(c[1]), float(c[0])))]
    assert by_place == [f"X-{i}" for i in range(1, 13)]


def test_a_party_without_a_colour_is_not_given_one_like_another_party_s() -> None:
    # A new party in an imported UK scenario got Okabe-Ito orange beside the Liberal
    # Democrats' orange: their seats could not be told apart on the map.
    import pandas as pd

    from votebank.report.build import _parties

    spec = {"parties": [{"id": "NEWP", "colour": "#888888"}, {"id": "LD", "colour": "#FAA61A"}]}
    colours = {pid: p["colour"] for pid, p in _parties(spec, pd.Series([], dtype=str)).items()}
    new, ld = (np.array([int(c[i : i + 2], 16) for i in (1, 3, 5)]) for c in colours.values())
    assert colours["LD"] == CONVENTION["LD"]
    assert np.linalg.norm(new - ld) > 50


def test_a_deciding_route_names_the_winner_of_the_paired_runs_not_of_the_ensemble(
    tmp_path: Path,
) -> None:
    # pakistan-2008 after `explain --all --runs 3` listed NA-20's biradari as "P(winner
    # changes) 100%, PML-N -> PML-N": PML-N leads the seat over all 20 runs, but in the three
    # paired runs PML-Q won with biradari and PML-N without it (the store's winner_with).
    data = store_deciding(tmp_path, [1.0] * 12 + [0.0] * 12)
    first = next(s for s in data["constituencies"] if s["id"] == "NA-001")
    assert first["deciding"][0]["with"] == "PPP"
    first["winner"] = "PML-N"  # the ensemble's leader differs from the paired runs' winner
    table = re.search(r"The seats most often decided.*?</table>", render_html(data), re.S)
    row = re.search(r"NA-001</button>.*?</tr>", table.group(0), re.S).group(0)
    text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    assert "PPP → PML-N" in text, text


def test_mechanisms_are_listed_as_the_terminal_lists_them(tmp_path: Path) -> None:
    # explain --all printed landlords, biradari, stuffing ... (most winners changed first);
    # the report's table read biradari, coercion, fear ... in alphabetical order.
    data = store_deciding(tmp_path, [0.0] * 12 + [0.75] * 12)
    section = re.search(r'<section id="deciding".*?</table>', render_html(data), re.S).group(0)
    assert re.findall(r"<tr><td>(\w+)</td>", section) == ["stuffing", "biradari"]


def test_the_winner_legend_says_its_counts_are_not_mean_seats(tmp_path: Path) -> None:
    # pakistan-2008's map legend read "PPPP 89" beside the house's "88.5 simulated" at the
    # poll, with nothing to say the one counts seats it wins most often, the other a mean.
    data = store_deciding(tmp_path, [0.0] * 24)
    caption = re.search(r'<figure class="mapfig">.*?<figcaption>(.*?)</figcaption>',
                        render_html(data), re.S).group(1)  # fmt: skip
    assert "the number beside a party counts those seats" in caption
    assert "not the party's mean seats" in caption
