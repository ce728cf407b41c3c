"""One member, one vote: internal elections of a committee or a leader, counted by votekit.

Ballots come from the members (:func:`draw_ballots`): every member of the organisation on
polling day votes with their faction's ``turnout``; a voter is loyal with their faction's
``loyalty`` and then ranks their faction's slate first, in slate order reshuffled by Gumbel
noise of scale ``order_noise``, and every other candidate after it at random; a disloyal voter
(or one with no faction) ranks every candidate at random. A ballot keeps ``ranks`` preferences
(0: all). Identical ballots are counted together.

The count is votekit's (MGGG's computational social choice library, https://votekit.readthedocs.io),
not code of ours (:func:`count`):

* ``plurality``: ``votekit.elections.Plurality``: the most first preferences win (with several
  seats, the single non-transferable vote);
* ``block``: ``votekit.elections.BlocPlurality``: each voter backs the top ``seats`` candidates
  of their ballot, one vote each, and the most-backed win (the block vote);
* ``stv``: ``votekit.elections.STV``: Droop quota, fractional transfer of surpluses.

Ties are broken by votekit: first by its default (an error), then by Borda scores (plurality,
STV) or by first preferences (block vote, counted again as a positional rule with score vector
``(1, ..., 1)``); a tie those leave falls to votekit's random tiebreak, which here draws from a
generator seeded by the run (named stream ``organisations.internal.<key>.ties``, the key the
election's organisation, office and date: listing another election before it changes nothing),
so the same seed elects the same people.

A candidate nobody voted for (under the rule: no first preference for plurality, no place in a
ballot's top ``seats`` for the block vote, no preference at all for STV) is not elected: when
fewer candidates than places received votes, every one of them is elected and the other places
are left unfilled (:attr:`InternalResult.unfilled`); with no votes at all, no one is elected.
"""

from __future__ import annotations

import contextlib
import functools
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from votebank.organisations.members import Members
from votebank.rng import Streams
from votebank.scenario.organisations.internal_spec import InternalElection
from votebank.scenario.organisations.section_spec import OrganisationsSpec

RULES = ("plurality", "block", "stv")
_NO_FACTION_TURNOUT = 0.5  # [E] members with no faction


@dataclass(frozen=True)
class Ballots:
    """The ballots of one internal election, identical ones counted together.

    Attributes:
        candidates: Candidate names.
        candidate_faction: Faction index of each candidate.
        rankings: Candidate indices in order of preference, ``(ballots, ranks)``.
        weights: Voters who cast each ballot.
        electorate: Members entitled to vote.
        turnout_by_faction: Voters by faction id (``""``: none).
    """

    candidates: tuple[str, ...]
    candidate_faction: np.ndarray
    rankings: np.ndarray
    weights: np.ndarray
    electorate: int
    turnout_by_faction: dict[str, int]

    @property
    def voters(self) -> int:
        """Ballots cast."""
        return int(self.weights.sum())

    @classmethod
    def of(cls, candidates: tuple[str, ...], rows: list[tuple[tuple[str, ...], int]]) -> Ballots:
        """Ballots from (ranking by name, count) rows: for hand-made examples."""
        index = {c: i for i, c in enumerate(candidates)}
        width = max(len(r) for r, _ in rows)
        rankings = np.full((len(rows), width), -1, dtype=np.int64)
        for b, (ranking, _) in enumerate(rows):
            rankings[b, : len(ranking)] = [index[c] for c in ranking]
        weights = np.array([w for _, w in rows], dtype=np.int64)
        return cls(
            candidates,
            np.full(len(candidates), -1),
            rankings,
            weights,
            int(weights.sum()),
            {},
        )


@dataclass(frozen=True)
class InternalResult:
    """An internal election's ballots and winners.

    Attributes:
        election: The election as declared.
        rule: The counting rule used.
        ballots: The ballots.
        elected: Winners, in votekit's order of election.
        by_faction: Places won by each faction.
    """

    election: InternalElection
    rule: str
    ballots: Ballots
    elected: tuple[str, ...]
    by_faction: dict[str, int]

    @property
    def unfilled(self) -> int:
        """Places left empty: fewer candidates than places received votes."""
        return self.election.seats - len(self.elected)


