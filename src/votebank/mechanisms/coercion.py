"""Coercion: a patron's armed men at or near his villages' stations.

Where a patron with a militia holds the villages, voters who would vote against his candidate
stay home more often (their turnout is cut by ``suppression`` times the militia's strength,
at most 1), and his dependants comply more (an extra ``compliance_boost``, recorded under the
route "coerced").

Sources: the mechanism follows the domain brief §3.1 and §4 (NA-28 Buner 2008); every number
here is an estimate [E].
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from votebank.core.params import MechanismParams
from votebank.core.state import RunState
from votebank.core.step import Step
from votebank.mechanisms.common import armed_patron


class CoercionParams(MechanismParams):
    """Parameters of ``[mechanisms.coercion]``."""

    suppression: float = Field(
        0.30, ge=0, le=1, description="[E] cut in opponents' turnout under a militia of strength 1."
    )
    compliance_boost: float = Field(
        0.05, ge=0, le=1, description="[E] extra compliance of dependants under arms."
    )


def step(state: RunState) -> None:
    """Set suppression of opponents and the coerced route under each armed patron."""
    p = state.spec.mechanisms.coercion
    el = state.electorate
    lord = armed_patron(state)  # by station: a few arrays of stations, then read per cohort
    here = lord >= 0
    if not here.any():
        return  # no armed patron anywhere (or no landlords at all): nothing changes
    strength = np.where(here, el.landlord_militia[np.maximum(lord, 0)], 0.0)
    suppress = np.where(here, np.clip(p.suppression * strength, 0, 1), 0.0)
    protected = np.where(here, state.landlord_backing[np.maximum(lord, 0)], -1)
    # Gathered straight into the run's columns (no temporaries of a cohort's length; every
    # cohort's station exists, and mode "wrap" skips the check's scratch copy).
    np.take(suppress, el.cohort_station, out=state.suppress, mode="wrap")
    slot = protected.astype(state.protected_slot.dtype)
    np.take(slot, el.cohort_station, out=state.protected_slot, mode="wrap")
    # A dependant's patron is the armed one at his station (-2 where none: no cohort's patron).
    dependant = el.cohort_landlord == np.where(here, lord, -2)[el.cohort_station]
    boost = np.minimum(p.compliance_boost, 1 - state.p_landlord)
    state.p_coerced[:] = np.where(dependant, boost, 0.0)


STEP = Step(
    "coercion",
    "coercion",
    "polling day",
    step,
    "armed men suppress opponents and press dependants",
    reads=("landlord_backing", "p_landlord"),
    writes=("suppress", "protected_slot", "p_coerced"),
    params=CoercionParams,
    seat_local=True,
)
