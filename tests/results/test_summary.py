"""Ensemble summaries checked against direct numpy/pandas computations on synthetic runs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from rich.console import Console
from rich.table import Table

import votebank as vb
from votebank.errors import InputError, StoreError
from votebank.results.frames import ROUTES, example_frames, example_meta
from votebank.results.render import (
    render_backgrounds,
    render_closest,
    render_provenance,
    render_seats,
    render_turnout,
)
from votebank.results.store import ResultsStore
from votebank.results.summary import (
    ALL_PARTIES,
    EnsembleSummary,
    closest_seats,
    constituency_summary,
    mean_se,
    prob_se,
    provenance_summary,
    seat_summary,
    summarize,
    turnout_summary,
)

N_RUNS = 40
PARTIES = ("PPP", "PML-N", "PML-Q", "IND")
SIZES = {"n_constituencies": 8, "stations_per_constituency": 2, "n_candidates": 3}


def known_seats(n_runs: int) -> np.ndarray:
    """Seat counts (runs, parties, [general, women, non_muslim]) with ties and majorities."""
    rng = np.random.default_rng(7)
    seats = np.zeros((n_runs, len(PARTIES), 3), dtype=np.int64)
    seats[:, :, 0] = rng.integers(0, 12, size=(n_runs, len(PARTIES)))
    seats[:, :, 1] = rng.integers(0, 4, size=(n_runs, len(PARTIES)))
    seats[:, :, 2] = rng.integers(0, 2, size=(n_runs, len(PARTIES)))
    seats[::6, 0, 0] = 40  # PPP sometimes has an outright majority
    seats[1::6] = [[5, 1, 0], [5, 1, 0], [2, 0, 0], [1, 0, 0]]  # PPP and PML-N tie for largest
    seats[2::6] = [[6, 0, 0], [3, 0, 0], [2, 0, 0], [1, 0, 0]]  # PPP has exactly half: no majority
    return seats


@pytest.fixture(scope="module")
def ensemble(tmp_path_factory):
    seats = known_seats(N_RUNS)
    written = []
    path = tmp_path_factory.mktemp("summary") / "v.duckdb"
    with ResultsStore(path) as store:
        eid = store.begin_ensemble(
            scenario_name="synthetic",
            scenario_hash="h",
            seed_entropy=1,
            runs_requested=N_RUNS,
            scenario_json="{}",
            version="0.1.0",
        )
        store.begin_ensemble(  # an empty ensemble beside it
            scenario_name="empty",
            scenario_hash="h2",
            seed_entropy=1,
            runs_requested=1,
            scenario_json="{}",
            version="0.1.0",
        )
        for i in range(N_RUNS):
            frames = example_frames(i, seed=3, parties=PARTIES, **SIZES)
            frames["seats"] = pd.DataFrame(
                {
                    "party": list(PARTIES),
                    "general": seats[i, :, 0],
                    "women": seats[i, :, 1],
                    "non_muslim": seats[i, :, 2],
                    "total": seats[i].sum(axis=1),
                }
            )
            if i % 5 == 4:  # IND absent from the seats table: it counts as 0 seats
                frames["seats"] = frames["seats"].iloc[:3]
                seats[i, 3] = 0
            store.write_run(eid, example_meta(i), frames, stations=False)
            written.append(frames)
        yield store, eid, seats, written


def test_se_formulas():
    assert mean_se(2.0, 4) == pytest.approx(1.0)
    assert prob_se(0.5, 100) == pytest.approx(0.05)
    assert prob_se(0.0, 10) == 0.0
    np.testing.assert_allclose(prob_se(np.array([0.1, 0.9]), np.array([9, 9])), [0.1, 0.1])


def test_seat_summary_matches_numpy(ensemble):
    store, eid, seats, _ = ensemble
    df = seat_summary(store, eid).set_index("party").loc[list(PARTIES)]
    general = seats[:, :, 0].astype(float)
    total = seats.sum(axis=2).astype(float)
    n = N_RUNS
    assert (df.runs == n).all()
    for name, x in (("general", general), ("total", total)):
        np.testing.assert_allclose(df[f"{name}_mean"], x.mean(axis=0))
        np.testing.assert_allclose(df[f"{name}_sd"], x.std(axis=0, ddof=1))
        # Seat totals some run had, either side of the interpolated bound: never 8.05 seats.
        for q, method in ((0.05, "lower"), (0.95, "higher")):
            want = np.quantile(x, q, axis=0, method=method)
            np.testing.assert_array_equal(df[f"{name}_q{round(q * 100):02d}"], want)
        np.testing.assert_allclose(df[f"{name}_mean_se"], x.std(axis=0, ddof=1) / np.sqrt(n))
    np.testing.assert_allclose(df.women_mean, seats[:, :, 1].mean(axis=0))

    house = total.sum(axis=1, keepdims=True)
    p_majority = (2 * total > house).mean(axis=0)
    assert p_majority[0] > 0  # the fixture does produce majorities
    np.testing.assert_allclose(df.p_majority, p_majority)
    np.testing.assert_allclose(df.p_majority_se, np.sqrt(p_majority * (1 - p_majority) / n))

    top = total == total.max(axis=1, keepdims=True)
    p_largest = (top / top.sum(axis=1, keepdims=True)).mean(axis=0)
    assert (top.sum(axis=1) > 1).any()  # ties are exercised
    np.testing.assert_allclose(df.p_largest, p_largest)
    np.testing.assert_allclose(df.p_largest.sum(), 1.0)
    np.testing.assert_allclose(df.p_largest_se, np.sqrt(p_largest * (1 - p_largest) / n))


def test_seats_at_the_poll_match_numpy(ensemble):
    store, eid, _, written = ensemble
    won = pd.DataFrame([f["constituencies"].winner_party.value_counts() for f in written])
    won = won.fillna(0)  # a party that won no seat in a run: 0 there
    df = seat_summary(store, eid).set_index("party")
    for party in set(won.columns) & set(df.index):
        x = won[party].to_numpy()
        assert df.at[party, "at_poll_mean"] == pytest.approx(x.mean())
        for q, method in ((0.05, "lower"), (0.95, "higher")):  # seat totals some run had
            want = np.quantile(x, q, method=method)
            assert df.at[party, f"at_poll_q{round(q * 100):02d}"] == want, party


def test_seat_summary_with_fixed_majority(ensemble):
    store, eid, seats, _ = ensemble
    df = seat_summary(store, eid, majority=14).set_index("party").loc[list(PARTIES)]
    np.testing.assert_allclose(df.p_majority, (seats.sum(axis=2) >= 14).mean(axis=0))
    assert df.p_majority.iloc[0] > 0


def test_constituency_summary_matches_pandas(ensemble):
    store, eid, _, written = ensemble
    cands = pd.concat(
        [
            f["candidates"].merge(f["constituencies"][["constituency_id", "valid", "turnout"]])
            for f in written
        ],
        ignore_index=True,
    )
    cands["share"] = cands.votes / cands.valid
    g = cands.groupby("candidate_id")
    want = pd.DataFrame(
        {
            "p_win": g.elected.mean(),
            "votes_mean": g.votes.mean(),
            "votes_q05": g.votes.quantile(0.05),
            "votes_q95": g.votes.quantile(0.95),
            "share_mean": g.share.mean(),
            "turnout_mean": g.turnout.mean(),
        }
    )
    got = constituency_summary(store, eid)
    assert len(got) == SIZES["n_constituencies"] * SIZES["n_candidates"]
    got = got.set_index("candidate_id").loc[want.index]
    pd.testing.assert_frame_equal(got[want.columns], want, check_names=False)
    np.testing.assert_allclose(got.p_win_se, np.sqrt(want.p_win * (1 - want.p_win) / N_RUNS))
    # Each seat's win probabilities sum to one.
    np.testing.assert_allclose(got.groupby("constituency_id").p_win.sum(), 1.0)


def test_turnout_summary_matches_numpy(ensemble):
    store, eid, _, written = ensemble
    turnout = np.array(
        [f["constituencies"].ballots.sum() / f["constituencies"].registered.sum() for f in written]
    )
    row = turnout_summary(store, eid).iloc[0]
    assert row.region == "national"
    assert row.runs == N_RUNS
    assert row["mean"] == pytest.approx(turnout.mean())
    assert row.sd == pytest.approx(turnout.std(ddof=1))
    assert row.mean_se == pytest.approx(turnout.std(ddof=1) / np.sqrt(N_RUNS))
    for q in (0.05, 0.5, 0.95):
        assert row[f"q{round(q * 100):02d}"] == pytest.approx(np.quantile(turnout, q))
    regions = turnout_summary(store, eid, by_region=True)
    assert sorted(regions.region) == sorted(written[0]["constituencies"].region.unique())


def test_provenance_summary_matches_numpy(ensemble):
    store, eid, _, written = ensemble
    routes = [f"votes_{r}" for r in ROUTES]
    shares = np.array(
        [f["candidates"][routes].sum() / f["candidates"].votes.sum() for f in written]
    )
    df = provenance_summary(store, eid)
    assert df.route.tolist() == list(ROUTES)
    assert (df.party == ALL_PARTIES).all()
    np.testing.assert_allclose(df.share_mean, shares.mean(axis=0))
    np.testing.assert_allclose(df.share_se, shares.std(axis=0, ddof=1) / np.sqrt(N_RUNS))
    np.testing.assert_allclose(df.share_mean.sum(), 1.0)

    by_party = provenance_summary(store, eid, by_party=True)
    ppp = [f["candidates"][f["candidates"].party == "PPP"] for f in written]
    want = np.array([c[routes].sum() / c.votes.sum() for c in ppp]).mean(axis=0)
    np.testing.assert_allclose(by_party[by_party.party == "PPP"].share_mean, want)
    assert set(by_party.party) == set(PARTIES)
    # The votes whose shares these are: the party's mean votes in a run (all votes overall).
    np.testing.assert_allclose(
        df.votes_mean, np.mean([f["candidates"].votes.sum() for f in written])
    )
    ppp_votes = np.mean([c.votes.sum() for c in ppp])
    np.testing.assert_allclose(by_party[by_party.party == "PPP"].votes_mean, ppp_votes)


def test_closest_seats(ensemble):
    store, eid, _, written = ensemble
    seats = pd.concat([f["constituencies"] for f in written], ignore_index=True)
    p_leader = seats.groupby("constituency_id").winner_party.agg(
        lambda s: s.value_counts().max() / len(s)
    )
    got = closest_seats(store, eid, n=5)
    assert len(got) == 5
    np.testing.assert_allclose(got.p_leader, p_leader.loc[got.constituency_id])
    closeness = (got.p_leader - 0.5).abs()
    assert closeness.is_monotonic_increasing
    assert closeness.iloc[-1] <= (p_leader - 0.5).abs().sort_values().iloc[4] + 1e-12
    assert (got.p_leader >= got.p_challenger).all()

    by_margin = closest_seats(store, eid, n=3, by="margin")
    share = (seats.margin / seats.valid).groupby(seats.constituency_id).mean().sort_values()
    np.testing.assert_allclose(by_margin.margin_share_mean, share.iloc[:3])
    with pytest.raises(InputError, match="'votes'"):
        closest_seats(store, eid, by="votes")


def test_unknown_or_empty_ensemble(ensemble):
    store, _, _, _ = ensemble
    with pytest.raises(InputError, match="nope"):
        seat_summary(store, "nope")
    empty = store.ensembles().query("runs_done == 0").ensemble_id.iloc[0]
    with pytest.raises(StoreError, match="no stored runs"):
        summarize(store, empty)


@pytest.mark.parametrize(
    ("given", "why"), [(None, "latest_ensemble() is the latest"), (5, "id, as text")]
)
def test_an_id_that_is_none_or_no_text_is_named_not_a_store_error(ensemble, given, why):
    # Before, None on a store holding ensembles said "no ensemble in the store", and 5 was
    # cast by DuckDB and reported as a broken store (a Conversion Error).
    store, _, _, _ = ensemble
    with pytest.raises(InputError) as exc:
        summarize(store, given)
    (problem,) = exc.value.problems
    assert (problem.location, problem.value) == ("ensemble", repr(given))
    assert why in problem.message


def render_text(table: Table) -> str:
    console = Console(width=120, record=True, color_system=None)
    console.print(table)
    return console.export_text()


def test_summarize_and_render(ensemble):
    store, eid, _, _ = ensemble
    summary = summarize(store, eid, closest_n=4)
    assert isinstance(summary, EnsembleSummary)
    assert summary.runs == N_RUNS
    assert len(summary.closest) == 4

    table = render_seats(summary, actual={"PPP": 12, "MQM": 3}, width=200)
    assert [c.justify for c in table.columns[1:]] == ["right"] * 8
    assert table.row_count == len(PARTIES) + 1
    text = render_text(table)
    assert "P(majority)" in text
    # Seats at the poll beside the actual count at the poll; after joins on their own.
    heads = [str(c.header) for c in table.columns]
    assert heads.index("Actual at poll") == heads.index("General at poll") + 1
    assert "General after joins and by-elections" in heads
    at_poll = summary.seats.set_index("party")["at_poll_mean"]
    assert at_poll.sum() == pytest.approx(summary.constituencies["constituency_id"].nunique())
    assert "MQM" in text
    assert "Actual" not in render_text(render_seats(summary.seats))

    assert "SYNTHETIC" in render_text(render_backgrounds(summary, synthetic=True))
    assert "SYNTHETIC" not in render_text(render_backgrounds(summary))
    assert "background" in vb.load_scenario("pakistan-2008").spec.scenario.synthetic

    turnout = render_turnout(summary)
    assert turnout.row_count == 1 + len(summary.turnout_by_region)
    assert "national" in render_text(turnout)
    provenance = render_provenance(summary, max_parties=2, width=200)
    assert provenance.row_count == len(ROUTES)
    assert len(provenance.columns) == 1 + 2 + 2
    assert "landlord" in render_text(provenance)
    closest = render_closest(summary)
    assert closest.row_count == 4
    assert summary.closest.constituency_id.iloc[0] in render_text(closest)


def test_backgrounds_keep_sourced_apart(ensemble):
    # The example runs mark every fourth candidate's background sourced (results/frames.py).
    store, eid, _, _ = ensemble
    df = summarize(store, eid).backgrounds
    assert {"background", "sourced", "seats_mean"} <= set(df.columns)
    assert df["sourced"].any()
    assert (~df["sourced"]).any()
    # Every elected candidate is counted once, sourced or not.
    elected = store.query(
        "SELECT count(*) / count(DISTINCT run_index) AS n FROM candidates"
        " WHERE ensemble_id = $e AND elected",
        {"e": eid},
    )["n"].iat[0]
    assert df["seats_mean"].sum() == pytest.approx(elected)
    sourced = store.query(
        "SELECT count(*) FILTER (WHERE background_sourced) / count(DISTINCT run_index) AS n"
        " FROM candidates WHERE ensemble_id = $e AND elected",
        {"e": eid},
    )["n"].iat[0]
    assert df.loc[df.sourced, "seats_mean"].sum() == pytest.approx(sourced)
    text = render_text(render_backgrounds(df, synthetic=True))
    assert "SYNTHETIC" in text
    assert "synthetic draw" in text
    assert "sourced" in text
    table = render_backgrounds(df, synthetic=True)
    assert f"sourced for {sourced:.1f} of" in " ".join(str(table.title).split())
    assert [str(c.header) for c in table.columns][:2] == ["Background", "Source"]
    plain = render_text(render_backgrounds(df))
    assert "SYNTHETIC" not in plain
    assert "unsourced" in plain
    # Nothing sourced: the old table, all of it declared synthetic.
    drawn = df[~df.sourced]
    table = render_backgrounds(drawn, synthetic=True)
    assert "Source" not in [str(c.header) for c in table.columns]
    assert "(synthetic backgrounds)" in str(table.title)
    assert "SYNTHETIC" in render_text(table)


def test_a_walkovers_missing_challenger_is_shown_as_missing():
    # A seat with one candidate: the closest seats showed a blank challenger with P(win) 0.0%.
    closest = pd.DataFrame(
        {
            "constituency_id": ["T-1"],
            "name": ["Riverside"],
            "runs": [20],
            "leader_party": ["RED"],
            "p_leader": [1.0],
            "challenger_party": [""],
            "p_challenger": [0.0],
            "margin_mean": [13531.85],
            "margin_share_mean": [1.0],
        }
    )
    row = render_text(render_closest(closest, width=200)).splitlines()[-2]
    cells = [c.strip() for c in row.split("│")[1:-1]]
    assert cells[0] == "Riverside (T-1)"  # the name beside its id, at any width
    assert cells[3:5] == ["–", "–"], cells  # challenger and its P(win)


def test_the_seats_interval_is_rounded_as_the_report_rounds_it():
    # A 95th percentile of 4.55 seats read "5" here and "4.5" in the report's house section.
    from votebank.report.formats import seats_range

    seats = pd.DataFrame(
        {
            "party": ["A", "B"],
            "runs": [30, 30],
            "total_mean": [3.4, 61.2],
            "total_mean_se": [0.2, 0.9],
            "total_q05": [1.5, 52.5],
            "total_q95": [4.55, 70.4],
            "general_mean": [3.4, 61.2],
            "p_majority": [0.0, 1.0],
            "p_largest": [0.0, 1.0],
        }
    )
    text = render_text(render_seats(seats, width=200))
    for r in seats.itertuples():
        report = seats_range(r.total_mean, r.total_q05, r.total_q95)
        interval = report[report.index("(") + 1 : -1]
        assert f" {interval} " in text, (interval, text)


@pytest.mark.parametrize(
    ("argument", "value"), [("closest_n", 2**63), ("closest_n", 10**30), ("majority", 10**40)]
)
def test_a_huge_count_is_named_not_a_store_error(ensemble, argument, value):
    # Before, DuckDB failed on it: "Conversion Error: Type INT128 with value ... can't be cast".
    store, eid, _, _ = ensemble
    with pytest.raises(InputError) as exc:
        summarize(store, eid, **{argument: value})
    (problem,) = exc.value.problems
    assert (problem.file, problem.value) == (argument, repr(value))


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0)])
def test_a_candidate_who_moved_party_shows_the_party_of_most_runs_whatever_the_order(
    tmp_path, order
):
    # Electables move a candidate between runs: the candidates table showed the party of
    # whichever run's row came first in the store, so one seed printed another party with
    # two workers than with one.
    with ResultsStore(tmp_path / "v.duckdb") as store:
        eid = store.begin_ensemble(
            scenario_name="moved",
            scenario_hash="h",
            seed_entropy=1,
            runs_requested=3,
            scenario_json="{}",
            version="0.1.0",
        )
        for i in order:
            frames = example_frames(i, seed=3, parties=PARTIES, **SIZES)
            first = frames["candidates"].index[0]
            frames["candidates"].loc[first, "party"] = "PPP" if i == 0 else "PML-Q"
            store.write_run(eid, example_meta(i), frames, stations=False)
        df = constituency_summary(store, eid)
        moved = frames["candidates"].loc[first, "candidate_id"]
        assert df.set_index("candidate_id").loc[moved, "party"] == "PML-Q"


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_a_tie_for_the_most_frequent_runner_up_is_broken_the_same_whatever_the_order(
    tmp_path, order
):
    # A seat one party always won, with two runners-up as often each: the closest seats named
    # whichever the store held first, so one seed printed another challenger with two workers.
    with ResultsStore(tmp_path / "v.duckdb") as store:
        eid = store.begin_ensemble(
            scenario_name="tied",
            scenario_hash="h",
            seed_entropy=1,
            runs_requested=2,
            scenario_json="{}",
            version="0.1.0",
        )
        for i in order:
            frames = example_frames(i, seed=3, parties=PARTIES, **SIZES)
            cons = frames["constituencies"]
            cons["winner_party"] = "PPP"
            cons["runner_up_party"] = ("PML-Q", "IND")[i]
            store.write_run(eid, example_meta(i), frames, stations=False)
        df = closest_seats(store, eid, n=100)
        assert set(df["challenger_party"]) == {"IND"}


def test_a_probability_short_of_certain_never_reads_100_or_0(ensemble):
    # P(largest) of 9,996 runs in 10,000 read "100.0%", and its rival's "0.0%".
    store, eid, _, _ = ensemble
    summary = summarize(store, eid)
    seats = summary.seats.copy()
    seats["p_largest"] = 0.0
    seats.loc[0, "p_largest"] = 0.9996
    seats.loc[1, "p_largest"] = 0.0004
    text = render_text(render_seats(replace(summary, seats=seats), width=200))
    assert ">99.9%" in text
    assert "<0.1%" in text
    assert "100.0%" not in text


def test_a_region_named_national_is_not_taken_for_the_national_row(ensemble):
    # A region called "national" gave two rows both reading "national" (constituencies.csv
    # names the regions freely).
    from dataclasses import replace

    store, eid, _, _ = ensemble
    summary = summarize(store, eid)
    regions = summary.turnout_by_region.copy()
    regions.loc[0, "region"] = "national"
    table = render_turnout(replace(summary, turnout_by_region=regions))
    areas = list(table.columns[0]._cells)
    assert len(set(areas)) == len(areas), areas
    assert areas[0] == "national (all seats)"
    assert areas[1:] == list(regions.region)


def test_a_store_s_path_in_place_of_the_store_is_named(tmp_path):
    # summarize("votebank-out/votebank.duckdb", eid) failed with AttributeError: 'str' object
    # has no attribute 'require_runs'.
    path = tmp_path / "votebank.duckdb"
    for given in (str(path), path):
        with pytest.raises(InputError, match="give an open store") as exc:
            summarize(given, "e")
        assert [p.file for p in exc.value.problems] == ["store"]


def test_a_summary_shows_its_ensemble_and_runs_not_its_tables(ensemble):
    # Its repr, a notebook cell's output, printed every table cut off mid-row.
    store, eid, _, _ = ensemble
    shown = repr(summarize(store, eid))
    assert shown == f"EnsembleSummary(ensemble_id={eid!r}, runs={N_RUNS}, majority=None)"
