"""Canvassing: hours become conversations; contacted supporters turn out more."""

import numpy as np
import pytest

import votebank as vb
from tests.mechanisms.conftest import seat_slot, state_of, variant
from votebank.core.labels import CANVASSED, OWN

DOORS, RATE = 12.0, 0.33
# Canal Colony (T-3) grows to 200,000 on the roll: tens of thousands of conversations.
BIG = {"T-3": {"registered": 200_000}}


def canvass(campaigns, *, gotv=0.07, demobilise=0.01, only=("canvass",), **extra):
    overrides = {
        "mechanisms.canvass.enabled": True,
        "mechanisms.canvass.campaigns": campaigns,
        "mechanisms.canvass.gotv": gotv,
        "mechanisms.canvass.demobilise": demobilise,
        "mechanisms.canvass.doors_per_hour": DOORS,
        "mechanisms.canvass.contact_rate": RATE,
        "turnout.rejected_share": 0.0,
        **extra,
    }
    # only=None: the tiny scenario's mechanisms (all on) plus canvassing.
    mechanisms = None if only is None else (*only, "canvass")
    return variant(overrides, only=mechanisms, constituencies=BIG)


def conversations(state, seat: int, slot: int) -> float:
    el = state.electorate
    here = el.cohort_seat == seat
    return float((el.cohort_count[here] * state.contact[here, slot]).sum())


@pytest.mark.parametrize(
    "campaigns",
    [[], [{"party": "BLUE", "seats": ["T-2", "T-3"], "hours": 0.0}]],
    ids=["no campaigns", "no volunteers"],
)
def test_no_volunteers_no_contacts(campaigns):
    scenario = canvass(campaigns, gotv=0.3, demobilise=0.3, only=None)
    plain = variant({"turnout.rejected_share": 0.0}, constituencies=BIG)
    for run in range(2):
        state = state_of(scenario, run)
        assert (state.contact == 0).all()
        assert state.tally[:, :, CANVASSED].sum() == 0
        assert state.canvass_returns == []
        assert vb.Model.of(scenario).run(run).frames["canvass"].empty
        # Nobody reached, nothing changes: the very same draws as without the mechanism.
        assert np.array_equal(state.tally, state_of(plain, run).tally)


def test_contacts_scale_with_hours_doors_and_contact_rate():
    base = [{"party": "BLUE", "seats": ["T-2", "T-3"], "hours": 500.0}]
    state = state_of(canvass(base))
    el, c = state.electorate, state.contests
    t2, amina = seat_slot(state, "T-2-a")
    t3, chaudhry = seat_slot(state, "T-3-b")
    # Expected conversations = hours x doors an hour x contact rate, spread evenly over seats.
    expected = 500 * DOORS * RATE / 2
    assert conversations(state, t2, amina) == pytest.approx(expected)
    assert conversations(state, t3, chaudhry) == pytest.approx(expected)
    # Contacts go to the party's own candidate only, and only in the campaign's seats.
    reached = np.zeros(c.valid.shape, dtype=bool)
    reached[t2, amina] = reached[t3, chaudhry] = True
    assert (state.contact[:, ~reached[el.cohort_seat].any(axis=0)] == 0).all()
    assert (state.contact[~reached[el.cohort_seat].any(axis=1)] == 0).all()
    # Twice the hours (or carloads giving the same hours), twice the conversations.
    cars = [
        {
            "party": "BLUE",
            "seats": ["T-2", "T-3"],
            "hours": 500.0,
            "cars": 20,
            "occupants_per_car": 2.5,
            "hours_per_activist": 10.0,
        }
    ]
    doubled = state_of(canvass(cars))
    assert conversations(doubled, t3, chaudhry) == pytest.approx(2 * expected)
    # Half the contact rate, half the conversations.
    halved = state_of(canvass(base, **{"mechanisms.canvass.contact_rate": RATE / 2}))
    assert conversations(halved, t3, chaudhry) == pytest.approx(expected / 2)


