"""An ``[organisations]`` section the model cannot run is refused when the scenario is read.

Every problem at once, each naming the scenario's TOML file, the field and the value, with
exit 2 from ``votebank validate`` and ``votebank organisations`` alike. Each case here was
once accepted (and gave nonsense or a traceback later) or reported only after another fix.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import votebank as vb
from tests.hostile.helpers import assert_user_error, main, tiny_copy
from votebank.errors import InputError
from votebank.scenario.catalogue import builtin_dir

# A section for the built-in tiny scenario (seats T-1..T-3, parties RED, BLUE, IND, OTH).
SECTION = """
[organisations]
start = 2020-01-01
election = 2020-10-01
seed = 5

[[organisations.organisation]]
id = "M"
kind = "movement"
party = "RED"
members = 500
active_share = 0.5
travel_share = 0.5
target_marginals = 1
also_members = { P = 0.5 }
factions = { a = 0.6, b = 0.4 }

[[organisations.organisation]]
id = "P"
party = "RED"
members = 2000
lapse_rate = 0.1
expel_rate = 0.05
factions = { a = 0.5, b = 0.5 }

[[organisations.faction]]
id = "a"
side = "left"
slate = ["A1", "A2"]

[[organisations.faction]]
id = "b"
side = "right"
slate = ["B1", "B2"]

[[organisations.rule]]
kind = "must_belong"
org = "M"
other = "P"
date = 2020-06-01
comply_prob = 0.5

[[organisations.internal]]
org = "M"
seats = 2
date = 2020-05-01

[organisations.selection]
enabled = true
org = "P"
sitting_sides = { left = 0.5, right = 0.5 }
"""


def tiny_with(tmp_path: Path, *edits: tuple[str, str], extra: str = "") -> Path:
    """tiny with the section appended, each (old, new) replaced once (old must be there)."""
    section = SECTION
    for old, new in edits:
        assert old in section, old
        section = section.replace(old, new, 1)
    folder = tiny_copy(tmp_path)
    toml = folder / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + section + extra, encoding="utf-8")
    return folder


def found(folder: Path) -> list[tuple[str, str]]:
    """(field, value) of every problem the loader reports; each must name the TOML file."""
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    assert {p.file for p in info.value.problems} == {str(folder / "scenario.toml")}
    return [(p.location, p.value) for p in info.value.problems]


def refused(folder: Path, monkeypatch, capsys, *texts: str) -> None:
    """Both commands exit 2 naming every text, before any table is printed."""
    for command in (["validate", str(folder)], ["organisations", str(folder), "--runs", "0"]):
        code, out, err = main(command, monkeypatch, capsys)
        assert_user_error(code, out, err, *texts)
        assert "Members on" not in out


def test_the_section_as_written_is_accepted(tmp_path, monkeypatch, capsys):
    folder = tiny_with(tmp_path)
    assert vb.load_scenario(folder).spec.organisations is not None
    code, out, err = main(["organisations", str(folder), "--runs", "0"], monkeypatch, capsys)
    assert code == 0, err
    assert "Members on 2020-10-01" in out


def test_dates_out_of_the_order_the_model_needs_are_refused(tmp_path, monkeypatch, capsys):
    # Members are drawn as of `start` and simulated from it on: every organisation had 0
    # members on an election before it.
    folder = tiny_with(
        tmp_path,
        ("election = 2020-10-01", "election = 2019-06-01"),
        ('kind = "movement"', 'kind = "movement"\nfounded = 2021-01-01'),
        ("date = 2020-06-01", "date = 2019-01-01"),
        ("date = 2020-05-01", "date = 2019-12-31"),
        ("enabled = true", "enabled = true\ndate = 2019-03-01"),
    )
    expected = [
        ("organisations.election", '"2019-06-01"'),
        ("organisations.organisation.0.founded", '"2021-01-01"'),
        ("organisations.rule.0.date", '"2019-01-01"'),
        ("organisations.internal.0.date", '"2019-12-31"'),
        ("organisations.selection.date", '"2019-03-01"'),
    ]
    assert found(folder) == expected
    refused(folder, monkeypatch, capsys, "5 problems", *(w for w, _ in expected), "2021-01-01")


def test_internal_elections_that_cannot_be_counted_are_refused(tmp_path, monkeypatch, capsys):
    two_more = """
