"""The reference election the peer comparison runs: its parameters and a generator of N voters.

The model, voter by voter, in every constituency (first past the post):

1. Each village vote bloc's leader instructs his bloc to vote for one candidate of the seat,
   drawn by a logit: ``P(k) ~ exp(bloc_gov_bonus * [k is the government's candidate])``.
2. A bloc member follows the instruction with probability ``cohesion``; a follower turns out
   with ``follow_turnout = sigmoid(logit(turnout) + instructed_boost)`` and votes as told.
3. Every other voter (not in a bloc, or a member who does not follow) turns out with the seat's
   ``turnout`` and chooses among the seat's candidates by a logit on their ``appeal``.
4. Each seat goes to the candidate with most votes (votebank and Mesa break an exact tie by lot;
   ElectoralSim gives it to the lowest party index).

Every draw is fresh in every run (an election); the social structure is fixed.

The structure: N registered voters in ``seats`` constituencies (sizes vary +-30%), polling
stations of ~``voters_per_station`` voters, villages/wards of 1-3 stations, 3-10 clans a village
(the largest holding 25-40%), 1-3 vote blocs a village; a clan joins one of its village's blocs
with probability 0.70 in a village and 0.25 in a town ward, else stands apart. It is drawn once
(seed ``structure_seed``) by votebank's electorate builder from the scenario written by
:func:`write_scenario`, and handed voter by voter to the peers (:func:`reference_election`), so
all three implementations simulate the very same voters. Everything votebank has beyond this
model (women's turnout, party identification, class affinity, shocks, ghosts, rejected ballots,
every other mechanism) is switched off in that scenario.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

PARTIES = ("GOV", "OPP", "THIRD", "FOURTH")


@dataclass(frozen=True)
class ReferenceParams:
    """Parameters of the reference election (the same for every implementation)."""

    seats: int = 20
    parties: tuple[str, ...] = PARTIES
    government: int = 0  # index of the governing party (favoured by bloc leaders)
    party_appeal: tuple[float, ...] = (0.20, 0.15, 0.0, -0.40)  # logit, before seat noise
    appeal_sd: float = 0.35  # seat-by-seat spread of a candidate's appeal
    fourth_stands_share: float = 0.5  # FOURTH has a candidate in about half the seats
    turnout_range: tuple[float, float] = (0.35, 0.65)  # seat turnout, uniform
    urban_range: tuple[float, float] = (0.05, 0.9)  # share of a seat's wards that are urban
    size_spread: float = 0.3  # seat sizes vary uniformly by +-30% around N / seats
    cohesion: float = 0.80
    instructed_boost: float = 0.5
    bloc_gov_bonus: float = 1.0
    voters_per_station: float = 250.0
    bloc_membership_rural: float = 0.70
    bloc_membership_urban: float = 0.25
    table_seed: int = 2024
    structure_seed: int = 1


def reference_tables(n_voters: int, p: ReferenceParams) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Constituency and candidate tables of the reference election of ``n_voters`` voters."""
    rng = np.random.default_rng(p.table_seed)  # the same draws at every size
    weight = rng.uniform(1 - p.size_spread, 1 + p.size_spread, p.seats)
    exact = n_voters * weight / weight.sum()
    registered = np.floor(exact).astype(np.int64)
    registered[np.argsort(registered - exact, kind="stable")[: n_voters - registered.sum()]] += 1
    turnout = np.round(rng.uniform(*p.turnout_range, p.seats), 4)
    urban = np.round(rng.uniform(*p.urban_range, p.seats), 3)
    appeal = np.round(
        np.asarray(p.party_appeal)[None, :] + rng.normal(0, p.appeal_sd, (p.seats, len(p.parties))),
        4,
    )
    stands = np.ones((p.seats, len(p.parties)), dtype=bool)
    stands[:, -1] = rng.random(p.seats) < p.fourth_stands_share
    ids = [f"R-{s + 1}" for s in range(p.seats)]
    constituencies = pd.DataFrame(
        {
            "id": ids,
            "region": "Reference",
            "registered": registered,
            "urban_share": urban,
            "turnout": turnout,
        }
    )
    rows = [
        {
            "constituency": ids[s],
            "candidate": f"{ids[s]}-{party}",
            "party": party,
            "appeal": appeal[s, k],
        }
        for s in range(p.seats)
        for k, party in enumerate(p.parties)
        if stands[s, k]
    ]
    return constituencies, pd.DataFrame(rows)


