"""The scenario file's own models: a party's colour, the synthetic columns."""

import pytest
from pydantic import ValidationError

from votebank.scenario.schema import Meta, Party


@pytest.mark.parametrize("colour", ["red", "#12345", "#GGGGGG", "D55E00"])
def test_a_colour_not_written_rrggbb_is_refused_in_words(colour):
    # It read "String should match pattern '^#[0-9a-fA-F]{6}$'".
    with pytest.raises(ValidationError) as exc:
        Party(id="RED", colour=colour)
    (error,) = exc.value.errors()
    assert error["loc"] == ("colour",)
    assert "#RRGGBB" in error["msg"]
    assert "pattern" not in error["msg"]


def test_a_hex_colour_is_taken():
    assert Party(id="RED", colour="#d55E00").colour == "#d55E00"


def test_a_misspelt_synthetic_column_is_refused_with_the_one_meant():
    # "backgrund" was taken: the summary then counted drawn backgrounds as data.
    with pytest.raises(ValidationError) as exc:
        Meta(name="x", synthetic=["background", "backgrund"])
    (error,) = exc.value.errors()
    assert error["loc"] == ("synthetic",)
    assert (
        "backgrund: not a column of the candidate table; did you mean background?" in (error["msg"])
    )
    assert Meta(name="x", synthetic=["background", "budget"]).synthetic == ["background", "budget"]
