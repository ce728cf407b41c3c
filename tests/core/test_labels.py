"""A new vote route is one entry in ROUTE_INFO, as docs/architecture.md says."""

from pathlib import Path

from votebank.core import labels

SOURCE = Path(labels.__file__).read_text(encoding="utf-8")
LAST = '    Route("canvassed", "canvassed", "#F0E442", "horiz"),\n'


def test_the_route_constants_are_their_positions():
    named = ("OWN", "CLAN", "LANDLORD", "COERCED", "STUFFED", "CANVASSED")
    assert [getattr(labels, n) for n in named] == [labels.ROUTES.index(n.lower()) for n in named]


def test_a_route_added_to_route_info_is_all_it_takes():
    assert LAST in SOURCE
    added = SOURCE.replace(LAST, LAST + '    Route("bought", "bought", "#000000", "vert"),\n')
    module: dict = {}
    # A ValueError here: the constants were unpacked from range(len(ROUTES)).
    exec(compile(added, "labels.py", "exec"), module)  # noqa: S102 (our own source)
    assert module["ROUTES"][-1] == "bought"
    assert module["CANVASSED"] == labels.CANVASSED
