"""The UK importer: real seat totals round-trip, by-elections, the TOML writer, built-ins."""

import subprocess
import sys
import tomllib

import numpy as np
import pandas as pd
import pytest

from votebank.errors import VotebankError
from votebank.run.contests import build_contests
from votebank.scenario.load import load_scenario
from votebank.scenario.toml_writer import to_toml
from votebank.uk.project import deterministic_winners
from votebank.uk.scenario_folder import build_uk_scenario
from votebank.uk.shares import poll_average, shares_by
from votebank.uk.totals import gb_shares_from_totals

# SOURCES.md, "Seats won" (all passed its own checks against the HoC Library).
SEATS_2015 = {
    "Con": 330,
    "Lab": 232,
    "SNP": 56,
    "DUP": 8,
    "LD": 8,
    "SF": 4,
    "PC": 3,
    "SDLP": 3,
    "UUP": 2,
    "UKIP": 1,
    "Green": 1,
    "Speaker": 1,
    "Ind": 1,
}
SEATS_2010 = {
    "Con": 306,
    "Lab": 258,
    "LD": 57,
    "DUP": 8,
    "SNP": 6,
    "SF": 5,
    "PC": 3,
    "SDLP": 3,
    "Alliance": 1,
    "Green": 1,
    "Speaker": 1,
    "Ind": 1,
}


def winners_from_actual_votes(sc) -> dict[str, int]:
    c = build_contests(sc)
    score = np.where(c.can_win, c.actual_votes, -1)
    party = c.party[np.arange(c.seats), score.argmax(axis=1)]
    counts = pd.Series(np.array(c.party_ids)[party]).value_counts()
    return {str(k): int(v) for k, v in counts.items()}


@pytest.mark.parametrize(
    ("date", "seats", "registered", "valid"),
    [
        ("2015-05-07", SEATS_2015, 46_354_197, 30_697_525),
        ("2010-05-06", SEATS_2010, 45_597_461, 29_687_604),
    ],
)
def test_general_election_round_trips_real_seats(tmp_path, date, seats, registered, valid):
    sc = load_scenario(build_uk_scenario(date, tmp_path / date))
    assert len(sc.constituencies) == 650
    assert winners_from_actual_votes(sc) == seats
    assert sc.spec.scenario.actual_seats == seats
    assert sc.constituencies["registered"].sum() == registered
    assert sc.candidates["actual_votes"].sum() == valid
    # Minor parties are folded into one aggregate per seat that cannot win.
    oth = [p for p in sc.spec.parties if p.id == "OTH"]
    assert oth
    assert oth[0].aggregate
    assert not sc.candidates.duplicated(["constituency", "party"]).any()
    # UK voters: no blocs, landlords or party identification.
    el = sc.spec.electorate
    assert el.bloc_membership_rural == el.bloc_membership_urban == 0
    assert el.dependent_share == el.landlord_locality_share == el.party_id_share == 0


def test_byelection_import_uses_the_byelection_slate_and_the_previous_general_election(
    tmp_path,
):
    sc = load_scenario(build_uk_scenario("2017-02-23", tmp_path / "c", seats=["E14000647"]))
    votes = sc.candidates.set_index("party")["baseline_votes"]
    assert votes["Lab"] == 16_750
    assert votes["Con"] == 14_186
    assert votes["UKIP"] == 6_148
    assert votes["Ind"] == 0  # the independent did not stand in 2015
    # The declared by-election result is what runs are compared with.
    real = sc.candidates.set_index("party")["actual_votes"]
    assert (real["Con"], real["Lab"], real["LD"], real["UKIP"], real["Ind"]) == (
        13_748,
        11_601,
        2_252,
        2_025,
        811,
    )
    assert real.sum() == 31_068
    assert sc.constituencies["registered"].iat[0] == 60_602
    assert sc.spec.scenario.actual_seats == {"Con": 1}
    assert sc.spec.mechanisms.byelection.enabled
    assert [p.id for p in sc.spec.parties if p.government] == ["Con"]
    with pytest.raises(VotebankError, match="no election"):
        build_uk_scenario("2016-01-01", tmp_path / "x")


