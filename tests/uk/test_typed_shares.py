"""Typed shares: a share with no party before its "=" is named with what was typed."""

import pytest

from votebank.errors import InputError
from votebank.uk.typed_shares import parse_shares


@pytest.mark.parametrize(
    ("text", "typed"), [("=37,Lab=30", "=37"), (" =37", "=37"), ("Lab=30, = 5", "= 5")]
)
def test_a_share_with_no_party_is_named_as_typed(text, typed):
    # It was taken for a party named "", then refused as unknown with nothing typed shown.
    with pytest.raises(InputError) as got:
        parse_shares(text, "--shares")
    assert [str(p) for p in got.value.problems] == [
        f"--shares: write PARTY=PERCENT, 0 to 100 (got {typed})"
    ]


def test_a_share_with_an_underscore_is_refused_not_read_as_a_number():
    # Python's float reads "3_7" as 37: the typo ran as 37 %.
    with pytest.raises(InputError) as got:
        parse_shares("Con=3_7,Lab=30", "--shares")
    assert [str(p) for p in got.value.problems] == [
        "--shares: Con: write PARTY=PERCENT, 0 to 100 (got Con=3_7)"
    ]