def candidates_of(
    spec: OrganisationsSpec, election: InternalElection
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """Candidates standing: the slates of the election's factions (all with a slate if none).

    Returns:
        Names, faction index of each, and position on its slate.
    """
    ids = spec.faction_ids
    standing = election.factions or [f.id for f in spec.faction if f.slate]
    names, faction, position = [], [], []
    for f in spec.faction:
        if f.id in standing:
            names += f.slate
            faction += [ids.index(f.id)] * len(f.slate)
            position += list(range(len(f.slate)))
    return tuple(names), np.array(faction, dtype=np.int64), np.array(position, dtype=float)


def draw_ballots(members: Members, spec: OrganisationsSpec, index: int, seed: int) -> Ballots:
    """Draw the ballots of ``spec.internal[index]`` from the members' factions.

    Args:
        members: The members (after the rules that apply).
        spec: The ``[organisations]`` section.
        index: Which internal election.
        seed: The seed of the named streams (``organisations.internal.<key>``).

    Returns:
        The ballots.
    """
    election = spec.internal[index]
    names, cand_faction, position = candidates_of(spec, election)
    if not names:
        raise ValueError(f"internal.{index}: no faction has a slate")
    gen = Streams(int(seed), 0, "organisations.internal.").generator(election_key(election))
    entitled = members.member_of(election.org, election.date)
    faction = members.faction[entitled].astype(np.int64)
    n, c = len(faction), len(names)
    turnout = np.array([f.turnout for f in spec.faction] + [_NO_FACTION_TURNOUT])
    loyalty = np.array([f.loyalty for f in spec.faction] + [0.0])
    u_vote, u_loyal = gen.random(n), gen.random(n)
    gumbel = gen.gumbel(size=(n, c))
    votes = u_vote < turnout[faction]
    loyal = u_loyal < loyalty[faction]
    own = cand_faction[None, :] == faction[:, None]
    # Loyal voters: own slate first, in slate order reshuffled by noise; the rest at random.
    slate_score = 1e6 - position[None, :] + election.order_noise * gumbel
    score = np.where(loyal[:, None] & own, slate_score, gumbel)
    ranks = election.ranks or c
    rankings = np.argsort(-score[votes], axis=1, kind="stable")[:, : min(ranks, c)]
    unique, weights = np.unique(rankings, axis=0, return_counts=True)
    voted = faction[votes]
    labels = [*spec.faction_ids, ""]
    by_faction = np.bincount(voted, minlength=len(labels) + 1)
    return Ballots(
        names,
        cand_faction,
        unique,
        weights.astype(np.int64),
        int(n),
        {labels[i]: int(by_faction[i]) for i in range(len(labels)) if by_faction[i]},
    )


def profile(ballots: Ballots, *, top: int = 0):
    """The ballots as a ``votekit.PreferenceProfile`` of rankings (or approvals of the ``top``).

    Args:
        ballots: The ballots.
        top: 0 for ranked ballots; otherwise each ballot approves its first ``top`` candidates
            (score 1 each), for the block vote.

    Returns:
        A ``votekit.PreferenceProfile``.
    """
    from votekit import Ballot, PreferenceProfile

    names = ballots.candidates
    out = []
    for row, weight in zip(ballots.rankings, ballots.weights, strict=True):
        picks = [names[i] for i in row if i >= 0]
        if top:
            out.append(Ballot(scores=dict.fromkeys(picks[:top], 1), weight=int(weight)))
        else:
            out.append(Ballot(ranking=tuple(frozenset({p}) for p in picks), weight=int(weight)))
    return PreferenceProfile(ballots=tuple(out), candidates=names)


def voted_for(ballots: Ballots, rule: str, seats: int) -> tuple[str, ...]:
    """Candidates who received a vote the rule counts, in candidate order.

    Plurality counts first preferences, the block vote the top ``seats`` of each ballot, STV
    every preference (any may be transferred).
    """
    width = {"plurality": 1, "block": seats}.get(rule, ballots.rankings.shape[1])
    picked = ballots.rankings[ballots.weights > 0, :width]
    return tuple(ballots.candidates[i] for i in np.unique(picked[picked >= 0]))


def count(ballots: Ballots, rule: str, seats: int, *, seed: int = 0) -> tuple[str, ...]:
    """Count the ballots under a rule with votekit.

    Args:
        ballots: The ballots.
        rule: ``plurality``, ``block`` or ``stv``.
        seats: Places to fill.
        seed: Seed of the tie-breaks votekit's rules leave to chance.

    Returns:
        The winners, in votekit's order of election: fewer than ``seats`` when fewer
        candidates received votes (:func:`voted_for`).

    Raises:
        ValueError: On an unknown rule.
    """
    from votekit.elections import BlocPlurality, Borda, Plurality

    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}; use one of {RULES}")
    # votekit refuses more places than candidates with votes: those places stay empty.
    m = min(seats, len(voted_for(ballots, rule, seats)))
    if m == 0:
        return ()
    with _seeded_ties(seed):
        if rule == "block":
            try:
                election = BlocPlurality(profile(ballots, top=seats), m=m)
            except ValueError:
                election = Borda(
                    profile(ballots), m=m, score_vector=[1] * seats, tiebreak="first_place"
                )
        else:
            kind = Plurality if rule == "plurality" else _stv()
            ranked = profile(ballots)
            try:
                election = kind(ranked, m=m)
            except ValueError:
                election = kind(ranked, m=m, tiebreak="borda")
        groups = election.get_elected()
    # votekit groups candidates elected together (one round) in a set: name order within it.
    return tuple(c for group in groups for c in sorted(group))


