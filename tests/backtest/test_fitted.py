"""Fits kept on disk: read back exactly as fitted, fitted again when anything they read
changes or their file is damaged, and never written with the cache off."""

from __future__ import annotations

import pytest

from tests.backtest.test_fit import small_file
from votebank.backtest import fitted

DATES = ("2010-05-06", "2015-05-07")


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """A fresh cache folder and nothing kept in memory; counts the fits made."""
    monkeypatch.setenv("VOTEBANK_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(fitted, "_KEPT", {})
    made = []
    real = fitted.fit_on
    monkeypatch.setattr(fitted, "fit_on", lambda *a: made.append(a) or real(*a))
    return made


def fit_of(path, given="national"):
    return fitted.fit(given, *DATES, file=str(path))


def new_process(monkeypatch):
    """What a new command starts with: nothing kept in memory."""
    monkeypatch.setattr(fitted, "_KEPT", {})


def test_a_fit_read_back_is_the_fit_made(tmp_path, monkeypatch, kept):
    f = small_file(tmp_path / "r.csv", seats=12, regions=2)
    first = fit_of(f)
    (stored,) = (tmp_path / "cache" / "fits").glob("*.json")
    new_process(monkeypatch)
    again = fit_of(f)
    assert len(kept) == 1  # read back, not fitted again
    assert again == first
    assert [type(v) for v in vars(again).values()] == [type(v) for v in vars(first).values()]
    assert first.source == "fitted on 1 earlier pair"
    stored.write_text('{"lam": 0.5')  # cut short: fitted again and written anew
    new_process(monkeypatch)
    assert fit_of(f) == first
    assert len(kept) == 2
    assert stored.read_text().endswith("}")


def test_an_edited_file_or_other_information_is_fitted_again(tmp_path, monkeypatch, kept):
    f = small_file(tmp_path / "r.csv", seats=12, regions=2)
    national = fit_of(f)
    fit_of(f, "regional")
    assert len(kept) == 2
    text = f.read_text().replace(",C,C 3,", ",C,C 3,1")  # a C candidate's votes times ten+
    assert text != f.read_text()
    f.write_text(text)
    new_process(monkeypatch)
    assert fit_of(f) != national
    assert len(kept) == 3


def test_nothing_is_kept_with_the_cache_off(tmp_path, monkeypatch, kept):
    monkeypatch.setenv("VOTEBANK_CACHE", "off")
    monkeypatch.chdir(tmp_path)
    f = small_file(tmp_path / "r.csv", seats=12)
    fit_of(f)
    new_process(monkeypatch)
    fit_of(f)
    assert len(kept) == 2
    assert list(tmp_path.rglob("*.json")) == []