[[organisations.internal]]
org = "M"
office = "council"
seats = 5
date = 2020-05-01

[[organisations.internal]]
org = "M"
office = "leader"
ranks = 3
factions = ["a"]
date = 2020-05-01
"""
    # b's slate gone: an election of b alone has no candidate; a's two cannot fill 5 places
    # or give 3 preferences.
    folder = tiny_with(
        tmp_path,
        ('slate = ["B1", "B2"]', ""),
        ("seats = 2", 'seats = 2\nfactions = ["b"]'),
        extra=two_more,
    )
    assert found(folder) == [
        ("organisations.internal.0.factions", '["b"]'),
        ("organisations.internal.1.seats", "5"),
        ("organisations.internal.2.ranks", "3"),
    ]
    refused(folder, monkeypatch, capsys, "3 problems", "no candidates", "more places than")


def test_a_candidate_on_two_slates_is_refused(tmp_path, monkeypatch, capsys):
    folder = tiny_with(
        tmp_path,
        ('slate = ["A1", "A2"]', 'slate = ["X", "Y"]'),
        ('slate = ["B1", "B2"]', 'slate = ["X", "Z"]'),
    )
    assert found(folder) == [("organisations.faction.1.slate.0", '"X"')]
    refused(folder, monkeypatch, capsys, "faction.1.slate.0", "also faction.0.slate.0")


def test_a_rule_about_its_own_organisation_is_refused(tmp_path, monkeypatch, capsys):
    folder = tiny_with(tmp_path, ('other = "P"', 'other = "M"'))
    assert found(folder) == [("organisations.rule.0.other", '"M"')]
    refused(folder, monkeypatch, capsys, "organisations.rule.0.other", "another organisation")


def test_a_bad_field_does_not_hide_a_bad_name(tmp_path):
    # The bad count used to stop every check of the section's names.
    folder = tiny_with(
        tmp_path, ("members = 500", "members = -5"), ('org = "M"\nother', 'org = "Ghost"\nother')
    )
    assert found(folder) == [
        ("organisations.organisation.0.members", "-5"),
        ("organisations.rule.0.org", '"Ghost"'),
    ]


def test_the_section_is_checked_against_the_scenario_with_the_rest(tmp_path, monkeypatch, capsys):
    # `validate` said ok to all of these; `organisations` reported them only once the rest of
    # the scenario (here a seat count of an undeclared party) was right.
    folder = tiny_with(
        tmp_path,
        ('party = "RED"', 'party = "GREEN"'),
        ("target_marginals = 1", 'target_marginals = 1\ntargets = ["T-9"]'),
        ("enabled = true", 'enabled = true\nseats = ["T-7"]'),
    )
    toml = folder / "scenario.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace("BLUE = 1\n", "BLUE = 1\nGOLD = 1\n", 1),
        encoding="utf-8",
    )
    expected = [
        ("scenario.actual_seats.GOLD", '"GOLD"'),
        ("organisations.organisation.0.party", '"GREEN"'),
        ("organisations.organisation.0.targets.0", '"T-9"'),
        ("organisations.selection.seats.0", '"T-7"'),
    ]
    assert found(folder) == expected
    refused(folder, monkeypatch, capsys, "4 problems", *(w for w, _ in expected))


def test_shared_members_beyond_the_count_are_refused_in_the_scenario_file(tmp_path):
    # M shares half its 500 members with P: P cannot have 100. This was found only while the
    # members were drawn, and the file was named "organisations".
    folder = tiny_with(tmp_path, ("members = 2000", "members = 100"))
    assert found(folder) == [("organisations.organisation.1.members", "100")]


def test_enthusiasm_is_bounded(tmp_path):
    # 1.7e308 made the hours infinite and the general-election runs went on with no canvass.
    folder = tiny_with(
        tmp_path,
        ("sitting_sides", "enthusiasm = { left = { left = 1.7e308, right = 10 } }\nsitting_sides"),
    )
    assert found(folder) == [("organisations.selection.enthusiasm.left.left", "1.7e+308")]


def test_more_members_than_voters_where_they_live_are_refused(tmp_path):
    # tiny has 72,000 registered voters: 2,000,000 members gave 320 million hours.
    folder = tiny_with(tmp_path, ("members = 2000", "members = 2000000"))
    assert found(folder) == [("organisations.organisation.1.members", "2000000")]
    folder = tiny_with(tmp_path / "b", ("members = 2000", "members = 72000"))
    assert vb.load_scenario(folder).spec.organisations.organisation[1].members == 72_000


def test_a_section_in_the_toml_and_an_organisations_toml_beside_it_is_refused(
    tmp_path, monkeypatch, capsys
):
    # The file's section was silently ignored: edits to it changed nothing.
    folder = tiny_with(tmp_path)
    beside = folder / "organisations.toml"
    beside.write_text(SECTION.replace("members = 500", "members = 50"), encoding="utf-8")
    code, out, err = main(["organisations", str(folder), "--runs", "0"], monkeypatch, capsys)
    assert_user_error(code, out, err, str(beside), str(folder / "scenario.toml"), "keep one")
    assert "Members on" not in out


def test_validate_checks_the_organisations_toml_beside_the_scenario(small, monkeypatch, capsys):
    # `validate` said ok while `votebank organisations` refused the same folder.
    code, out, err = main(["validate", str(small)], monkeypatch, capsys)
    assert code == 0, err
    beside = small / "organisations.toml"
    text = beside.read_text(encoding="utf-8").replace("members = 2000", "members = -5", 1)
    beside.write_text(text, encoding="utf-8")
    code, out, err = main(["validate", str(small)], monkeypatch, capsys)
    assert_user_error(code, out, err, str(beside), "organisations.organisation.0.members", "-5")
    assert "ok" not in out


def test_more_persons_than_memory_holds_are_refused_before_any_draw(tmp_path):
    # Every field within its bounds, but 10 times the members a year for a thousand years:
    # tens of millions of persons, which ended in a MemoryError traceback.
    folder = tiny_with(
        tmp_path,
        ("election = 2020-10-01", "election = 3100-10-01"),
        ("lapse_rate = 0.1", "lapse_rate = 0.1\njoin_rate = 10.0"),
    )
    assert found(folder) == [("organisations.organisation.1.join_rate", "10.0")]


def test_a_target_seat_the_party_does_not_contest_is_refused(tmp_path):
    # Its members' travelling hours went there and canvassed for no candidate: lost, while
    # the capacity table counted them.
    folder = tiny_with(
        tmp_path,
        ('party = "RED"\nmembers = 500', 'party = "BLUE"\nmembers = 500'),
        ("target_marginals = 1", 'target_marginals = 1\ntargets = ["T-2", "T-1"]'),
    )
    assert found(folder) == [("organisations.organisation.0.targets.1", '"T-1"')]


def test_a_selection_seat_the_party_does_not_contest_is_refused(tmp_path):
    # No candidate of the party there: the seat was skipped without a word.
    folder = tiny_with(
        tmp_path,
        ('party = "RED"\nmembers = 2000', 'party = "BLUE"\nmembers = 2000'),
        ("enabled = true", 'enabled = true\nseats = ["T-2", "T-1"]'),
    )
    assert found(folder) == [("organisations.selection.seats.1", '"T-1"')]


def test_validate_reports_the_scenario_and_its_organisations_toml_problems_together(
    small, monkeypatch, capsys
):
    # With a broken scenario, organisations.toml's own problems came only after the scenario's
    # were fixed: two rounds of edits for one report.
    beside = small / "organisations.toml"
    text = beside.read_text(encoding="utf-8").replace("members = 2000", "members = -5", 1)
    beside.write_text(text, encoding="utf-8")
    toml = small / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\nnot_a_field = 1\n", encoding="utf-8")
    code, out, err = main(["validate", str(small)], monkeypatch, capsys)
    assert_user_error(code, out, err, str(beside), "organisations.organisation.0.members", "-5")
    assert "not_a_field" in err


def test_one_election_listed_twice_is_refused(tmp_path, monkeypatch, capsys):
    # Its draws are keyed by organisation, office and day: two entries would share them.
    again = """
