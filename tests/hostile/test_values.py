"""Hostile values in the scenario TOML (issue 20, point 2): NaN, infinities, numbers too large
for a float, true/false posing as a number, negative and absurd counts. Each is a user error
that names the file, the field and the value."""

from __future__ import annotations

import pytest

from tests.hostile.helpers import assert_nothing_written, assert_user_error, main, tiny_copy
from tests.scenario.test_errors import toml_set

TOML = "scenario.toml"

# (id, table header, key, TOML value, field path on stderr, value on stderr)
FLOATS = [
    ("mood-nan", "[mood.national]", "RED", "nan", "mood.national.RED", "NaN"),
    ("mood-inf", "[mood.national]", "RED", "inf", "mood.national.RED", "Infinity"),
    ("mood-1e400", "[mood.North]", "BLUE", "1e400", "mood.North.BLUE", "Infinity"),
    ("bonus", "[choice]", "party_id_bonus", "nan", "choice.party_id_bonus", "NaN"),
    ("shock", "[choice]", "candidate_shock_sd", "inf", "choice.candidate_shock_sd", "Infinity"),
    # A finite sd whose one step spans the whole +-20 range of appeals and moods.
    (
        "shock-huge",
        "[choice]",
        "candidate_shock_sd",
        "1e306",
        "choice.candidate_shock_sd",
        "1e+306",
    ),
    ("region-huge", "[choice]", "region_shock_sd", "1e306", "choice.region_shock_sd", "1e+306"),
    ("seat-sd", "[turnout]", "seat_sd", "nan", "turnout.seat_sd", "NaN"),
    # A logit shock to turnout whose one sd spans the whole +-20 of the logit scale.
    ("seat-sd-huge", "[turnout]", "seat_sd", "1e306", "turnout.seat_sd", "1e+306"),
    ("boost", "[turnout]", "instructed_boost", "inf", "turnout.instructed_boost", "Infinity"),
    (
        "cash",
        "[mechanisms.biradari]",
        "cash_scale",
        "nan",
        "mechanisms.biradari.cash_scale",
        "NaN",
    ),
    (
        "win",
        "[mechanisms.biradari]",
        "win_weight",
        "inf",
        "mechanisms.biradari.win_weight",
        "Infinity",
    ),
    ("penalty", "[mechanisms.switching]", "penalty", "inf", "switching.penalty", "Infinity"),
    # A Gumbel scale so large that the scores overflow: the first tied candidate always won.
    (
        "choice-noise-huge",
        "[mechanisms.biradari]",
        "choice_noise",
        "1e308",
        "mechanisms.biradari.choice_noise",
        "1e+308",
    ),
    (
        "backing-noise-huge",
        "[mechanisms.landlords]",
        "backing_noise",
        "1e308",
        "mechanisms.landlords.backing_noise",
        "1e+308",
    ),
    # A weight on a score term (a chance, a bonus) beyond the +-20 of appeals: overflow, noise.
    ("bonus-huge", "[choice]", "party_id_bonus", "1e308", "choice.party_id_bonus", "1e+308"),
    (
        "win-weight-huge",
        "[mechanisms.biradari]",
        "win_weight",
        "1e308",
        "mechanisms.biradari.win_weight",
        "1e+308",
    ),
    (
        "kin-weight-huge",
        "[mechanisms.biradari]",
        "kin_weight",
        "1e308",
        "mechanisms.biradari.kin_weight",
        "1e+308",
    ),
    (
        "lord-weight-huge",
        "[mechanisms.landlords]",
        "win_weight",
        "1e308",
        "mechanisms.landlords.win_weight",
        "1e+308",
    ),
    ("size-sd", "[electorate]", "station_size_sd", "nan", "electorate.station_size_sd", "NaN"),
    ("theta", "[mechanisms.stuffing]", "theta", "inf", "mechanisms.stuffing.theta", "Infinity"),
    (
        "per-station",
        "[electorate]",
        "voters_per_station",
        "1e400",
        "electorate.voters_per_station",
        "Infinity",
    ),
    (
        "class-share-nan",
        "[electorate]",
        "class_shares_rural",
        "{ rural_poor = nan, middle = 0.5, urban = 0.5 }",
        "class_shares_rural.rural_poor",
        "NaN",
    ),
    (
        "affinity",
        "[choice]",
        "class_affinity",
        "{ urban = { feudal = inf } }",
        "class_affinity.urban.feudal",
        "Infinity",
    ),
]
BOOLS = [
    ("seed-true", "[scenario]", "seed", "true", "scenario.seed", "true"),
    ("runs-true", "[scenario]", "runs", "true", "scenario.runs", "true"),
    ("cohesion", "[mechanisms.biradari]", "cohesion", "true", "biradari.cohesion", "true"),
    ("range", "[electorate]", "clans_per_locality", "[1, true]", "clans_per_locality", "true"),
    ("mood-false", "[mood.national]", "RED", "false", "mood", "false"),
]
BIG = str(2**63)
COUNTS = [
    ("women-neg", "[mechanisms.reserved_seats.women_seats]", "North", "-5", "North", "-5"),
    ("actual-neg", "[scenario.actual_seats]", "RED", "-3", "actual_seats.RED", "-3"),
    ("actual-2^63", "[scenario.actual_seats]", "RED", BIG, "actual_seats.RED", BIG),
    (
        "women-2^63",
        "[mechanisms.reserved_seats.women_seats]",
        "North",
        BIG,
        "North",
        BIG,
    ),
    ("majority-2^63", "[scenario]", "majority", BIG, "scenario.majority", BIG),
    (
        "muslim-2^63",
        "[mechanisms.reserved_seats]",
        "non_muslim_seats",
        BIG,
        "non_muslim_seats",
        BIG,
    ),
    (
        "clans",
        "[electorate]",
        "clans_per_locality",
        "[1, 1000000000]",
        "clans_per_locality",
        "1000000000",
    ),
    (
        "blocs",
        "[electorate]",
        "blocs_per_locality",
        "[1, 1000000000]",
        "blocs_per_locality",
        "1000000000",
    ),
    (
        "stations",
        "[electorate]",
        "stations_per_locality",
        "[1, 100000]",
        "stations_per_locality",
        "100000",
    ),
    (
        "per-station-tiny",
        "[electorate]",
        "voters_per_station",
        "0.001",
        "voters_per_station",
        "0.001",
    ),
]
CASES = FLOATS + BOOLS + COUNTS


