"""What a validation checks before it scores (calibrate/validate_inputs.py)."""

import pytest

import votebank as vb
from votebank.calibrate.validate import validate_against
from votebank.errors import InputError


def test_results_with_no_seat_in_common_say_why_without_how_the_file_was_read(monkeypatch):
    # `validate-against tiny uk:1987` said "no seat in common with tiny (...); rows labelled
    # OTH read as the aggregate of other candidates (OTH); ...": a note on reading the file,
    # among the reasons no seat is compared.
    def no_runs(*args, **kwargs):
        raise AssertionError("ran the ensemble")

    monkeypatch.setattr("votebank.calibrate.validate.simulate_ensemble", no_runs)
    with pytest.raises(InputError) as err:
        validate_against(vb.load_scenario("tiny"), "uk:1987", runs=2)
    said = str(err.value)
    assert "no seat in common with tiny" in said
    assert "seats of the results not in tiny" in said
    assert "rows labelled OTH" not in said
