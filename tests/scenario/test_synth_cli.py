"""votebank synth's options as a user types them."""

from __future__ import annotations

import pytest

import votebank as vb
from tests.hostile.helpers import main
from votebank.errors import InputError
from votebank.scenario.synth import Synth, write_synth


def test_mechanisms_may_be_listed_with_spaces(tmp_path, monkeypatch, capsys):
    # "fear, coercion" was refused: " coercion" is no mechanism, though coercion is listed.
    out = tmp_path / "country"
    argv = ["synth", str(out), "--seats", "2", "--registered", "200", "--stations", "2"]
    code, _, err = main([*argv, "--mechanisms", "fear, landlords "], monkeypatch, capsys)
    assert code == 0, err
    spec = vb.load_scenario(out).spec
    on = [name for name, p in spec.mechanisms if p.enabled]
    assert on == ["landlords", "fear"]


def test_help_gives_the_defaults_and_averages_that_are_taken(tmp_path, monkeypatch, capsys):
    # The help said 1 registered a seat on average would do, but seat sizes vary: 10,000 seats
    # of 10,000 registered were refused. And it gave no default for the sizes.
    code, out, err = main(["synth", "--help"], monkeypatch, capsys)
    assert code == 0, err
    said = " ".join(out.replace("│", " ").split())
    for default in ("default 100,", "default 10,000,000,", "default 10,000,", "default 4,"):
        assert default in said
    # Said as what keeps every seat inside its bounds, not as a limit (larger ones may pass).
    assert "an average of 2 to 25,000,000 a seat keeps every seat inside" in said
    assert "an average of 1 to 50,000 a seat keeps every seat inside" in said
    # The averages the help gives are taken, at the most seats and at the largest sizes.
    for n, (seats, registered, stations) in enumerate(
        [(10_000, 20_000, 10_000), (40, 1_000_000_000, 2_000_000)]
    ):
        argv = ["synth", str(tmp_path / str(n)), "--seats", str(seats)]
        argv += ["--registered", str(registered), "--stations", str(stations)]
        code, _, err = main(argv, monkeypatch, capsys)
        assert code == 0, err


def test_a_station_needs_one_voter_in_the_singular(tmp_path, monkeypatch, capsys):
    argv = ["synth", str(tmp_path / "out"), "--seats", "2", "--registered", "10"]
    code, _, err = main([*argv, "--stations", "20"], monkeypatch, capsys)
    assert code == 2
    assert "a station needs at least 1 voter (" in err


def test_an_organisations_toml_left_beside_the_new_scenario_is_named(tmp_path, monkeypatch, capsys):
    # --force keeps other files, but an organisations.toml there is read with the scenario (by
    # validate and run): the synthetic country was checked against an old one, unannounced.
    out = tmp_path / "country"
    argv = ["synth", str(out), "--seats", "2", "--registered", "200", "--stations", "2"]
    assert main(argv, monkeypatch, capsys)[0] == 0
    beside = out / "organisations.toml"
    beside.write_text("an old one")
    code, out_text, err = main([*argv, "--force"], monkeypatch, capsys)
    assert code == 0, err
    said = " ".join(err.split())  # a note, on stderr: stdout says what was written
    assert f"note: {beside}, left in place, is read with this scenario" in said
    assert "as its [organisations];" in said
    assert "note" not in out_text
    assert beside.read_text() == "an old one"
    # Without one there, no note.
    beside.unlink()
    code, out_text, err = main([*argv, "--force"], monkeypatch, capsys)
    assert code == 0, err
    assert "note" not in out_text + err