def scenario_toml(p: ReferenceParams) -> str:
    """The votebank scenario file of the reference model (biradari on, all else off)."""
    parties = "\n".join(
        f'[[parties]]\nid = "{party}"\ngovernment = {"true" if k == p.government else "false"}\n'
        for k, party in enumerate(p.parties)
    )
    # Bloc leader: argmax of promise_value * credibility_k + choice_noise * Gumbel, where the
    # government's candidate has credibility 0.5 + 0.5 and the others 0.5: a logit whose
    # government bonus is promise_value * government_credibility / choice_noise.
    noise = 0.5
    return f"""# Written by benchmarks/peers/reference.py: the peer comparison's reference election.
[scenario]
name = "reference-peers"
seed = {p.structure_seed}
runs = 1

[tables]
constituencies = "constituencies.csv"
candidates = "candidates.csv"

{parties}
[electorate]
voters_per_station = {p.voters_per_station}
station_size_sd = {p.voters_per_station / 5}
station_size_min = {max(1, int(p.voters_per_station / 5))}
station_size_max = {int(p.voters_per_station * 4)}
stations_per_locality = [1, 3]
clans_per_locality = [3, 10]
largest_clan_share = [0.25, 0.40]
blocs_per_locality = [1, 3]
bloc_membership_rural = {p.bloc_membership_rural}
bloc_membership_urban = {p.bloc_membership_urban}
dependent_share = 0.0
female_share = 0.0
party_id_share = 0.0
ghost_share = 0.0

[choice]
party_id_bonus = 0.0
candidate_weight_rural = 0.5
candidate_weight_urban = 0.5
class_affinity = {{}}
candidate_shock_sd = 0.0
region_shock_sd = 0.0

[turnout]
base = 0.5
female_ratio = 1.0
seat_sd = 0.0
rejected_share = 0.0
instructed_boost = {p.instructed_boost}

[mechanisms.biradari]
enabled = true
cohesion = {p.cohesion}
cash_weight = 0.0
promise_value = 1.0
credibility = 0.5
government_credibility = {p.bloc_gov_bonus * noise}
win_weight = 0.0
kin_weight = 0.0
kin_tie_prob = 0.0
choice_noise = {noise}
"""


def write_scenario(folder: Path, n_voters: int, p: ReferenceParams) -> Path:
    """Write the reference election as a votebank scenario (TOML + two CSV tables)."""
    folder.mkdir(parents=True, exist_ok=True)
    constituencies, candidates = reference_tables(n_voters, p)
    constituencies.to_csv(folder / "constituencies.csv", index=False)
    candidates.to_csv(folder / "candidates.csv", index=False)
    path = folder / "scenario.toml"
    path.write_text(scenario_toml(p), encoding="utf-8")
    return path


