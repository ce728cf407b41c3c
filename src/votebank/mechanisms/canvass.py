"""Door-to-door canvassing: volunteer-hours become conversations, and conversations turnout.

A campaign's hours in a seat (its own ``hours`` plus carloads: ``cars x occupants x
hours_per_activist``) knock ``doors_per_hour`` doors an hour, of which ``contact_rate`` open
into a conversation. Voters are reached at random across the seat. A contacted voter who
prefers the campaign's candidate turns out with ``gotv`` more probability (the effect among the
contacted, CACE); one who prefers another candidate turns out ``demobilise`` less. Persuasion
in a general or by-election is about zero (Kalla & Broockman 2018), so contacts do not change
choices. What the canvass hears is recorded as canvass returns.

Sources: gotv 0.07 [S] Gerber & Green 2000 (8.7 pp), Green, Gerber & Nickerson 2003 (7.1 pp);
demobilise 0.01 [E, direction from Foos & John 2018]; doors 12 an hour, contact rate 0.33 [E]
(4 contacts an hour [S-weak]); 3.5 occupants and 5 hours per activist [E] (domain brief §5).
"""

from __future__ import annotations

import numpy as np
from pydantic import ConfigDict, Field, field_validator, model_validator

from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.strict import StrictModel

TOKEN_HOURS = 1e-6  # keeps a seat on the canvassed sampling path in every variant (CRN)


# Far beyond any party's members (Labour's 550,000 in 2017 fill about 160,000 cars): a guard
# against absurd sizes, not a model of capacity.
MAX_CARS = 1_000_000
# The same guard for hours (a million volunteers' lifetimes): past it the hours times the doors
# overflowed to infinity, the contact rate became NaN and the campaign reached nobody.
MAX_HOURS = 1e12
MAX_DOORS_PER_HOUR = 3600.0  # one a second


class Campaign(StrictModel):
    """One party's canvass, in ``[[mechanisms.canvass.campaigns]]``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    party: str = Field(description="The party whose candidates the campaign works for.")
    seats: list[str] = Field(description="Constituency ids the hours are spread over, evenly.")
    hours: float = Field(0.0, ge=0, le=MAX_HOURS, description="Volunteer-hours from local members.")
    cars: int = Field(0, ge=0, le=MAX_CARS, description="Carloads of activists from elsewhere.")
    occupants_per_car: float = Field(3.5, gt=0, description="[E] activists per car.")
    hours_per_activist: float = Field(5.0, ge=0, description="[E] canvassing hours each.")

    @field_validator("seats")
    @classmethod
    def _each_seat_once(cls, seats: list[str]) -> list[str]:
        # The hours are spread over the seats named, each once: a seat named twice took a
        # share of the hours twice over and then got one, so the others were silently lost.
        if not seats:  # spread over no seat, the hours were silently lost
            raise ValueError("at least one seat is needed: the hours are spread over the seats")
        twice = sorted({s for s in seats if seats.count(s) > 1})
        if twice:
            raise ValueError(f"a seat named twice: {', '.join(twice)}")
        return seats

    @model_validator(mode="after")
    def _countable(self) -> Campaign:
        total = self.total_hours
        if not total <= MAX_HOURS:  # NaN included
            # Whole hours where they fit on a line: rounded, a total just over the bound read
            # "is 1e+12; at most 1e+12".
            shown = f"{total:,.0f}" if total < 1e18 else f"{total:.3g}"
            raise ValueError(
                f"hours + cars x occupants_per_car x hours_per_activist is {shown}; "
                f"at most {MAX_HOURS:.0e}"
            )
        return self

    @property
    def total_hours(self) -> float:
        """Local hours plus the carloads' hours."""
        return self.hours + self.cars * self.occupants_per_car * self.hours_per_activist


class CanvassParams(MechanismParams):
    """Parameters of ``[mechanisms.canvass]``."""

    doors_per_hour: float = Field(
        12.0, ge=0, le=MAX_DOORS_PER_HOUR, description="[E] doors knocked an hour."
    )
    contact_rate: float = Field(0.33, ge=0, le=1, description="[E] doors that open to a talk.")
    gotv: float = Field(0.07, ge=0, le=1, description="[S] turnout lift of a contacted supporter.")
    demobilise: float = Field(0.01, ge=0, le=1, description="[E] turnout drop of an opponent.")
    campaigns: list[Campaign] = Field(default_factory=list, description="Who canvasses where.")


def contacts_per_seat(state: RunState, campaign: Campaign) -> dict[int, float]:
    """Expected conversations the campaign has in each of its seats."""
    p = state.spec.mechanisms.canvass
    ids = list(state.contests.seat_ids)
    seats = [ids.index(s) for s in campaign.seats if s in ids]
    per_seat = campaign.total_hours * p.doors_per_hour * p.contact_rate / max(len(seats), 1)
    return dict.fromkeys(seats, per_seat)


def step(state: RunState) -> None:
    """Set each cohort's chance of a conversation with each candidate's campaign."""
    p = state.spec.mechanisms.canvass
    el, c = state.electorate, state.contests
    voters = np.bincount(el.cohort_seat, el.cohort_count, minlength=c.seats)
    contact = np.zeros((c.seats, c.slots))
    for campaign in p.campaigns:
        party = c.party_ids.index(campaign.party)
        for seat, conversations in contacts_per_seat(state, campaign).items():
            # A candidate who stood down or boycotts has no campaign: it would only have
            # kept the voters it met at home.
            withdrawn = c.can_win[seat] & ~state.standing[seat]
            slots = np.flatnonzero((c.party[seat] == party) & c.valid[seat] & ~withdrawn)
            if len(slots):
                contact[seat, slots[0]] += conversations / max(voters[seat], 1)
    # Nobody can be reached more than once in all: scale a seat's rates down if they exceed 1.
    total = contact.sum(axis=1, keepdims=True)
    contact = np.where(total > 1, contact / np.maximum(total, 1e-12), contact)
    state.contact = contact[el.cohort_seat]
    state.gotv = p.gotv
    state.demobilise = p.demobilise


STEP = Step(
    "canvass",
    "canvass",
    "campaign",
    step,
    "volunteer-hours become conversations",
    reads=("standing",),
    writes=("contact", "gotv", "demobilise"),
    params=CanvassParams,
    # Not seat-local: a campaign spreads its hours over the seats it names that are in the run.
)