def test_an_unknown_mechanism_is_named_with_a_known_one_that_cannot_run(
    tmp_path, monkeypatch, capsys
):
    # swing needs baseline_votes, which synth does not write: beside a typo, only the typo was
    # named, and the second try was refused for swing.
    argv = ["synth", str(tmp_path / "s"), "--seats", "4", "--mechanisms", "foo,swing"]
    code, _, err = main(argv, monkeypatch, capsys)
    assert code == 2
    assert "(got foo)" in err
    assert "(got swing)" in err
    assert not (tmp_path / "s").exists()
    spec = Synth(seats=4, mechanisms=("foo", "swing"))
    with pytest.raises(InputError) as info:
        write_synth(spec, tmp_path / "api")
    assert [p.value for p in info.value.problems] == ["foo", "swing"]


@pytest.mark.parametrize("given", ["..", "country/..", "."])
def test_the_scenario_is_named_after_the_folder_written(tmp_path, monkeypatch, capsys, given):
    # `votebank synth ..` named the scenario "..": so read its runs, store and report.
    (tmp_path / "country" / "sub").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "country" / "sub")
    argv = ["synth", given, "--seats", "2", "--registered", "200", "--stations", "2"]
    code, _, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    written = {"..": "country", "country/..": "sub", ".": "sub"}[given]
    folder = {"..": "country", "country/..": "country/sub", ".": "country/sub"}[given]
    assert vb.load_scenario(tmp_path / folder).name == written


def test_a_preset_country_is_named_after_its_folder_and_found_again(tmp_path, monkeypatch, capsys):
    # `synth pk --preset pakistan-2024` named it "pakistan-2024": run printed that name, and
    # `explain --all` looked for a scenario of that name and said none was built in.
    monkeypatch.chdir(tmp_path)
    argv = ["synth", "pk", "--preset", "pakistan-2024", "--seats", "3", "--registered", "3000"]
    code, _, err = main([*argv, "--stations", "6", "--mechanisms", ""], monkeypatch, capsys)
    assert code == 0, err
    assert vb.load_scenario(tmp_path / "pk").name == "pk"
    code, _, err = main(["run", "./pk", "--runs", "2", "--out", "o"], monkeypatch, capsys)
    assert code == 0, err
    code, _, err = main(["explain", "--all", "--out", "o", "--runs", "2"], monkeypatch, capsys)
    assert code == 0, err


def test_the_confirmation_says_the_parties_and_mechanisms_made(tmp_path, monkeypatch, capsys):
    # It said seats, voters, stations and regions only: of --parties 20, 10 stood nowhere and
    # the summary listed them at 0 seats, unexplained.
    argv = ["synth", str(tmp_path / "c"), "--seats", "10", "--registered", "100000"]
    argv += ["--stations", "200", "--parties", "20", "--mechanisms", "landlords, fear"]
    code, out, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    said = " ".join(out.split())
    standing = vb.load_scenario(tmp_path / "c").candidates["party"].nunique()
    assert f"20 parties ({standing} of them stand anywhere: 4 candidates a seat)" in said
    assert "mechanisms on: landlords, fear;" in said
    argv = ["synth", str(tmp_path / "d"), "--seats", "3", "--registered", "3000"]
    argv += ["--stations", "6", "--parties", "4", "--mechanisms", ""]
    code, out, err = main(argv, monkeypatch, capsys)
    assert "3 regions, 4 parties; mechanisms on: none;" in " ".join(out.split())


def test_switching_is_neither_a_default_nor_taken(tmp_path, monkeypatch, capsys):
    # It was on by default and listed as on, but synth writes no switcher: every run went as
    # with it off, and explain said switching decides no seat.
    argv = ["synth", str(tmp_path / "c"), "--seats", "3", "--registered", "3000", "--stations", "6"]
    code, _, err = main(argv, monkeypatch, capsys)
    assert code == 0, err
    on = [name for name, p in vb.load_scenario(tmp_path / "c").spec.mechanisms if p.enabled]
    assert "switching" not in on
    assert "landlords" in on
    argv[1] = str(tmp_path / "d")
    code, _, err = main([*argv, "--mechanisms", "landlords,switching"], monkeypatch, capsys)
    assert code == 2
    assert "(got switching)" in err
    assert "switched_from" in err
    assert not (tmp_path / "d").exists()