@pytest.mark.parametrize(
    ("header", "key", "value", "where", "shown"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_hostile_value_is_a_user_error(
    header, key, value, where, shown, tmp_path, monkeypatch, capsys
):
    folder = tiny_copy(tmp_path)
    toml_set(header, key, value)(folder)
    out_dir = tmp_path / "out"
    code, out, err = main(
        ["run", str(folder), "--runs", "1", "--out", str(out_dir)], monkeypatch, capsys
    )
    assert_user_error(code, out, err, TOML, where, shown)
    assert_nothing_written(out_dir)


@pytest.mark.parametrize("runs", ["0", "200000000", "3000000000", "99999999999999999999999"])
def test_runs_out_of_bounds_is_a_user_error(runs, tmp_path, monkeypatch, capsys):
    out_dir = tmp_path / "out"
    code, out, err = main(
        ["run", "tiny", "--runs", runs, "--out", str(out_dir)], monkeypatch, capsys
    )
    assert_user_error(code, out, err, "--runs", runs)
    assert_nothing_written(out_dir)


def test_store_refuses_a_run_count_beyond_its_integers(tmp_path):
    from votebank.errors import InputError
    from votebank.results.store import ResultsStore

    with ResultsStore(tmp_path / "s.duckdb") as store, pytest.raises(InputError, match="runs"):
        store.begin_ensemble(
            scenario_name="x",
            scenario_hash="h",
            seed_entropy=1,
            runs_requested=3_000_000_000,
            scenario_json="{}",
            version="0",
        )
