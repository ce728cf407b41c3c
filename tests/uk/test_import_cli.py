"""``votebank import-uk``: options that contradict each other are refused before any work."""

from tests.uk.test_bad_input import refused
from tests.uk.test_results_files import votebank


def test_polls_and_a_target_election_together_are_refused(tmp_path):
    # Both set the target: the polls' used to win silently, and without --slate the
    # election's seats then failed to load, naming a temporary file.
    out = tmp_path / "out"
    got = votebank(
        "import-uk", "2010", "--out", out, "--polls", "2015-04-27:2015-05-06",
        "--target-election", "2015",
    )  # fmt: skip
    refused(got, "--polls", "give --polls or --target-election, not both")
    assert not out.exists()
