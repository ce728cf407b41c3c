"""organisations.toml read beside a scenario: what cannot be read is named, never a traceback."""

from __future__ import annotations

import pytest

from tests.hostile.helpers import assert_user_error, main
from tests.organisations.conftest import write_small


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: p.write_bytes(b"\xff\xfe[organisations]\n"), "not UTF-8 text"),
        (lambda p: p.mkdir(), "not a regular file"),
    ],
    ids=["binary", "folder"],
)
def test_an_unreadable_organisations_toml_is_named_not_a_traceback(
    tmp_path, monkeypatch, capsys, make, says
):
    # A UnicodeDecodeError or IsADirectoryError traceback from `votebank organisations`.
    folder = write_small(tmp_path / "small")
    beside = folder / "organisations.toml"
    beside.unlink()
    make(beside)
    code, out, err = main(["organisations", str(folder), "--runs", "0"], monkeypatch, capsys)
    assert_user_error(code, out, err, str(beside), says)
    # `validate` said ok and `run` ran without it, when it was a folder.
    code, out, err = main(["validate", str(folder)], monkeypatch, capsys)
    assert_user_error(code, out, err, str(beside), says)
    runs = ["run", str(folder), "--runs", "1", "--out", str(tmp_path / "o")]
    code, out, err = main(runs, monkeypatch, capsys)
    assert_user_error(code, out, err, str(beside), says)
    assert not (tmp_path / "o" / "votebank.duckdb").exists()


def test_an_organisations_toml_saved_with_a_byte_order_mark_is_read(tmp_path, monkeypatch, capsys):
    # "not valid TOML ... line 1, column 1", while scenario.toml with the same mark is read.
    folder = write_small(tmp_path / "small")
    beside = folder / "organisations.toml"
    beside.write_text(beside.read_text(encoding="utf-8"), encoding="utf-8-sig")
    code, out, err = main(["validate", str(folder)], monkeypatch, capsys)
    assert code == 0, err
    assert out.startswith("ok small-uk")


def test_a_misspelt_key_of_organisations_toml_is_told_the_key_it_is_closest_to():
    # "Extra inputs are not permitted" (pydantic's words), where scenario.toml says which key
    # was meant.
    import tomllib

    from tests.organisations.conftest import ORGANISATIONS
    from votebank.errors import InputError
    from votebank.scenario.organisations.load import parse_organisations

    raw = tomllib.loads(ORGANISATIONS.replace("seed = 11", "seeed = 11"))
    with pytest.raises(InputError) as caught:
        parse_organisations(raw)
    [problem] = caught.value.problems
    assert problem.location == "organisations.seeed"
    assert problem.message == "unknown key; did you mean 'seed'?"
