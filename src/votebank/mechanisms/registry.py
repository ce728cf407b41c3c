"""The steps of a run, in order: the core's and every mechanism's. One line per step.

A mechanism's parameters, streams and columns are declared on its step, in its own file; the
scenario's ``[mechanisms.*]`` tables and the schedule of a run are both read from this list.
"""

from votebank.core import choice, count, turnout, vote
from votebank.core.step import Step, checked
from votebank.mechanisms import (
    agents,
    alliances,
    biradari,
    byelection,
    canvass,
    coercion,
    compilation,
    electables,
    factions,
    fear,
    flows,
    incumbency,
    landlords,
    multiple_seats,
    postal,
    reserved_seats,
    stuffing,
    swing,
    switching,
    tactical,
    transport,
    women_barred,
)

STEPS: tuple[Step, ...] = (
    electables.STEP,
    choice.UTILITIES,
    swing.STEP,
    # UK levers (issue 18): flows and incumbency act on the swing's projection.
    flows.STEP,
    incumbency.STEP,
    turnout.TURNOUT,
    byelection.STEP,
    switching.STEP,
    alliances.STEP,
    tactical.STEP,
    choice.FORECAST,
    landlords.STEP,
    biradari.STEP,
    factions.STEP,
    transport.STEP,
    agents.STEP,
    fear.STEP,
    coercion.STEP,
    women_barred.STEP,
    canvass.STEP,
    postal.STEP,  # UK lever (issue 18): postal voters out of the late canvass's reach
    vote.VOTE,
    stuffing.STEP,
    count.COUNT,
    compilation.STEP,
    multiple_seats.STEP,
    reserved_seats.STEP,
)
checked(STEPS)  # a mis-declared step is refused here, named, before any run

# Each mechanism's parameter model, in the order of its first step.
MECHANISMS = {s.owner: s.params for s in STEPS if s.params is not None}