@functools.cache
def _stv() -> type:
    """The STV of votekit, stopping when no ballot has a value left (its own count then fails).

    When the ballots are exhausted (a surplus of nothing, or preferences run out) before the
    places are filled, the candidates left have no vote: the places left stay unfilled.
    """
    from votekit.elections import STV  # votekit is imported only when a count runs

    class ExhaustibleSTV(STV):
        def _is_finished(self) -> bool:
            left = self.election_states[-1].scores.values()
            return super()._is_finished() or not any(v > 0 for v in left)

    return ExhaustibleSTV


class _Lot(random.Random):
    """votekit's random tie-break, seeded and in a fixed order.

    votekit draws ``random.sample`` from a set of names: the module's generator is not seeded
    by the run, and a set's order differs from one process to the next (string hashing). This
    samples the names in sorted order from a generator of its own seed.
    """

    def sample(self, population, k, *, counts=None):
        return super().sample(sorted(population), k, counts=counts)


@contextlib.contextmanager
def _seeded_ties(seed: int) -> Iterator[None]:
    """While the count runs, votekit's tie-breaks draw from :class:`_Lot` (seeded)."""
    import votekit.utils

    saved = votekit.utils.random  # votekit's only draw is tiebreak_set's random.sample
    votekit.utils.random = _Lot(seed)
    try:
        # votekit prints a line when it breaks a tie at random: the table says the result.
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        votekit.utils.random = saved


def election_key(election: InternalElection) -> str:
    """The election's stream name: its organisation, office and date, not its place in the list.

    Keyed by place, listing another election before it redrew its ballots.
    """
    return f"{election.org}.{election.office}.{election.date.isoformat()}"


def _ties_seed(seed: int, election: InternalElection) -> int:
    """Seed of the tie-breaks of an internal election: its own named stream."""
    gen = Streams(int(seed), 0, "organisations.internal.").generator(
        f"{election_key(election)}.ties"
    )
    return int(gen.integers(2**63))


def run_internal(
    members: Members,
    spec: OrganisationsSpec,
    index: int,
    seed: int,
    rule: str | None = None,
) -> InternalResult:
    """Draw the ballots of an internal election and count them.

    Args:
        members: The members (after the rules that apply).
        spec: The ``[organisations]`` section.
        index: Which internal election.
        seed: The seed of the named streams.
        rule: Count under this rule instead of the declared one (same ballots).

    Returns:
        The result.
    """
    election = spec.internal[index]
    ballots = draw_ballots(members, spec, index, seed)
    chosen = rule or election.rule
    elected = count(ballots, chosen, election.seats, seed=_ties_seed(seed, election))
    faction_of = dict(zip(ballots.candidates, ballots.candidate_faction, strict=True))
    places = _places(elected, faction_of, spec.faction_ids)
    return InternalResult(election, chosen, ballots, elected, places)


def compare_rules(members: Members, spec: OrganisationsSpec, index: int, seed: int) -> pd.DataFrame:
    """The same ballots counted under every rule: places won by each faction, and unfilled."""
    ballots = draw_ballots(members, spec, index, seed)
    election = spec.internal[index]
    faction_of = dict(zip(ballots.candidates, ballots.candidate_faction, strict=True))
    rows, ties = [], _ties_seed(seed, election)
    for rule in RULES:
        elected = count(ballots, rule, election.seats, seed=ties)
        places = _places(elected, faction_of, spec.faction_ids)
        unfilled = election.seats - len(elected)
        rows.append({"rule": rule, "elected": ", ".join(elected), **places, "unfilled": unfilled})
    return pd.DataFrame(rows)


def _places(elected: list[str], faction_of: dict, ids: tuple[str, ...]) -> dict[str, int]:
    """Places won by each faction (every faction listed, in declared order)."""
    by_faction = dict.fromkeys(ids, 0)
    for name in elected:
        by_faction[ids[faction_of[name]]] += 1
    return by_faction
