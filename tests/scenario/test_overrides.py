"""Setting a scenario's fields by dotted path."""

from __future__ import annotations

import pytest

import votebank as vb
from votebank.scenario.overrides import with_overrides


@pytest.mark.parametrize(
    "path", ["mechanisms.canvass.campaigns.0.hours", "mechanisms.alliances.stand_downs.0.party"]
)
def test_an_item_of_a_list_the_file_leaves_out_is_named_as_a_position(path):
    # It read "no field '0' here; fields: []": the list, left out, was made a table.
    spec = vb.load_scenario("tiny").spec
    with pytest.raises(KeyError) as exc:
        with_overrides(spec, {path: 5})
    assert "'0' is not a position in a list of 0" in exc.value.args[0]