@dataclass
class ReferenceElection:
    """The reference election of N voters, as the peers receive it (arrays, one row a voter).

    Attributes:
        params: The model's parameters.
        standing: Whether party k has a candidate in seat s (seats x parties).
        appeal: Candidate appeal (logit), 0 where nobody stands (seats x parties).
        turnout: Own-choice turnout per seat.
        follow_turnout: Turnout of a bloc member who follows the instruction, per seat.
        bloc_seat: The seat of each vote bloc.
        voter_seat: Each voter's seat.
        voter_bloc: Each voter's bloc (-1: not in a bloc).
    """

    params: ReferenceParams
    standing: np.ndarray
    appeal: np.ndarray
    turnout: np.ndarray
    follow_turnout: np.ndarray
    bloc_seat: np.ndarray
    voter_seat: np.ndarray
    voter_bloc: np.ndarray
    counts: dict = field(default_factory=dict)
    voter_shock: np.ndarray | None = None  # voters x parties: the worst case's own utilities

    @property
    def voters(self) -> int:
        """Number of voters."""
        return len(self.voter_seat)

    @property
    def seats(self) -> int:
        """Number of constituencies."""
        return len(self.turnout)

    def own_probs(self) -> np.ndarray:
        """Own-choice probabilities per seat (softmax of appeal over standing candidates)."""
        e = np.where(self.standing, np.exp(self.appeal - self.appeal.max(axis=1, keepdims=True)), 0)
        return e / e.sum(axis=1, keepdims=True)

    def voter_own_cum(self) -> np.ndarray:
        """Cumulative own-choice probabilities of every voter (voters x parties).

        Seat appeal plus the voter's own shock (the worst case), softmax over the seat's
        standing candidates; without shocks every voter of a seat has the seat's row.
        """
        shock = self.voter_shock if self.voter_shock is not None else 0.0
        u = self.appeal[self.voter_seat] + shock
        e = np.where(self.standing[self.voter_seat], np.exp(u - u.max(axis=1, keepdims=True)), 0)
        return np.cumsum(e / e.sum(axis=1, keepdims=True), axis=1)

    def bloc_probs(self) -> np.ndarray:
        """Bloc leaders' choice probabilities per seat (government candidate favoured)."""
        gov = np.arange(self.standing.shape[1]) == self.params.government
        w = np.where(self.standing, np.exp(self.params.bloc_gov_bonus * gov)[None, :], 0.0)
        return w / w.sum(axis=1, keepdims=True)


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function."""
    return 1 / (1 + np.exp(-x))


def reference_election(n_voters: int, p: ReferenceParams | None = None) -> ReferenceElection:
    """Generate the reference election of ``n_voters`` voters.

    The tables come from :func:`reference_tables`; the clans and blocs are drawn by votebank's
    electorate builder from :func:`write_scenario` (seed ``p.structure_seed``), then expanded to
    one row per voter.
    """
    import tempfile

    from votebank.run.model import Model
    from votebank.scenario.load import load_scenario

    p = p or ReferenceParams()
    with tempfile.TemporaryDirectory() as tmp:
        scenario = load_scenario(write_scenario(Path(tmp), n_voters, p))
    model = Model.of(scenario, seed=p.structure_seed)
    el, _ = model.electorate(0)
    c = model.contests
    n_parties = len(p.parties)
    standing = np.zeros((c.seats, n_parties), dtype=bool)
    appeal = np.zeros((c.seats, n_parties))
    seat_idx, slot_idx = np.nonzero(c.valid)
    standing[seat_idx, c.party[seat_idx, slot_idx]] = True
    appeal[seat_idx, c.party[seat_idx, slot_idx]] = c.appeal[seat_idx, slot_idx]
    turnout = c.turnout.astype(float)
    logit = np.log(turnout / (1 - turnout))
    counts = el.cohort_count
    return ReferenceElection(
        params=p,
        standing=standing,
        appeal=appeal,
        turnout=turnout,
        follow_turnout=sigmoid(logit + p.instructed_boost),
        bloc_seat=el.bloc_seat.astype(np.int64),
        voter_seat=np.repeat(el.cohort_seat.astype(np.int64), counts),
        voter_bloc=np.repeat(el.cohort_bloc.astype(np.int64), counts),
        counts={k: v for k, v in el.describe().items() if k != "ghosts"},
    )


def individual(election: ReferenceElection, sd: float, seed: int = 7) -> ReferenceElection:
    """The worst case: the same election, every voter with its own utility shock.

    Each voter gets an own-choice utility shock for each party, ``N(0, sd)``, drawn once (seed
    ``seed``) and kept for every election: an individual ideal point in utility space. No two
    voters then share a choice model, so votebank cannot pool them (one cohort a voter).
    """
    rng = np.random.default_rng(seed)
    shock = rng.normal(0.0, sd, (election.voters, len(election.params.parties)))
    return replace(election, voter_shock=shock)