def test_shares_helpers_agree_with_each_other():
    apart = ["Scotland"]
    from_totals = gb_shares_from_totals("2015-05-07", exclude_regions=apart)
    from_seats = shares_by("2015-05-07", exclude_regions=["Scotland", "Northern Ireland"])
    for party in ("Con", "Lab", "LD", "UKIP", "Green", "PC", "OTH"):
        assert from_totals[party] == pytest.approx(from_seats[party], abs=1e-9)
    polls = poll_average("2017-01-01", "2017-02-28")
    assert polls["Con"] == pytest.approx(0.404, abs=0.005)
    assert polls["Lab"] == pytest.approx(0.269, abs=0.005)
    assert sum(polls.values()) == pytest.approx(1.0)


def test_toml_writer_round_trips():
    doc = {
        "scenario": {"name": "x", "seed": 3, "actual_seats": {"Con": 1, "Eng Dem": 0}},
        "parties": [{"id": "Con", "government": True}, {"id": "OTH", "aggregate": True}],
        "choice": {"class_affinity": {}, "candidate_shock_sd": 0.0},
        "mechanisms": {
            "swing": {
                "enabled": True,
                "baseline": {"Con": 0.3},
                "regional_baseline": {"Scotland": {"SNP": 0.2}},
            },
            "canvass": {"campaigns": [{"party": "Lab", "seats": ["E1"], "cars": 85}]},
        },
    }
    assert tomllib.loads(to_toml(doc)) == doc


def test_builtin_projection_scenario_is_2010_swung_to_2015():
    sc = load_scenario("uk-2015-from-2010")
    p = sc.spec.mechanisms.swing
    assert p.enabled
    assert p.model == "uniform"
    assert "Scotland" in p.regions_apart
    assert p.regional_target["Scotland"]["SNP"] == pytest.approx(0.50, abs=0.005)
    assert sc.spec.scenario.actual_seats == SEATS_2015
    # Plain uniform swing gives the SNP's landslide and a Conservative lead.
    won = pd.Series(deterministic_winners(sc, "uniform")).value_counts()
    assert won["SNP"] >= 50
    assert won["Con"] > won["Lab"]


def test_import_uk_command_writes_the_national_error(tmp_path):
    out = tmp_path / "polls"
    args = ["2010-05-06", "--out", str(out), "--seat", "E14000530"]
    args += ["--polls", "2015-04-27:2015-05-06", "--national-sd", "2.5"]
    result = subprocess.run(
        [sys.executable, "-m", "votebank", "import-uk", *args],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    swing = load_scenario(out / "scenario.toml").spec.mechanisms.swing
    assert swing.national_sd == 2.5
    assert swing.target["Con"] == pytest.approx(0.337, abs=0.001)  # the final-week polls


@pytest.mark.parametrize(("seats", "apart"), [(["E14000530"], None), (["S14000001"], ["Scotland"])])
def test_a_projection_of_chosen_seats_sets_apart_only_their_regions(tmp_path, seats, apart):
    # A region apart needs a seat of its own; the GB shares still leave Scotland out.
    out = tmp_path / "some"
    args = ["2010-05-06", "--target-election", "2015-05-07", "--out", str(out)]
    args += [a for s in seats for a in ("--seat", s)]
    result = subprocess.run(
        [sys.executable, "-m", "votebank", "import-uk", *args], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    swing = load_scenario(out / "scenario.toml").spec.mechanisms.swing
    assert (list(swing.regions_apart) or None) == apart
    gb = gb_shares_from_totals("2015-05-07", exclude_regions=["Scotland", "Northern Ireland"])
    assert swing.target["Con"] == pytest.approx(gb["Con"], abs=0.001)


@pytest.mark.parametrize(
    "name",
    [
        "uk-2015-from-2010",
        "copeland-2017",
        "copeland-2017-prior",
        "copeland-2017-fitted",
        "stoke-2017-prior",
        "momentum-2017",
    ],
)
def test_independents_are_flagged_as_no_party_in_every_uk_scenario(name):
    # Nobody identifies with "Independent" as a party, and validation scores their share.
    parties = {p.id: p for p in load_scenario(name).spec.parties}
    assert parties["Ind"].independent
    assert not parties["Con"].independent
    assert parties["OTH"].aggregate
