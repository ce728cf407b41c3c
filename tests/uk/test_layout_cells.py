"""Cells a user's UK results file must spell as the layout does: region and scope."""

import pytest

from tests.uk.test_results_files import BASE, TARGET, assert_refused, frames, votebank, write


@pytest.mark.parametrize(("nation", "region"), [("Scotland", "scotland"), ("England", "SCOTLAND")])
def test_a_region_spelt_otherwise_than_the_layout_is_refused(tmp_path, nation, region):
    # A Scottish seat whose region was `scotland` swung with England and Wales, silently:
    # regions apart are matched by name.
    c, k, _ = frames()
    for f in (c, k):
        f.loc[f.constituency_id == "S1", ["nation", "region"]] = [nation, region]
    src = write(tmp_path / "data", cands=c, contests=k)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    row = k.index[k.constituency_id == "S1"][0]
    where = f"uk_results_contests.csv: row {row + 2}, column region"
    assert_refused(got, out, where, f"(got {region})")


@pytest.mark.parametrize("scope", ["gb", "Great Britain", ""])
def test_a_totals_scope_outside_the_layout_is_refused(tmp_path, scope):
    # A row whose scope was `gb` was dropped from Great Britain's totals without a word.
    c, k, t = frames()
    row = t.index[(t.election_date == TARGET) & (t.party == "ED")][0]
    t.loc[row, "scope"] = scope
    src = write(tmp_path / "data", c, k, t)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    where = f"uk_national_totals.csv: row {row + 2}, column scope"
    assert_refused(got, out, where, f"(got {scope or 'blank'})", "GB (England, Scotland and Wales)")


def test_an_english_region_spelt_two_ways_is_refused(tmp_path):
    # `north  east` beside `North East` made two regions of England, silently.
    c, k, _ = frames()
    for f in (c, k):
        f.loc[f.constituency_id == "E2", "region"] = "north  east"
    src = write(tmp_path / "data", cands=c, contests=k)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    first, odd = (k.index[k.constituency_id == seat][0] + 2 for seat in ("E1", "E2"))
    where = f"uk_results_contests.csv: row {odd}, column region"
    usual = f"written 'North East' in row {first}"
    assert_refused(got, out, where, usual, "(got north east)")


@pytest.mark.parametrize("kind", ["local", "mayoral"])
def test_an_election_type_outside_the_layout_is_refused(tmp_path, kind):
    # A base-election row typed `local` was left out of the general election's shares but
    # kept in its seat's votes, without a word.
    c, k, _ = frames()
    row = c.index[(c.election_date == BASE) & (c.constituency_id == "E1")][0]
    c.loc[row, "election_type"] = kind
    src = write(tmp_path / "data", cands=c, contests=k)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    where = f"uk_results_candidates.csv: row {row + 2}, column election_type"
    assert_refused(got, out, where, f"(got {kind})", "general or by-election")


def test_election_types_in_any_case_and_spacing_are_read(tmp_path):
    c, k, _ = frames()
    c.loc[c.election_date == BASE, "election_type"] = " General  Election "
    src = write(tmp_path / "data", cands=c, contests=k)
    out = tmp_path / "out"
    got = votebank("import-uk", BASE, "--target-election", TARGET, "--results", src, "--out", out)
    assert got.returncode == 0, got.stderr
