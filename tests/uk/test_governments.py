"""Who governed when (issue 16): ``governments.csv`` beside the results, or the rule without it.

The user's files are the synthetic five-seat files of ``test_results_files`` (general elections
of 2001 and 2005, years the shipped data does not hold), with one change so that the largest
party differs between the two elections: Reform wins Deeton (W1) in 2005.
"""

import tomllib

import pytest

from tests.uk.test_results_files import BASE, TARGET, VOTES, assert_refused, frames, votebank
from tests.uk.test_results_files import write as write_files
from votebank.errors import InputError
from votebank.scenario.load import load_scenario
from votebank.uk import results_files
from votebank.uk.governments import government_on, incumbents, read_governments

# 2001: Lab 2 seats (E1, W1), Con, LD, SNP 1 each. 2005: Reform 2 (E2, W1), Lab, Con, SNP 1.
LATER = {**VOTES[TARGET], "W1": {"Reform": 400, "Lab": 360, "PC": 330}}
TWO_LEADERS = {BASE: VOTES[BASE], TARGET: LATER}


def write(folder, governments: str | None = None):
    c, k, t = frames(TWO_LEADERS)
    folder.mkdir(parents=True, exist_ok=True)
    c.to_csv(folder / "uk_results_candidates.csv", index=False)
    k.to_csv(folder / "uk_results_contests.csv", index=False)
    t.to_csv(folder / "uk_national_totals.csv", index=False)
    if governments is not None:
        (folder / "governments.csv").write_text(governments, encoding="utf-8")
    return folder / "uk_results_candidates.csv"


def government_flags(toml_path) -> list[str]:
    doc = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    return [p["id"] for p in doc["parties"] if p.get("government")]


def test_the_shipped_table_gives_the_incumbents_it_always_gave():
    # Labour before the coalition took office on 11 May 2010, the coalition until the
    # Conservative government of 8 May 2015 (SOURCES.md, governments.csv).
    with results_files.using(None):
        assert results_files.active().governments.name == "governments.csv"
        assert government_on("2010-05-06") == ("Lab",)
        assert government_on("2010-05-11") == ("Con", "LD")
        assert government_on("2015-05-07") == ("Con", "LD")
        assert government_on("2015-05-08") == ("Con",)
        assert incumbents("2017-02-23") == incumbents("2015-05-08")
        assert incumbents("2017-02-23").note == ""


def test_a_governments_file_beside_the_results_is_used(tmp_path):
    # Dates in the spreadsheet form, rows out of order, spaces around codes: all accepted.
    # (6/13/01 shows its order: an open one, 6/8/01, would get a note, uk/date_order.py.)
    src = write(tmp_path / "data", "since,parties\n6/13/01, LD ; Con\n1/1/99,PC\n")
    with results_files.using(results_files.beside(src)):
        assert incumbents(BASE) == incumbents("2001-06-07")
        assert government_on(BASE) == ("PC",)
        assert government_on(TARGET) == ("LD", "Con")
        assert incumbents(TARGET).note == ""
    out = tmp_path / "scenario"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    assert got.returncode == 0, got.stderr
    assert government_flags(out / "scenario.toml") == ["Con", "LD"]
    assert "note" not in got.stdout + got.stderr
    assert "Incumbents" not in (out / "scenario.toml").read_text(encoding="utf-8")


def test_without_one_the_largest_party_of_the_general_election_before_governs(tmp_path):
    src = write(tmp_path / "data")
    with results_files.using(results_files.beside(src)):
        assert results_files.active().governments is None
        # Labour won most seats in 2001 (2 of 5); Reform most in 2005, not yet in office.
        found = incumbents(TARGET)
        assert found.parties == ("Lab",)
        assert "no governments.csv beside" in found.note
        assert "general election of 2001-06-07" in found.note
        assert government_on("2006-01-01") == ("Reform",)
        # No general election before the first: no incumbents, and the note says so.
        first = incumbents(BASE)
        assert first.parties == ()
        assert "no general election before it" in first.note
    out = tmp_path / "scenario"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    assert got.returncode == 0, got.stderr
    said = " ".join(got.stderr.split())
    assert "note: no governments.csv beside" in said
    assert "taken as Lab" in said
    assert government_flags(out / "scenario.toml") == ["Lab"]
    toml = " ".join((out / "scenario.toml").read_text(encoding="utf-8").replace("#", "").split())
    assert "Incumbents: no governments.csv beside" in toml
    load_scenario(out)  # the comment leaves a scenario that loads


def test_a_date_before_the_files_first_government_falls_back_to_the_rule(tmp_path):
    src = write(tmp_path / "data", "since,parties\n2005-05-06,Reform\n")
    with results_files.using(results_files.beside(src)):
        found = incumbents(TARGET)
        assert found.parties == ("Lab",)
        assert "starts after 2005-05-05" in found.note
        assert government_on("2005-05-06") == ("Reform",)


@pytest.mark.parametrize(
    ("table", "where", "value"),
    [
        ("since,parties\n2001-06-08,Lab\n2003-02-30,Con\n", "row 3, column since", "2003-02-30"),
        ("since,parties\nsoon,Lab\n", "row 2, column since", "soon"),
        (
            "since,parties\n2001-06-08,Lab\n2002-01-01, ; \n",
            "row 3, column parties",
            ";",
        ),  # read trimmed
        ("since,parties\n2001-06-08,Lab\n2001-06-08,Con\n", "row 3, column since", "2001-06-08"),
        ("since,governing\n2001-06-08,Lab\n", "header", "since, governing"),
    ],
)
def test_a_bad_governments_row_is_refused_naming_file_row_and_value(tmp_path, table, where, value):
    write(tmp_path / "data", table)
    path = tmp_path / "data" / "governments.csv"
    with pytest.raises(InputError) as err:
        read_governments(path)
    text = str(err.value)
    assert f"{path}: {where}" in text
    assert f"(got {value})" in text


def test_a_party_code_not_in_the_results_is_refused(tmp_path):
    src = write(tmp_path / "data", "since,parties\n2001-06-08,Lab;Tories\n")
    with (
        results_files.using(results_files.beside(src)),
        pytest.raises(InputError, match=r"governments\.csv: row 2, column parties.*got Tories"),
    ):
        incumbents(TARGET)


def test_the_import_refuses_a_bad_governments_file_and_writes_nothing(tmp_path):
    src = write(tmp_path / "data", "since,parties\n2001-13-01,Lab\n")
    out = tmp_path / "scenario"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    assert_refused(got, out, "governments.csv: row 2, column since", "(got 2001-13-01)")


def test_a_base_winner_that_is_not_the_candidates_top_is_refused_where_it_names_incumbents(
    tmp_path,
):
    # The rule counts the base election's winner_party: a winner edited in the contests file
    # and not in the candidates file was counted silently (only the scored election's were
    # checked), and could name the wrong incumbents.

    c, k, t = frames()
    row = k.index[(k.election_date == BASE) & (k.constituency_id == "E2")][0]
    k.loc[row, "winner_party"] = "LD"
    src = write_files(tmp_path / "data", c, k, t)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    where = f"uk_results_contests.csv: row {row + 2}, column winner_party"
    assert_refused(got, out, where, "(got LD)", "most votes in E2 (Beeton): Con")