[[organisations.internal]]
org = "M"
rule = "plurality"
date = 2020-05-01
"""
    folder = tiny_with(tmp_path, extra=again)
    assert found(folder) == [("organisations.internal.1.office", '"committee"')]
    refused(folder, monkeypatch, capsys, "1 problem", "the same organisation's committee")


@pytest.mark.parametrize("noise", ["1e308", "inf", "nan", "1e6"])
def test_order_noise_is_bounded(tmp_path, noise):
    # 1e308 overflowed the slate's scores (a numpy warning), and around 1e6 the noise could
    # put a loyal voter's own slate below another's: they ranked a rival slate first.
    folder = tiny_with(tmp_path, ("date = 2020-05-01", f"date = 2020-05-01\norder_noise = {noise}"))
    [(where, _)] = found(folder)
    assert where == "organisations.internal.0.order_noise"


def test_appeal_shift_is_bounded(tmp_path, monkeypatch, capsys):
    # 1e308 and -1e308 overflowed the appeal's change (numpy warnings) before it was clipped.
    shift = "appeal_shift = { left = 1e308, right = -1e308 }"
    folder = tiny_with(tmp_path, ("sitting_sides", f"{shift}\nsitting_sides"))
    assert found(folder) == [
        ("organisations.selection.appeal_shift.left", "1e+308"),
        ("organisations.selection.appeal_shift.right", "-1e+308"),
    ]
    refused(folder, monkeypatch, capsys, "appeal_shift", "1e+308")


def test_a_slate_of_one_is_one_candidate_standing(tmp_path):
    # An election of faction a alone, its slate of one: "more places than the 1 candidates
    # standing".
    folder = tiny_with(
        tmp_path,
        ('slate = ["A1", "A2"]', 'slate = ["A1"]'),
        ("seats = 2", 'seats = 2\nfactions = ["a"]'),
    )
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    (problem,) = info.value.problems
    assert problem.message == "more places than the 1 candidate standing"


def test_one_paired_run_is_one_paired_run(tmp_path, monkeypatch, capsys):
    # organisations --runs 1 headed its seats "(1 paired runs, common random numbers".
    folder = tiny_with(tmp_path)
    code, out, err = main(["organisations", str(folder), "--runs", "1"], monkeypatch, capsys)
    assert code == 0, err
    said = " ".join(out.split())
    assert "(1 paired run, common random numbers" in said


def _duplicate_seat(cons: list[str], cands: list[str]) -> None:
    cons.append(cons[1])


def _unknown_seat(cons: list[str], cands: list[str]) -> None:
    cands[2] = "NOSEAT" + cands[2][cands[2].index(",") :]


def _deleted_seat(cons: list[str], cands: list[str]) -> None:
    del cons[1]


@pytest.mark.parametrize(
    ("edit", "file", "where", "value"),
    [
        (_duplicate_seat, "constituencies.csv", "row 652, column id", "'W07000049'"),
        (_unknown_seat, "candidates.csv", "row 3, column constituency", "'NOSEAT'"),
        (_deleted_seat, "candidates.csv", "column constituency", "'W07000049'"),
    ],
    ids=["duplicate-seat", "unknown-seat", "deleted-seat"],
)
def test_tables_whose_seats_do_not_link_are_reported_not_a_traceback(
    tmp_path, monkeypatch, capsys, edit, file, where, value
):
    # The section's member counts are weighed by each seat's row: a seat id given twice or a
    # candidate's seat in no row raised a traceback from every command that read the scenario.
    folder = tmp_path / "mom"
    shutil.copytree(builtin_dir() / "momentum-2017", folder)
    tables = [folder / "constituencies.csv", folder / "candidates.csv"]
    cons, cands = (t.read_text(encoding="utf-8").splitlines() for t in tables)
    edit(cons, cands)
    for table, rows in zip(tables, (cons, cands), strict=True):
        table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    named = [(p.file, p.location, p.value) for p in info.value.problems]
    assert all((f, v) == (str(folder / file), value) and where in w for f, w, v in named), named
    out_dir = tmp_path / "out"
    for command in (
        ["validate"],
        ["run", "--runs", "1", "--out", str(out_dir)],
        ["organisations", "--runs", "0"],
        ["steps"],
    ):
        code, out, err = main([command[0], str(folder), *command[1:]], monkeypatch, capsys)
        assert_user_error(code, out, err, file, where, value)
    assert not out_dir.exists()


def test_the_section_is_checked_beside_tables_whose_seats_do_not_link(tmp_path):
    # A seat given twice is the tables' problem; the section's seats are still checked with it
    # (its member counts, weighed by the seats' rows, once the tables are put right).
    folder = tiny_with(
        tmp_path,
        ('party = "RED"\nmembers = 500', 'party = "BLUE"\nmembers = 500'),
        ("target_marginals = 1", 'target_marginals = 1\ntargets = ["T-9", "T-1"]'),
        ("members = 2000", "members = 2000000"),
    )
    cons = folder / "constituencies.csv"
    rows = cons.read_text(encoding="utf-8").splitlines()
    cons.write_text("\n".join([*rows, rows[1]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    toml = str(folder / "scenario.toml")
    assert [(p.file, p.location, p.value) for p in info.value.problems] == [
        (str(cons), "row 5, column id", "'T-1'"),
        (toml, "organisations.organisation.0.targets.0", '"T-9"'),
        (toml, "organisations.organisation.0.targets.1", '"T-1"'),
    ]
    cons.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert found(folder) == [
        ("organisations.organisation.0.targets.0", '"T-9"'),
        ("organisations.organisation.0.targets.1", '"T-1"'),
        ("organisations.organisation.1.members", "2000000"),
    ]


def test_the_section_seats_are_checked_beside_a_bad_cell(tmp_path, monkeypatch, capsys):
    # With a bad cell in a table, the section's seat typos were named only once the cell was
    # put right (the mechanisms' were named with it): two rounds of edits for one report.
    folder = tiny_with(
        tmp_path,
        ("target_marginals = 1", 'target_marginals = 1\ntargets = ["T-9"]'),
        ("enabled = true", 'enabled = true\nseats = ["T-7"]'),
    )
    cons = folder / "constituencies.csv"
    cons.write_text(cons.read_text(encoding="utf-8").replace("24000", "lots"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    toml = str(folder / "scenario.toml")
    expected = [
        (str(cons), "row 2, column registered", "'lots'"),
        (toml, "organisations.organisation.0.targets.0", '"T-9"'),
        (toml, "organisations.selection.seats.0", '"T-7"'),
    ]
    assert [(p.file, p.location, p.value) for p in info.value.problems] == expected
    code, out, err = main(["validate", str(folder)], monkeypatch, capsys)
    assert_user_error(code, out, err, "3 problems", *(w for _, w, _ in expected))
