"""A party standing at only one of the two elections is named (a rename is not guessed)."""

from tests.uk.test_results_files import BASE, TARGET, frames, votebank, write
from votebank.uk import results_files
from votebank.uk.renamed import renamed_note


def renamed_files(folder):
    c, k, t = frames()
    for f in (c, t):
        f.loc[(f.election_date == TARGET) & (f.party == "LD"), "party"] = "LibDem"
    return write(folder, c, k, t)


def test_import_and_projection_name_a_party_renamed_between_the_elections(tmp_path):
    # LD at the base and LibDem at the target were taken as two parties without a word.
    src = renamed_files(tmp_path / "data")
    got = [
        votebank(
            "import-uk",
            BASE,
            "--target-election",
            TARGET,
            "--results",
            src,
            "--out",
            tmp_path / "out",
        ),
        votebank("uk-projection", "--results", src, "--runs", 4),
    ]
    for run in got:
        assert run.returncode == 0, run.stderr
        said = " ".join(run.stderr.split())  # notes: stdout holds the results alone
        assert "note" not in run.stdout
        assert f"LD stood on {BASE} but not on {TARGET}" in said
        assert f"LibDem, Reform stood on {TARGET} but not on {BASE}" in said


def test_the_shipped_elections_need_no_note():
    assert renamed_note("2010-05-06", "2015-05-07") == ""  # UCUNF stood again as UUP
    assert renamed_note("2015-05-07", "2015-05-07") == ""


def test_a_small_new_minor_party_is_not_named(tmp_path):
    with results_files.using(results_files.beside(renamed_files(tmp_path))):
        assert "ED" not in renamed_note(BASE, TARGET).replace("LD", "")


def test_a_new_party_alone_is_no_rename(tmp_path):
    # Reform stands only at the target in the plain files, and nothing is gone.
    with results_files.using(results_files.beside(write(tmp_path))):
        assert renamed_note(BASE, TARGET) == ""