def test_nobody_is_reached_more_than_once():
    many = [
        {"party": "BLUE", "seats": ["T-2"], "hours": 1e6},
        {"party": "RED", "seats": ["T-2"], "hours": 3e6},
    ]
    state = state_of(canvass(many))
    seat, amina = seat_slot(state, "T-2-a")
    _, mian = seat_slot(state, "T-2-b")
    here = state.electorate.cohort_seat == seat
    assert np.allclose(state.contact[here].sum(axis=1), 1.0)
    assert np.allclose(state.contact[here, mian], 3 * state.contact[here, amina])


@pytest.mark.parametrize("run", [0, 1, 2])
def test_contacted_supporters_turn_out_more_by_gotv(run):
    gotv = 0.2
    # ~54,000 conversations among ~180,000 real voters of T-3, for Chaudhry Sahib (BLUE).
    hours = 54_000 / (DOORS * RATE)
    campaigns = [{"party": "BLUE", "seats": ["T-3"], "hours": hours}]
    state = state_of(canvass(campaigns, gotv=gotv, demobilise=0.0), run)
    el = state.electorate
    seat, slot = seat_slot(state, "T-3-b")
    assert conversations(state, seat, slot) == pytest.approx(54_000)
    own_p = np.clip(state.turnout * state.station_turnout[el.cohort_station], 0, 1)
    contacted, lift = 0, 0.0
    for rows, k, friendly, _ in state.canvass_returns:
        if k == slot:
            contacted += friendly.sum()
            lift += (friendly * np.minimum(gotv, 1 - own_p[rows])).sum()
    # Each contacted supporter votes anyway (t), or is mobilised (gotv), or stays home: the
    # mobilised are Binomial(contacted, gotv) (gotv capped at 1 - t where t > 1 - gotv), so
    # |mobilised - E| < 5 sqrt(E (1 - gotv)) fails with p < 1e-6.
    mobilised = state.seat_votes[seat, slot, CANVASSED]
    assert contacted > 15_000
    assert lift > 0.99 * gotv * contacted  # the cap hardly binds: this is gotv x contacted
    assert abs(mobilised - lift) < 5 * np.sqrt(lift * (1 - gotv)), (mobilised, lift)
    # Mobilised votes exist only for the campaign's candidate.
    assert state.tally[:, :, CANVASSED].sum() == mobilised
    # The canvass table reports the same conversations.
    table = vb.Model.of(canvass(campaigns, gotv=gotv, demobilise=0.0)).run(run).frames["canvass"]
    row = table[(table.constituency_id == "T-3") & (table.party == "BLUE")].iloc[0]
    assert row.stated_support == contacted
    # All voters choose for themselves here, so every conversation is returned: Binomial sum
    # with mean 54,000, within 5 sd (about 1,200).
    assert abs(row.contacts - 54_000) < 5 * np.sqrt(54_000)


def paired_totals(scenario_on, scenario_off, runs):
    """Per run, votes per candidate (seat x slot) under both scenarios, same run index."""
    on, off = vb.Model.of(scenario_on), vb.Model.of(scenario_off)
    a = np.array([on.state(r).seat_votes.sum(axis=2) for r in range(runs)])
    b = np.array([off.state(r).seat_votes.sum(axis=2) for r in range(runs)])
    return a, b


