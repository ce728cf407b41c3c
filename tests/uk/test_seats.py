"""votebank seats: typed shares give seats with intervals; more votes never cost a party seats."""

import functools
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import votebank as vb
from tests.hostile.helpers import assert_user_error
from tests.hostile.helpers import main as hostile_main
from votebank.cli import app, main
from votebank.errors import InputError
from votebank.uk.seats import seat_calculator
from votebank.uk.typed_shares import parse_shares, read_region_shares

TINY = Path(vb.__file__).parent / "scenarios" / "tiny"


@functools.cache
def england():
    sc = vb.load_scenario("uk-2015-from-2010")
    english = sc.constituencies[sc.constituencies["region"] != "Scotland"]["id"]
    return sc.with_seats(list(english[:120]))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Con=abc", "PARTY=PERCENT"),
        ("Con=150", "0 to 100"),
        ("Con=60,Lab=50", "more than 100"),
        ("Con=60,Con=50", "party given twice"),  # was: the last one silently kept
    ],
)
def test_bad_shares_are_input_errors(text, says):
    with pytest.raises(InputError, match=says):
        parse_shares(text, "--shares")


def test_region_shares_are_read_per_region_as_fractions(tmp_path):
    path = tmp_path / "regions.csv"
    path.write_text("Region,Party,Share\nScotland,SNP,50\nScotland,Lab,24.5\n", encoding="utf-8")
    assert read_region_shares(path) == {"Scotland": {"SNP": 0.5, "Lab": 0.245}}


@pytest.mark.parametrize(
    ("table", "says"),
    [
        (
            "region,party,pct\nScotland,SNP,50\n",
            "header: missing column(s) of region shares: share",
        ),
        ("region,party,share\nScotland,SNP,abc\n", "row 2: column share: a percentage"),
        ("region,party,share\nScotland,SNP,nan\n", "row 2: column share: a percentage"),
        ("region,party,share\nScotland,SNP,50\nScotland,SNP,40\n", "row 3: given twice"),
        ("region,party,share\n,SNP,50\n", "row 2: name a region and a party"),
        ("region,party,share\nWales,Lab,60\nWales,PC,50\n", "region Wales: the shares add up"),
    ],
)
def test_a_bad_region_shares_file_is_refused_naming_file_and_row(tmp_path, table, says):
    path = tmp_path / "regions.csv"
    path.write_text(table, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_region_shares(path)
    assert f"{path}: {says}" in str(err.value)


def test_an_unknown_party_is_an_input_error():
    with pytest.raises(InputError, match="Tory"):
        seat_calculator(england(), {"Tory": 0.4}, runs=2)


@pytest.mark.parametrize(
    ("shares", "says"),
    [
        ({"Con": 0.38, "Lab": 0.31, "LD": 0.4}, "add up to more than 1"),  # was: seats for 109 %
        ({"Con": float("nan")}, "Con: a share is a fraction"),  # was: a pydantic traceback
        ({"Con": True}, "Con: a share is a fraction"),  # was: read as 100 %
        ({"Con": 38}, "Con: a share is a fraction"),
    ],
)
def test_api_shares_it_cannot_use_are_input_errors(shares, says):
    with pytest.raises(InputError, match=says):
        seat_calculator(england(), shares, runs=2)


def test_more_votes_never_cost_a_party_seats_and_intervals_hold_the_mean():
    low = {"Con": 0.34, "Lab": 0.34, "LD": 0.08, "UKIP": 0.12}
    high = {**low, "Con": 0.40, "Lab": 0.30}
    seats_low, _ = seat_calculator(england(), low, runs=30, seed=4)
    seats_high, changes = seat_calculator(england(), high, runs=30, seed=4)
    con = {
        t: float(s.set_index("party").loc["Con", "seats"])
        for t, s in (("low", seats_low), ("high", seats_high))
    }
    assert con["high"] > con["low"]
    assert (seats_high.q05 <= seats_high.seats).all()
    assert (seats_high.seats <= seats_high.q95).all()
    assert seats_high.seats.sum() == pytest.approx(120)
    assert ((changes.p_change > 0) & (changes.p_change <= 1)).all()


def test_the_command_prints_seats_and_seats_changing_hands_and_writes_the_map(tmp_path):
    page = tmp_path / "map.html"
    result = CliRunner().invoke(
        app,
        [
            "seats",
            "uk-2015-from-2010",
            "--shares",
            "Con=38,Lab=31,LD=8,UKIP=12",
            "--runs",
            "3",
            "--map",
            str(page),
        ],
        env={"COLUMNS": "120"},
    )
    assert result.exit_code == 0, result.output
    assert "Seats at Con=38,Lab=31" in result.output
    assert "change hands" in result.output
    assert str(page) in result.output.replace("\n", "")
    html = page.read_text(encoding="utf-8")
    assert html.count("data-seat=") == 650  # one hexagon per seat
    assert "Open Innovations" in html  # the layout's credit


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("region,party,pct\nScotland,SNP,50\n", "missing column(s) of region shares: share"),
        ("region,party,share\n", "rows: no data rows under the header"),
    ],
)
def test_a_region_shares_file_it_cannot_use_exits_2_without_a_traceback(
    tmp_path, capsys, text, says
):
    path = tmp_path / "regions.csv"
    path.write_text(text, encoding="utf-8")
    args = ["seats", "uk-2015-from-2010", "--shares", "Con=37,Lab=30", "--region-shares", str(path)]
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "Traceback" not in err
    assert says in err


