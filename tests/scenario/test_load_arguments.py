"""load_scenario names what it was given when that is no name or path."""

import pytest

import votebank as vb
from votebank.errors import InputError


@pytest.mark.parametrize("where", [None, 5, b"tiny", ["tiny"], "", "  "])
def test_a_value_that_is_no_name_or_path_is_refused(where):
    with pytest.raises(InputError) as exc:
        vb.load_scenario(where)
    assert [(p.file, p.value) for p in exc.value.problems] == [("where", repr(where))]