def test_opponents_contacted_are_demobilised():
    # Paired runs share every shock; only binomial noise separates them. Opponents of BLUE in
    # T-3 lose demobilise x (their contacted voters); the sd of the difference of two totals is
    # below sqrt(on + off), so a 5 sd bound.
    demobilise = 0.1
    hours = 54_000 / (DOORS * RATE)
    campaigns = [{"party": "BLUE", "seats": ["T-3"], "hours": hours}]
    on_scenario = canvass(campaigns, gotv=0.0, demobilise=demobilise)
    off_scenario = variant({"turnout.rejected_share": 0.0}, constituencies=BIG, only=())
    for run in range(2):
        on, off = state_of(on_scenario, run), state_of(off_scenario, run)
        seat, slot = seat_slot(on, "T-3-b")
        hostile = sum(h.sum() for _, k, _, h in on.canvass_returns if k != slot)
        others = np.delete(on.seat_votes[seat].sum(axis=1), slot).sum()
        others_off = np.delete(off.seat_votes[seat].sum(axis=1), slot).sum()
        expected_loss = demobilise * hostile
        assert expected_loss > 1000
        diff = others_off - others
        assert abs(diff - expected_loss) < 5 * np.sqrt(others + others_off), (diff, expected_loss)


def test_contacts_without_effects_change_only_the_draws():
    # gotv 0 and demobilise 0: contacted voters take another sampling path (choose first, then
    # turn out), so the draws differ from a run without canvassing but the distribution must
    # not. Each run index pairs the two (same shocks); the paired differences per candidate have
    # mean 0, and |mean| < 5 standard errors over 30 runs fails with p < 1e-4 per candidate.
    campaigns = [
        {"party": "BLUE", "seats": ["T-2", "T-3"], "hours": 8000.0},
        {"party": "RED", "seats": ["T-1", "T-3"], "hours": 8000.0},
    ]
    on_scenario = canvass(campaigns, gotv=0.0, demobilise=0.0, only=("biradari", "landlords"))
    off_scenario = variant(
        {"turnout.rejected_share": 0.0}, constituencies=BIG, only=("biradari", "landlords")
    )
    runs = 30
    on, off = paired_totals(on_scenario, off_scenario, runs)
    assert not np.array_equal(on, off)  # the paths really differ
    on_state = state_of(on_scenario, 0)
    assert on_state.tally[:, :, CANVASSED].sum() == 0
    assert on_state.canvass_returns
    valid = on_state.contests.valid
    d = (on - off)[:, valid].astype(float)
    se = d.std(axis=0, ddof=1) / np.sqrt(runs)
    assert (np.abs(d.mean(axis=0)) < 5 * np.maximum(se, 1.0)).all(), (d.mean(axis=0), se)
    # The own route carries the same head count either way, up to the same noise.
    own_on = on_state.seat_votes[:, :, OWN].sum()
    own_off = state_of(off_scenario, 0).seat_votes[:, :, OWN].sum()
    assert abs(own_on - own_off) < 5 * np.sqrt(own_on + own_off)


def test_a_canvass_in_one_seat_leaves_the_others_untouched():
    # Common random numbers: seats no campaign reaches draw exactly the same votes.
    campaigns = [{"party": "BLUE", "seats": ["T-3"], "hours": 5000.0}]
    on_scenario = canvass(campaigns, gotv=0.2, demobilise=0.05, only=None)
    off_scenario = variant({"turnout.rejected_share": 0.0}, constituencies=BIG)
    for run in range(3):
        on, off = state_of(on_scenario, run), state_of(off_scenario, run)
        seat, _ = seat_slot(on, "T-3-b")
        assert not np.array_equal(on.seat_votes[seat], off.seat_votes[seat])
        for other in range(on.contests.seats):
            if other != seat:
                assert np.array_equal(on.seat_votes[other], off.seat_votes[other])


