"""Several seats per candidate, and the by-elections in the seats a winner gives up.

A person who wins more than one seat keeps one; the rest hold by-elections, simulated in the
same run (the step is in ``votebank.engine.byelections``).

The winner keeps the seat won by the largest margin share [E] and resigns the others. Each
vacated seat votes again without that person: the party fields a new candidate who has its
mood but not the personal vote, turnout is multiplied by ``turnout_mult``, and the governing
party's candidates gain ``government_swing`` on the logit scale (Pakistan's by-elections lean
toward the new government, the opposite of the UK). Patrons and blocs who had backed the
resigned person fall back on their members' own choice.

Sources: one seat kept [S, ECP]; five NA by-elections on 26 June 2008 [S]; turnout 0.75 of the
general election and a swing of about 3 points to the government [E] (domain brief §1.2).
"""

from __future__ import annotations

from pydantic import Field

from votebank.mechanisms.params import MechanismParams


class MultipleSeatsParams(MechanismParams):
    """Parameters of ``[mechanisms.multiple_seats]``."""

    turnout_mult: float = Field(0.75, gt=0, le=1.5, description="[E] by-election turnout ratio.")
    government_swing: float = Field(
        0.15, description="[E] logit swing to the governing party (about 3 points)."
    )
