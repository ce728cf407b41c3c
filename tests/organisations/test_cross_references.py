"""Every bad name in an ``[organisations]`` section is reported at once, each at its place.

The check used to stop at the first: a typo in three rules took three runs to find.
"""

from __future__ import annotations

import shutil
import tomllib

import pytest

import votebank as vb
from tests.hostile.helpers import assert_user_error, main
from tests.organisations.conftest import ORGANISATIONS, write_small
from votebank.errors import InputError
from votebank.scenario.catalogue import builtin_dir
from votebank.scenario.organisations.load import parse_organisations


def momentum_with_typos(tmp_path):
    """momentum-2017 with its first rule's ``other`` and every ``org = "Momentum"`` misspelt."""
    folder = tmp_path / "mom_orgs"
    shutil.copytree(builtin_dir() / "momentum-2017", folder)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('other = "Lab"', 'other = "Labb"', 1)
    text = text.replace('\norg = "Momentum"\n', '\norg = "Momentumm"\n')
    toml.write_text(text, encoding="utf-8")
    return folder


def test_validate_names_every_unknown_organisation(tmp_path, monkeypatch, capsys):
    folder = momentum_with_typos(tmp_path)
    with pytest.raises(InputError) as info:
        vb.load_scenario(folder)
    found = [(p.location, p.value) for p in info.value.problems]
    assert found == [
        ("organisations.rule.0.org", '"Momentumm"'),
        ("organisations.rule.0.other", '"Labb"'),
        ("organisations.rule.1.org", '"Momentumm"'),
        ("organisations.internal.0.org", '"Momentumm"'),
    ]
    assert all("unknown organisation" in p.message for p in info.value.problems)
    # The organisations as words, not a Python list (['Momentum', 'Lab']).
    assert info.value.problems[0].message.endswith("organisations: Momentum or Lab")
    for command in (["validate", str(folder)], ["organisations", str(folder), "--runs", "0"]):
        code, out, err = main(command, monkeypatch, capsys)
        assert_user_error(
            code, out, err, "4 problems", "organisations.rule.0.other", '"Labb"', "rule.1.org"
        )


BAD = (
    ORGANISATIONS.replace("also_members = { L = 0.7 }", "also_members = { L = 0.7, X = 0.2 }")
    .replace("factions = { left = 0.5, right = 0.5 }", "factions = { left = 0.5, rigth = 0.5 }")
    .replace('id = "grassroots"', 'id = "office"')
    .replace('org = "M"\nother = "L"', 'org = "MM"\nother = "LL"', 1)
    .replace(
        "sitting_sides = { left = 0.3, right = 0.7 }", "sitting_sides = { left = 0.3, c = 0.7 }"
    )
)

EXPECTED = [
    ("organisations.faction.1.id", '"office"'),
    ("organisations.organisation.0.also_members.X", '"X"'),
    ("organisations.organisation.0.factions.grassroots", '"grassroots"'),
    ("organisations.organisation.1.factions.rigth", '"rigth"'),
    ("organisations.rule.0.org", '"MM"'),
    ("organisations.rule.0.other", '"LL"'),
    ("organisations.selection.sitting_sides.c", '"c"'),
]


def test_an_organisations_file_reports_every_bad_name(tmp_path, monkeypatch, capsys):
    with pytest.raises(InputError) as info:
        parse_organisations(tomllib.loads(BAD))
    assert [(p.location, p.value) for p in info.value.problems] == EXPECTED
    folder = write_small(tmp_path / "small", BAD)
    code, out, err = main(["organisations", str(folder), "--runs", "0"], monkeypatch, capsys)
    assert_user_error(code, out, err, f"{len(EXPECTED)} problems", *(w for w, _ in EXPECTED))


def test_every_bad_share_is_named_by_its_key():
    bad = ORGANISATIONS.replace("also_members = { L = 0.7 }", "also_members = { L = 1.7 }").replace(
        "enthusiasm = { left = { left = 1.2, right = 0.8 } }",
        "enthusiasm = { left = { left = -1.2, right = -0.8 } }",
    )
    with pytest.raises(InputError) as info:
        parse_organisations(tomllib.loads(bad))
    assert [(p.location, p.value) for p in info.value.problems] == [
        ("organisations.organisation.0.also_members.L", "1.7"),
        ("organisations.selection.enthusiasm.left.left", "-1.2"),
        ("organisations.selection.enthusiasm.left.right", "-0.8"),
    ]


def test_keys_beside_the_organisations_table_are_refused_not_ignored():
    with pytest.raises(InputError) as info:
        parse_organisations(tomllib.loads("seed = 5\n" + ORGANISATIONS), "organisations.toml")
    assert [(p.file, p.location) for p in info.value.problems] == [("organisations.toml", "seed")]
    assert "never read" in str(info.value)


def test_an_organisation_working_for_the_aggregate_of_other_candidates_is_refused(
    tmp_path, monkeypatch, capsys
):
    # Members of a party organisation for OTH ("all other candidates") canvassed for them,
    # and the command printed their hours as any party's.
    text = ORGANISATIONS.replace(
        'id = "L"\nkind = "party"\nparty = "Lab"', 'id = "L"\nkind = "party"\nparty = "OTH"'
    )
    assert text != ORGANISATIONS
    folder = write_small(tmp_path / "small", text)
    code, stdout, err = main(["organisations", str(folder), "--runs", "0"], monkeypatch, capsys)
    assert_user_error(
        code, stdout, err, "1 problem", "organisations.organisation.1.party", "OTH", "several"
    )
    # The same section inside the scenario's TOML is refused when the scenario is read.
    (folder / "organisations.toml").unlink()
    toml = folder / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + text, encoding="utf-8")
    code, stdout, err = main(["validate", str(folder)], monkeypatch, capsys)
    assert_user_error(code, stdout, err, "organisations.organisation.1.party", "several")


def test_an_organisation_whose_party_stands_in_no_seat_is_refused(tmp_path, monkeypatch, capsys):
    # With no Conservative candidate anywhere, a Conservative association's members were
    # housed by registered voters alone and their hours printed and canvassed for no one.
    text = ORGANISATIONS.replace(
        'id = "L"\nkind = "party"\nparty = "Lab"', 'id = "L"\nkind = "party"\nparty = "Con"'
    )
    assert text != ORGANISATIONS
    folder = write_small(tmp_path / "small", text)
    cands = folder / "candidates.csv"
    rows = cands.read_text(encoding="utf-8").splitlines(keepends=True)
    cands.write_text("".join(r for r in rows if ",Con," not in r), encoding="utf-8")
    code, stdout, err = main(["organisations", str(folder), "--runs", "0"], monkeypatch, capsys)
    assert_user_error(
        code, stdout, err, "1 problem", "organisations.organisation.1.party", "Con", "no seat"
    )
