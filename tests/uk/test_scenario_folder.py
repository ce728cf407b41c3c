"""The UK scenario folder: a slate that cannot win the scored seats is refused, nothing written."""

import pytest

from tests.uk.test_bad_input import refused
from tests.uk.test_results_files import votebank
from votebank.errors import InputError
from votebank.uk.scenario_folder import build_uk_scenario


def test_a_slate_without_a_party_that_won_seats_is_refused(tmp_path):
    # The UUP won 2 seats in 2015 and stood nowhere in 2010 (the shipped results).
    with pytest.raises(InputError, match=r"--slate: UUP: won 2 seat\(s\) on 2015-05-07"):
        build_uk_scenario("2015-05-07", tmp_path / "lib", slate_date="2010-05-06")
    assert not (tmp_path / "lib").exists()
    out = tmp_path / "out"
    got = votebank(
        "import-uk", "2010", "--out", out, "--target-election", "2015", "--slate", "2010"
    )
    refused(got, "--slate: UUP", "take the candidates of 2015-05-07", "(got 2010-05-06)")
    assert not out.exists()
