"""A note on parties that stood at only one of two general elections (a rename?).

A party's code is matched exactly between the base election and the slate's: a party renamed
in a user's files (``LD`` in one, ``LibDem`` in the other) is taken as two parties, the old
one's base votes going to the candidates who stand and the new one starting from 0. Nothing
guesses a rename; the note names both sides so the user can give one code.
"""

from __future__ import annotations

from votebank.uk.parties import ALIASES
from votebank.uk.results_files import NOT_SWINGING, OTHERS, main_parties
from votebank.uk.tables import candidates_table

NEW_SHARE = 0.01  # a code new at the slate election with this share of its votes is named too


def renamed_note(base: str, slate: str) -> str:
    """Main parties gone at ``slate`` and what is new there, if both (a rename?); or ``""``.

    Besides the main parties new at ``slate``, other codes new there with at least 1 % of its
    votes are named (a renamed party that won no seat is folded into the others).
    """
    c = candidates_table()
    c = c[c["election_type"] == "general"]
    before, now = c[c["election_date"] == base], c[c["election_date"] == slate]
    if base == slate or before.empty or now.empty:
        return ""
    main = set(main_parties()) - set(NOT_SWINGING) - {OTHERS}
    old = set(before["party"].astype(str).replace(ALIASES))
    votes = now.groupby(now["party"].astype(str))["votes"].sum()
    gone = sorted((old - set(votes.index)) & main)
    fresh = votes[~votes.index.isin(old)]
    new = [p for p in fresh.index if p in main or fresh[p] >= NEW_SHARE * votes.sum()]
    if not gone or not new:  # a party new or gone alone is no rename
        return ""
    return (
        f"{', '.join(gone)} stood on {base} but not on {slate}; {', '.join(sorted(new))} "
        f"stood on {slate} but not on {base}: each is taken as its own party (a party's base "
        "votes go to the candidates who stand, a new one starts from 0 votes); if one is "
        "another renamed, give it the same code at both elections"
    )