@pytest.mark.parametrize(
    ("shares", "says"),
    [
        # The parties not given kept their targets: 127.6 % in all.
        ("Con=60,Lab=40", ["--shares", "passes 100", "UKIP 14.1", "LD=0"]),
        # Both stand only in regions swung apart: the shares had no effect.
        ("SNP=90,DUP=5", ["--shares: SNP", "--shares: DUP", "--region-shares"]),
        ("", ["--shares", "no party given"]),
        ("Con=0.37,Lab=0.3", ["--shares", "percentages"]),
    ],
)
def test_shares_the_calculator_cannot_use_are_refused(shares, says, tmp_path, monkeypatch, capsys):
    page = tmp_path / "map.html"
    argv = ["seats", "uk-2015-from-2010", "--shares", shares, "--runs", "2", "--map", str(page)]
    code, stdout, err = hostile_main(argv, monkeypatch, capsys)
    assert_user_error(code, stdout, err, *says)
    assert not page.exists()


def test_every_problem_of_the_shares_and_the_file_is_named_together(tmp_path, monkeypatch, capsys):
    path = tmp_path / "regions.csv"
    rows = ["region,party,share", "Scotland,Foo,10", "Wales,Lab,40", "Scotland,SNP,x"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    argv = ["seats", "uk-2015-from-2010", "--shares", "Con=37,Bar=3,Lab=x", "--runs", "2"]
    argv += ["--region-shares", str(path), "--map", str(tmp_path / "map.html")]
    code, stdout, err = hostile_main(argv, monkeypatch, capsys)
    assert_user_error(
        code,
        stdout,
        err,
        "5 problems",
        "--shares: Lab: write PARTY=PERCENT",
        "--shares: Bar: no such party",
        f"{path}: row 2: no such party here; the parties: Con, Lab",
        f"{path}: row 3: not a region swung apart",
        f"{path}: row 4: column share: a percentage",
    )
    assert "--shares: Foo" not in " ".join(err.split())


@pytest.mark.parametrize(
    ("shares", "regions", "says"),
    [
        # Independents and the Speaker keep their seat shares: a share for them did nothing.
        ("Con=30,Lab=30,Ind=20", None, ["--shares: Ind: not swung here"]),
        ("Con=30,Lab=30,Speaker=20", None, ["--shares: Speaker: not swung here"]),
        # Northern Ireland's parties have no regional baseline: the rows did nothing.
        (
            "Con=37",
            "region,party,share\nNorthern Ireland,DUP,20\nNorthern Ireland,SF,40\n",
            ["row 2: not swung here", "(got DUP)", "row 3: not swung here", "(got SF)"],
        ),
    ],
)
def test_a_share_for_a_party_the_swing_never_moves_is_refused(
    shares, regions, says, tmp_path, monkeypatch, capsys
):
    page = tmp_path / "map.html"
    argv = ["seats", "uk-2015-from-2010", "--shares", shares, "--runs", "2", "--map", str(page)]
    if regions:
        (tmp_path / "regions.csv").write_text(regions, encoding="utf-8")
        argv += ["--region-shares", str(tmp_path / "regions.csv")]
    code, stdout, err = hostile_main(argv, monkeypatch, capsys)
    assert_user_error(code, stdout, err, *says)
    assert not page.exists()


def test_a_tie_for_the_most_seats_is_shared_as_in_the_summary():
    # Counted whole for each party tied, the column added up past 100 % (the summary's
    # P(largest) shares a tie: each of k tied parties gets 1/k).
    close = {"Con": 0.40, "Lab": 0.34, "LD": 0.08, "UKIP": 0.12}
    seats, _ = seat_calculator(england(), close, runs=30, seed=4)
    top = seats.set_index("party").p_most
    assert top.sum() == pytest.approx(1.0)
    assert 0 < top["Con"] < 1
    assert 0 < top["Lab"] < 1


@pytest.fixture(scope="module")
def poll_like(tmp_path_factory):
    """The README's example, Con=37,Lab=30,LD=8,UKIP=13 on uk-2015-from-2010: (output, map)."""
    page = tmp_path_factory.mktemp("poll") / "map.html"
    args = ["seats", "uk-2015-from-2010", "--shares", "Con=37,Lab=30,LD=8,UKIP=13", "--runs", "2"]
    result = CliRunner().invoke(app, [*args, "--map", str(page)], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result.output, page


def test_shares_that_with_those_kept_fall_short_of_100_are_said_to_be_scaled(poll_like):
    # Con=37,Lab=30,LD=8,UKIP=13 with Green, PC and OTH kept add up to 93.3: the swing
    # brings each seat back to 100, so the typed shares acted as about 39.4, 31.9, ...
    # (England and Wales came out at Con 39.3, Lab 31.9), and nothing said so.
    text = " ".join(poll_like[0].split())
    assert "add up to 93.3, where the baseline's add up to 99.4" in text
    assert "act as about Con 39.4, Lab 31.9" in text


def test_the_command_says_what_the_shares_are_shares_of(poll_like):
    # On uk-2015-from-2010 the shares are England and Wales's (Scotland and Northern Ireland
    # swing apart), but help and output said only "national shares": a GB poll looked like
    # the right thing to type.
    output, page = poll_like
    text = " ".join(output.split())
    assert "shares of the vote in the seats outside Scotland and Northern Ireland" in text
    assert "a Great Britain poll's figures count Scotland too" in text
    assert "outside Scotland and Northern Ireland" in page.read_text()
    helped = CliRunner().invoke(app, ["seats", "--help"], env={"COLUMNS": "400"})
    assert "England and Wales's shares, not a Great Britain poll's" in " ".join(
        helped.output.split()
    )


def test_a_typed_party_that_wins_no_seat_is_shown_with_none(poll_like):
    # UKIP typed at 13 % won no seat and was left out of the table: the party the user typed
    # disappeared instead of getting its answer, 0 seats.
    output = poll_like[0]
    rows = {line.split("│")[1].strip(): line for line in output.splitlines() if "│" in line}
    assert "UKIP" in rows
    assert [cell.strip() for cell in rows["UKIP"].split("│")[2:5]] == ["0.0", "0–0", "0.0%"]


def test_a_seat_without_a_baseline_result_is_not_said_to_change_hands():
    # A seat whose candidates have no baseline_votes (a new seat: it keeps the choice model)
    # was "held by" the party of its first candidate row and listed as changing hands.
    sc = england().with_seats(list(england().constituencies["id"][:3]))
    new_seat = sc.constituencies["id"][2]
    cands = sc.candidates.copy()
    here = cands["constituency"] == new_seat
    cands.loc[here, "baseline_votes"] = -1
    # Its likely winner is not the party of the first row.
    cands = pd.concat([cands[here].iloc[::-1], cands[~here]], ignore_index=True)
    shares = {"Con": 0.40, "Lab": 0.30, "LD": 0.08, "UKIP": 0.14}
    _, changes = seat_calculator(sc.with_tables(sc.constituencies, cands), shares, runs=4)
    name = sc.constituencies.set_index("id").loc[new_seat, "name"]
    assert name not in set(changes["seat"])


def test_region_shares_that_fall_short_of_the_regions_baseline_are_said_to_be_scaled(tmp_path):
    # Scotland SNP=40,Lab=20 with the rest kept add up to 85.6 against its baseline's 99.7:
    # the swing scaled them up (SNP acted as about 46.6) and, unlike --shares, nothing said so.
    path = tmp_path / "regions.csv"
    path.write_text("region,party,share\nScotland,SNP,40\nScotland,Lab,20\n", encoding="utf-8")
    args = ["seats", "uk-2015-from-2010", "--shares", "Con=40,Lab=32,LD=8,UKIP=14", "--runs"]
    args += ["2", "--region-shares", str(path), "--map", str(tmp_path / "map.html")]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Scotland's shares with those kept add up to 85.6" in text
    assert "its baseline's add up to 99.7" in text
    assert "Lab 23.3" in text
    assert "SNP 46.6" in text
    assert "the shares with those kept add up to" not in text  # the national ones do not


def test_seat_intervals_are_of_whole_seats_in_one_format(poll_like):
    # Interpolated quantiles of seat totals read "DUP 8.1–8.9" with 2 runs (8 and 9 seats) and
    # "UUP 0.0–1.1" with 20, and one column mixed "13–18" with "6.0–9.0" (a decimal below
    # 10 seats). A seat interval is of seat totals the runs had.
    output, page = poll_like
    rows = [line.split("│") for line in output.splitlines() if "│" in line]
    intervals = [r[3].strip() for r in rows if len(r) > 4 and "–" in r[3]]
    assert len(intervals) > 5, output
    for shown in intervals:
        assert re.fullmatch(r"\d[\d,]*–\d[\d,]*", shown), shown
    cells = re.findall(r"<td>([^<]*–[^<]*)</td>", page.read_text(encoding="utf-8"))
    assert cells, "no interval on the map page"
    for shown in cells:
        assert re.fullmatch(r"\d[\d,]*–\d[\d,]*", shown), shown


def test_seat_interval_bounds_are_whole_seats():
    seats, _ = seat_calculator(england(), {"Con": 0.37, "Lab": 0.30}, runs=7, seed=3)
    for bound in ("q05", "q95"):
        assert (seats[bound] == seats[bound].round()).all(), seats
    assert (seats.q05 <= seats.q95).all()


def test_no_seat_changing_hands_is_said_not_shown_as_an_empty_table(tmp_path):
    # Copeland held by Labour in every run: the table of seats changing hands was printed
    # with its headers alone, which reads as rows lost.
    args = ["seats", "copeland-2017", "--shares", "Lab=40,Con=40,LD=5,UKIP=10,Green=2,OTH=3"]
    args += ["--runs", "4", "--map", str(tmp_path / "map.html")]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Seats most likely to change hands" not in result.output
    assert "No seat changes hands in any of the 4 runs" in result.output


def test_seats_as_likely_to_change_hands_come_in_the_scenario_s_order():
    # The sort was not stable: seats of one probability came in an arbitrary order.
    shares = {"Con": 0.22, "Lab": 0.48, "LD": 0.08, "UKIP": 0.12}
    _, changes = seat_calculator(england(), shares, runs=4, seed=4)
    order = {name: k for k, name in enumerate(england().constituencies["name"])}
    for _, tied in changes.groupby("p_change", sort=False):
        at = [order[s] for s in tied["seat"]]
        assert at == sorted(at)
    assert changes.groupby("p_change").size().max() > 16  # quicksort leaves such runs unsorted


def test_a_party_id_with_a_comma_is_given_its_share(tmp_path):
    # Split at its comma, "Blue, League=45" was refused as "Blue: write PARTY=PERCENT" and
    # "League: no such party here": a party so named could not be given a share at all.
    folder = tmp_path / "sc"
    shutil.copytree(TINY, folder)
    toml = (
        (folder / "scenario.toml").read_text(encoding="utf-8").replace('"BLUE"', '"Blue, League"')
    )
    toml = toml.replace("BLUE = ", '"Blue, League" = ').replace("[mechanisms.switching]", "[x]")
    toml = toml.split("[x]")[0] + (
        '[mechanisms.swing]\nenabled = true\nbaseline = { RED = 0.5, "Blue, League" = 0.4 }\n'
        'target = { RED = 0.5, "Blue, League" = 0.4 }\n'
    )
    (folder / "scenario.toml").write_text(toml, encoding="utf-8")
    cands = pd.read_csv(folder / "candidates.csv", dtype=str, keep_default_na=False)
    cands = cands.replace("BLUE", "Blue, League").assign(baseline_votes="1000")
    cands.to_csv(folder / "candidates.csv", index=False)
    args = ["seats", str(folder), "--shares", "RED=30,Blue, League=45", "--runs", "2"]
    result = CliRunner().invoke(app, [*args, "--map", str(tmp_path / "map.html")])
    assert result.exit_code == 0, result.output
    assert "Blue, League" in result.output


def test_a_seat_the_runs_split_evenly_names_both_likely_winners():
    # Copeland won by Con in one run of two and by Lab in the other was listed "held by Lab,
    # likely winner Con": the party first in the scenario's order took every tie.
    shares = {"Con": 0.44, "Lab": 0.37, "LD": 0.07, "UKIP": 0.06, "Green": 0.02, "OTH": 0.04}
    _, changes = seat_calculator(vb.load_scenario("copeland-2017"), shares, runs=2, seed=0)
    (row,) = changes.itertuples(index=False)
    assert row.p_change == 0.5
    assert row.likely_winner == "Con / Lab"


def test_show_0_prints_no_table_of_seats_changing_hands(tmp_path):
    # --show 0 asks for no seat: the table was printed with its headers alone.
    args = ["seats", "copeland-2017", "--shares", "Con=44,Lab=37,LD=7,UKIP=6,Green=2,OTH=4"]
    args += ["--runs", "20", "--show", "0", "--map", str(tmp_path / "map.html")]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Seats at" in result.output
    assert "Seats most likely to change hands" not in result.output
    assert "Held by" not in result.output


def test_a_seat_the_runs_split_evenly_is_drawn_as_a_tie_on_the_map(tmp_path):
    # The map coloured a seat won by Con in one run of two and by Lab in the other as Con's
    # (the party first in the scenario), while the table beside it said "Con / Lab".
    import re

    from votebank.uk.seats import seat_forecast, write_map

    shares = {"Con": 0.22, "Lab": 0.48, "LD": 0.08, "UKIP": 0.12}
    seats, changes, rows = seat_forecast(england(), shares, runs=2, seed=4)
    tied = [r for r in rows if sorted(r["parties"].values()) == [0.5, 0.5]]
    assert tied
    html = write_map(england(), "x", 2, seats, changes, rows, tmp_path / "m.html", 15).read_text(
        encoding="utf-8"
    )
    for r in tied:
        mark = re.search(rf'<use [^>]*data-seat="{r["id"]}"[^>]*>(.*?)</use>', html)
        assert 'fill="url(#tie)"' in mark.group(0), mark.group(0)
        assert f"{' / '.join(r['parties'])} each win in 50.0% of runs" in mark.group(1)
    con = {r["id"] for r in rows if r["parties"].get("Con", 0) > 0.5}
    legend = re.search(r'<ul class="keys legend">(.*?)</ul>', html).group(1)
    assert re.search(rf"Con</span> {len(con)}</li>", legend), legend
    con_lab = [r for r in tied if list(r["parties"]) == ["Con", "Lab"]]
    assert f"Con / Lab (tied)</span> {len(con_lab)}</li>" in legend, legend


@pytest.mark.parametrize("given", ["some/dir/", "page.html/"])
def test_a_map_path_ending_in_a_slash_is_refused_and_nothing_is_written(
    given, tmp_path, monkeypatch, capsys
):
    # "--map some/dir/" (a folder, by its slash) wrote the page to a file named "dir".
    monkeypatch.chdir(tmp_path)
    args = ["seats", "copeland-2017", "--shares", "Con=44,Lab=37,LD=7,UKIP=6,Green=2,OTH=4"]
    code, _, err = hostile_main([*args, "--runs", "2", "--map", given], monkeypatch, capsys)
    assert code == 2, err
    assert "--map: ends in a slash, so it names a folder" in " ".join(err.split())
    assert f"(got {given})" in " ".join(err.split())
    assert list(tmp_path.iterdir()) == []


def test_a_likely_winner_the_runs_split_evenly_has_the_tie_swatch(tmp_path):
    # The map and its legend drew a seat won by Con in one run of two and by Lab in the other
    # as a tie, while the table of seats changing hands gave "Con / Lab" as plain text.
    import re

    from votebank.uk.seats import seat_forecast, write_map

    shares = {"Con": 0.22, "Lab": 0.48, "LD": 0.08, "UKIP": 0.12}
    seats, changes, rows = seat_forecast(england(), shares, runs=2, seed=4)
    page = write_map(england(), "x", 2, seats, changes, rows, tmp_path / "m.html", len(changes))
    table = page.read_text(encoding="utf-8").split('<section id="changes">')[1]
    tied = {r["name"]: r["winner"] for r in rows if r["tied"]}
    shown = [r for r in changes.itertuples(index=False) if r.seat in tied]
    assert shown
    swatch = '<span class="sw tie" aria-hidden="true"></span>'
    for r in shown:
        cells = re.search(rf"<tr><td>{re.escape(r.seat)}</td>(.*?)</tr>", table).group(1)
        assert f"{swatch}{r.likely_winner}</span>" in cells, cells
    assert table.count(swatch) == len(shown)  # and no seat one party wins more often


def test_a_party_typed_in_the_region_file_that_wins_no_seat_is_shown_with_none(tmp_path):
    # UKIP typed for Scotland alone won no seat and was left out of the table, though a party
    # typed in --shares is shown with its 0 seats: the user's question went unanswered.
    path = tmp_path / "regions.csv"
    path.write_text("region,party,share\nScotland,UKIP,1\n", encoding="utf-8")
    args = ["seats", "uk-2015-from-2010", "--shares", "Con=37", "--runs", "2"]
    args += ["--region-shares", str(path), "--map", str(tmp_path / "map.html")]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines() if "│" in line}
    assert [cell.strip() for cell in rows["UKIP"].split("│")[2:5]] == ["0.0", "0–0", "0.0%"]


@pytest.mark.parametrize("bad", ["nan", "inf", "x", "-3"])
def test_a_party_typed_with_no_readable_share_is_not_also_kept_at_the_scenarios(
    bad, tmp_path, monkeypatch, capsys
):
    # `UKIP=nan` was named, then counted at the scenario's 14.1 as a party "not given", and a
    # second problem said the total passed 100 and asked for it to be given (e.g. UKIP=0).
    page = tmp_path / "map.html"
    shares = f"Con=45,Lab=30,LD=8,UKIP={bad}"
    argv = ["seats", "uk-2015-from-2010", "--shares", shares, "--runs", "2", "--map", str(page)]
    code, stdout, err = hostile_main(argv, monkeypatch, capsys)
    assert_user_error(code, stdout, err, "1 problem", "--shares: UKIP: write PARTY=PERCENT")
    assert "passes 100" not in " ".join(err.split())
    assert not page.exists()


def test_the_map_page_says_what_its_numbers_are(tmp_path, monkeypatch, capsys):
    # The page a user shows gave "5–95%" and "P(most seats)" with no word of what they are,
    # nor the seed that repeats them (the report says both).
    page = tmp_path / "m.html"
    args = ["seats", "copeland-2017", "--shares", "Con=44,Lab=37,LD=7,UKIP=6,Green=2,OTH=4"]
    code, _, err = hostile_main(
        [*args, "--runs", "3", "--seed", "7", "--map", str(page)], monkeypatch, capsys
    )
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert "comes from 3 runs (seed 7) of the scenario's model at these shares" in html
    assert "a 5–95% range is the middle 90% of those runs, not a margin of error" in html
    assert "P(most seats) is the share of runs in which the party wins the most seats" in html


def test_the_map_page_says_what_the_shares_act_as(tmp_path, monkeypatch, capsys):
    # The terminal noted that Con=38,Lab=33 with the others kept act as about Con 38.4, Lab
    # 33.4: the page a user shows gave the seats under "Con=38,Lab=33" with no such word.
    page = tmp_path / "m.html"
    args = ["seats", "uk-2015-from-2010", "--shares", "Con=38,Lab=33,LD=9,UKIP=13,Green=4"]
    code, out, err = hostile_main([*args, "--runs", "2", "--map", str(page)], monkeypatch, capsys)
    assert code == 0, err
    # A note, on stderr: stdout holds the seats alone (piped into a file or grep).
    assert "they act as about Con 38.4, Lab 33.4" in " ".join(err.split())
    assert "act as about" not in out
    html = page.read_text(encoding="utf-8")
    assert "<strong>Note:</strong> the shares with those kept add up to 98.2" in html
    assert "they act as about Con 38.4, Lab 33.4" in html


def test_the_seats_printed_say_their_seed_and_what_a_range_is(monkeypatch, capsys, tmp_path):
    args = ["seats", "copeland-2017", "--shares", "Con=44,Lab=37,LD=7,UKIP=6,Green=2,OTH=4"]
    argv = [*args, "--runs", "3", "--seed", "7", "--map", str(tmp_path / "m.html")]
    code, out, err = hostile_main(argv, monkeypatch, capsys)
    assert code == 0, err
    printed = " ".join(out.split())
    assert "seed 7; a 5–95% range is the middle 90% of the runs, not a margin of error" in printed


def test_the_map_s_path_is_printed_whole_as_written(monkeypatch, capsys, tmp_path):
    # The map's path was wrapped at the terminal's width and its [brackets] read as markup.
    page = tmp_path / ("maps-" * 30) / "[b]m[/b].html"
    args = ["seats", "copeland-2017", "--shares", "Con=44,Lab=37,LD=7,UKIP=6,Green=2,OTH=4"]
    code, out, err = hostile_main([*args, "--runs", "2", "--map", str(page)], monkeypatch, capsys)
    assert code == 0, err
    assert str(page) in out.splitlines()
    assert page.is_file()


def test_seats_json_is_the_calculators_tables_alone_on_stdout(tmp_path, monkeypatch, capsys):
    # A script had only the terminal's tables (and the page's path, notes) to read.
    import json

    page = tmp_path / "map.html"
    shares = "Con=37,Lab=30,LD=8,UKIP=13"
    argv = ["seats", "uk-2015-from-2010", "--shares", shares, "--runs", "3", "--seed", "2"]
    code, stdout, err = hostile_main([*argv, "--map", str(page), "--json"], monkeypatch, capsys)
    assert code == 0, err

    def refuse(constant: str) -> None:
        raise AssertionError(f"not strict JSON: {constant}")

    got = json.loads(stdout, parse_constant=refuse)
    seats, changes = seat_calculator(
        vb.load_scenario("uk-2015-from-2010"),
        {"Con": 0.37, "Lab": 0.30, "LD": 0.08, "UKIP": 0.13},
        runs=3,
        seed=2,
    )
    assert (got["shares"], got["runs"], got["seed"]) == (shares, 3, 2)
    assert [r["party"] for r in got["seats"]] == seats["party"].tolist()
    assert [r["seats"] for r in got["seats"]] == pytest.approx(seats["seats"].tolist())
    assert len(got["changes"]) == len(changes)  # every seat changing hands, not --show's 15
    assert stdout.count("\n") == 1
    assert page.exists()
    assert str(page) in err  # the page's path and the notes are on stderr