def test_more_hours_change_a_seat_by_their_effect_not_by_redrawn_noise():
    # A canvass plan compares allocations run on the same seeds: adding hours to a seat must
    # move its votes by the hours' effect, not redraw every supporter's turnout (before, a
    # 1,000-hour chunk's paired gain in a UK seat had sd 50 votes on a mean of 110). Chaudhry
    # (BLUE, T-3) gets 20,000 then 24,000 hours: the chance of a conversation rises by a fifth
    # (no cap binds), so in each run the votes mobilised should rise by about a fifth.
    def routes(hours):
        campaigns = [{"party": "BLUE", "seats": ["T-3"], "hours": hours}]
        model = vb.Model.of(canvass(campaigns, demobilise=0.0))
        out = []
        for run in range(20):
            state = model.state(run)
            seat, slot = seat_slot(state, "T-3-b")
            out.append(state.seat_votes[seat, slot, [OWN, CANVASSED]])
        return np.array(out)

    before, after = routes(20_000.0), routes(24_000.0)
    # Who votes for their own reasons is drawn before, and whatever, the canvass.
    assert np.array_equal(before[:, 0], after[:, 0])
    # The mobilised are drawn by inversion with the same trials: never fewer with more hours.
    gain = after[:, 1] - before[:, 1]
    assert (gain >= 0).all(), gain
    # Given a run, the gain is about Binomial(those at home, the extra chance of mobilising):
    # a fifth of the mobilised at 20,000 hours, each run within 5 sd (p < 1e-5 per run).
    expected = 0.2 * before[:, 1]
    assert before[:, 1].min() > 1000
    assert (np.abs(gain - expected) < 5 * np.sqrt(1.2 * expected)).all(), (gain, expected)


def test_a_seat_named_twice_in_a_campaign_is_refused(tmp_path):
    # Its hours were split two ways and given once: half the campaign silently lost.
    import shutil

    from votebank.errors import InputError
    from votebank.scenario.catalogue import builtin_dir

    folder = tmp_path / "cop"
    shutil.copytree(builtin_dir() / "copeland-2017", folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace("hours = 1500.0", 'hours = 1500.0\nseats = ["E14000647", "E14000647"]')
    text = text.replace('party = "Con"\nseats = [\n    "E14000647",\n]\n', 'party = "Con"\n')
    toml.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        vb.load_scenario(folder)
    [problem] = err.value.problems
    assert problem.location == "mechanisms.canvass.campaigns.1.seats"
    assert "E14000647" in problem.value
    assert "twice" in problem.message


def test_a_campaign_too_large_to_count_is_refused(tmp_path):
    # Its hours overflowed to infinity, the contact rate became NaN, and the campaign
    # silently reached nobody.
    import shutil

    from votebank.errors import InputError
    from votebank.scenario.catalogue import builtin_dir

    folder = tmp_path / "big"
    shutil.copytree(builtin_dir() / "tiny", folder)
    toml = folder / "scenario.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + "\n[mechanisms.canvass]\nenabled = true\ndoors_per_hour = 1e300\n"
        "[[mechanisms.canvass.campaigns]]\nparty = 'BLUE'\nseats = ['T-2']\nhours = 1e300\n"
        "[[mechanisms.canvass.campaigns]]\nparty = 'BLUE'\nseats = ['T-3']\n"
        "cars = 10\noccupants_per_car = 1e300\nhours_per_activist = 1e300\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        vb.load_scenario(folder)
    places = {p.location for p in err.value.problems}
    assert places == {
        "mechanisms.canvass.doors_per_hour",
        "mechanisms.canvass.campaigns.0.hours",
        "mechanisms.canvass.campaigns.1",
    }


def test_a_campaign_of_no_seats_is_refused(tmp_path, monkeypatch, capsys):
    # `seats = []` was accepted: its hours were spread over no seat and silently lost, and
    # copeland-carloads put the carloads there and said they bought nothing.
    import shutil

    from tests.hostile.helpers import assert_user_error, main
    from votebank.scenario.catalogue import builtin_dir

    folder = tmp_path / "cop"
    shutil.copytree(builtin_dir() / "copeland-2017", folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace(
        'party = "Lab"\nseats = [\n    "E14000647",\n]\n', 'party = "Lab"\nseats = []\n'
    )
    assert "seats = []" in text
    toml.write_text(text, encoding="utf-8")
    code, out, err = main(["validate", str(folder)], monkeypatch, capsys)
    assert_user_error(code, out, err, "mechanisms.canvass.campaigns.0.seats", "at least one seat")


def test_a_campaign_seat_where_its_party_does_not_stand_is_refused(tmp_path, monkeypatch, capsys):
    # BLUE does not stand in T-1: the half of its hours spread there reached no one, silently.
    import shutil

    from tests.hostile.helpers import assert_user_error, main
    from votebank.scenario.catalogue import builtin_dir

    folder = tmp_path / "tiny"
    shutil.copytree(builtin_dir() / "tiny", folder)
    toml = folder / "scenario.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + "\n[mechanisms.canvass]\nenabled = true\n\n[[mechanisms.canvass.campaigns]]\n"
        + 'party = "BLUE"\nseats = ["T-1", "T-2"]\nhours = 5000.0\n',
        encoding="utf-8",
    )
    code, out, err = main(["validate", str(folder)], monkeypatch, capsys)
    assert_user_error(
        code, out, err, "mechanisms.canvass.campaigns.0.seats.0", '"T-1"', "BLUE does not stand"
    )
    assert "seats.1" not in err


def test_a_campaign_just_over_the_bound_says_by_how_much(tmp_path):
    # The total was rounded to three digits: "is 1e+12; at most 1e+12", a refusal that
    # contradicted itself and did not say what to cut.
    import shutil

    from votebank.errors import InputError
    from votebank.scenario.catalogue import builtin_dir

    folder = tmp_path / "edge"
    shutil.copytree(builtin_dir() / "tiny", folder)
    toml = folder / "scenario.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8") + "\n[mechanisms.canvass]\nenabled = true\n"
        "[[mechanisms.canvass.campaigns]]\nparty = 'BLUE'\nseats = ['T-2']\n"
        "hours = 1e12\ncars = 1000000\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        vb.load_scenario(folder)
    [problem] = err.value.problems
    assert "1,000,017,500,000" in problem.message, problem.message
    assert "at most 1e+12" in problem.message, problem.message


