"""Polling agents: present at the stated coverage; unwatched stations are captured more often."""

import numpy as np

from tests.mechanisms.conftest import state_of, station_armed_patron, variant


def posted(**more) -> dict:
    return {
        "mechanisms.agents.enabled": True,
        **{f"mechanisms.agents.{k}": v for k, v in more.items()},
    }


def test_agents_are_present_at_the_stated_coverage_and_compromised_at_the_stated_rate():
    cov, bad = 0.6, 0.3
    present = cells = compromised = 0
    for run in range(10):
        s = state_of(
            variant(
                posted(
                    coverage=cov,
                    independent_coverage=cov,
                    stronghold_factor=1.0,
                    compromised=bad,
                    compromised_armed=bad,
                )
            ),
            run,
        )
        truth = s.truth["agents"]
        standing = (s.standing & s.contests.valid)[s.electorate.station_seat]
        assert not truth["present"][~standing].any()
        present += int(truth["present"][standing].sum())
        cells += int(standing.sum())
        compromised += int(truth["compromised"].sum())
    for hits, n, p in ((present, cells, cov), (compromised, present, bad)):
        assert abs(hits / n - p) < 4 * np.sqrt(p * (1 - p) / n), (hits, n, p)


def test_unwatched_stations_are_the_armed_ones_without_an_honest_rival_agent():
    s = state_of(variant(posted(coverage=0.3, independent_coverage=0.3)), 1)
    truth = s.truth["agents"]
    lord = station_armed_patron(s)
    backed = np.where(lord >= 0, np.append(s.landlord_backing, -1)[lord], -1)
    honest = truth["present"] & ~truth["compromised"]
    for st in range(s.electorate.stations):
        rivals = [k for k in range(s.contests.slots) if k != backed[st] and honest[st, k]]
        assert truth["unwatched"][st] == (backed[st] >= 0 and not rivals)
    np.testing.assert_allclose(s.station_protection, np.where(truth["unwatched"], 1 / 3, 1.0))


def test_without_rival_agents_more_stations_are_captured():
    none = full = 0
    for run in range(6):
        empty = state_of(variant(posted(coverage=0.0, independent_coverage=0.0)), run, seed=3)
        watched = state_of(
            variant(
                posted(
                    coverage=1.0,
                    independent_coverage=1.0,
                    compromised=0.0,
                    compromised_armed=0.0,
                    stronghold_factor=1.0,
                )
            ),
            run,
            seed=3,
        )
        off = state_of(variant(), run, seed=3)
        # Fully watched stations keep the protection of the scenario without agents.
        np.testing.assert_array_equal(watched.station_stuffing, off.station_stuffing)
        none += int((empty.station_stuffing > 0).sum())
        full += int((watched.station_stuffing > 0).sum())
    assert none > full
