"""votebank synth: a synthetic country of the size asked, that loads and runs like any scenario."""

import shlex
import subprocess
import sys

import pytest

import votebank as vb
from votebank.scenario.synth import PRESETS, Synth, synth_tables, write_synth


def test_the_country_has_the_size_asked_and_loads(tmp_path):
    spec = Synth(seats=30, registered=600_000, stations=700, regions=3, parties=6, seed=4)
    sc = vb.load_scenario(write_synth(spec, tmp_path / "c"))
    cons = sc.constituencies
    assert len(cons) == 30
    assert cons["registered"].sum() == 600_000
    assert cons["stations"].sum() == 700
    assert cons["region"].nunique() == 3
    assert set(sc.candidates["party"]) <= {f"P{i}" for i in range(1, 7)}
    assert "Synthetic" in sc.spec.scenario.description
    assert {m for m, p in sc.spec.mechanisms if p.enabled} == set(spec.mechanisms)
    result = vb.simulate(sc, run_index=0)
    assert result["constituencies"]["ballots"].sum() > 0


@pytest.mark.parametrize(("registered", "seed"), [(1_000_000, 0), (2_000, 1), (1_999, 0)])
def test_as_many_stations_as_asked_when_about_one_a_seat(registered, seed):
    # A seat whose share rounded to no station was given one on top of the total asked.
    spec = Synth(seats=1_000, registered=registered, stations=1_000, seed=seed)
    _, cons, _ = synth_tables(spec)
    assert cons["stations"].sum() == 1_000
    assert (cons["stations"] >= 1).all()
    assert (cons["stations"] <= cons["registered"]).all()


def test_the_same_seed_gives_the_same_country_and_another_seed_another():
    a, b, c = (synth_tables(Synth(seats=12, seed=s))[2] for s in (1, 1, 2))
    assert a.equals(b)
    assert not a.equals(c)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_hold_their_sources_sizes(name):
    _, cons, _ = synth_tables(Synth(**PRESETS[name]))
    assert cons["registered"].sum() == PRESETS[name]["registered"]
    assert cons["stations"].sum() == PRESETS[name]["stations"]
    assert len(cons) == PRESETS[name]["seats"]


def test_bad_input_is_a_clear_error_and_writes_nothing(tmp_path):
    out = tmp_path / "bad"
    run = subprocess.run(
        [sys.executable, "-m", "votebank", "synth", str(out), "--mechanisms", "biradari,vans"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": "src", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert run.returncode == 2
    assert "vans" in run.stderr
    assert "Traceback" not in run.stderr
    assert not out.exists()


def test_a_country_with_fewer_seats_than_regions_still_loads(tmp_path):
    sc = vb.load_scenario(write_synth(Synth(seats=3, regions=8, seed=1), tmp_path / "few"))
    assert len(sc.constituencies) == 3


def test_the_confirmation_quotes_the_folder_and_counts_in_words(tmp_path, monkeypatch, capsys):
    from tests.hostile.helpers import main

    out = tmp_path / "we ird" / "na me"
    argv = ["synth", str(out), "--seats", "1", "--registered", "1", "--stations", "1"]
    code, stdout, _ = main([*argv, "--mechanisms", ""], monkeypatch, capsys)
    assert code == 0
    said = " ".join(stdout.split())
    assert (
        "1 seat, 1 registered, 1 station, 1 region, 5 parties (4 of" in said
    )  # "1 seats ... 1 stations"
    assert f"votebank run {shlex.quote(str(out))}" in said  # it was unquoted: two arguments
    # run's summary showed a blank Candidate column: synthetic candidates have names.
    names = vb.load_scenario(out).candidates["name"]
    assert (names.str.len() > 0).all()
    assert names.is_unique


def test_the_written_moods_hold_no_minus_zero(tmp_path):
    # The largest party's national mood (-1.2 log 1) was written "P1 = -0.0".
    toml = write_synth(Synth(seats=3, registered=3000, stations=6), tmp_path / "c").read_text()
    assert "-0.0\n" not in toml
    assert "P1 = 0.0\n" in toml


def test_ids_past_nine_sort_as_numbered(tmp_path):
    # The summary lists parties (and regions) by id as text: P1, P10, P11, P2, ...
    doc, cons, _ = synth_tables(
        Synth(seats=12, registered=12_000, stations=24, regions=12, parties=11)
    )
    parties = [p["id"] for p in doc["parties"]]
    assert parties[:2] == ["P01", "P02"]
    assert parties == sorted(parties)
    assert sorted(cons["region"].unique())[:3] == ["R01", "R02", "R03"]
    doc, cons, _ = synth_tables(Synth(seats=3, registered=3000, stations=6))
    assert [p["id"] for p in doc["parties"]] == ["P1", "P2", "P3", "P4", "P5"]