@pytest.mark.parametrize(
    "alliances",
    [
        {"boycotts": ["BLUE"]},
        {"stand_downs": [{"party": "BLUE", "ally": "RED", "seats": ["T-2"]}]},
    ],
    ids=["boycott", "stand down"],
)
def test_a_campaign_for_a_candidate_who_no_longer_stands_reaches_nobody(alliances):
    # The campaign of a boycotting party (or of one that stood down) kept canvassing and
    # demobilised every voter it met: at full strength no one in the seat voted at all.
    campaigns = [{"party": "BLUE", "seats": ["T-2"], "hours": 1e6}]
    on = state_of(
        canvass(
            campaigns,
            gotv=1.0,
            demobilise=1.0,
            only=("alliances",),
            **{
                "mechanisms.alliances.enabled": True,
                **{f"mechanisms.alliances.{k}": v for k, v in alliances.items()},
            },
        )
    )
    seat, slot = seat_slot(on, "T-2-a")
    assert conversations(on, seat, slot) == 0.0
    assert on.seat_votes[seat].sum() > 1000


def test_a_run_without_canvass_returns_casts_the_same_votes():
    # The canvass planner reads only who won: skipping what canvassers heard (the last four
    # draws of each candidate, from their own streams) must leave every vote as it was.
    campaigns = [
        {"party": "BLUE", "seats": ["T-2", "T-3"], "hours": 3000.0},
        {"party": "RED", "seats": ["T-3"], "hours": 1000.0},
    ]
    model = vb.Model.of(canvass(campaigns, only=None), seed=5)
    for run in range(3):
        heard, quiet = model.state(run), model.state(run, canvass_returns=False)
        assert heard.canvass_returns
        assert quiet.canvass_returns is None
        assert heard.tally[:, :, CANVASSED].sum() > 0
        assert np.array_equal(heard.tally, quiet.tally)
        assert np.array_equal(heard.final_party, quiet.final_party)
