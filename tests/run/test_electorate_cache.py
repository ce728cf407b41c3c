"""The electorate cache: keyed by exactly what the builder reads, so it never goes stale."""

from typing import Any

import numpy as np
from pydantic import BaseModel

import votebank as vb
from votebank.calibrate.params import apply_to_scenario
from votebank.rng import Streams
from votebank.run import electorate_cache
from votebank.run.contests import build_contests
from votebank.run.electorate import SPEC_READS, build_electorate
from votebank.run.electorate_cache import ElectorateCache
from votebank.run.model import Model


def test_models_share_an_electorate_only_where_the_builder_reads_nothing_new():
    tiny = vb.load_scenario("tiny")
    cache = ElectorateCache(keep=8)

    def electorate(sc):
        return Model(sc, 5, cache).electorate(0)[0]

    a = electorate(tiny)
    assert electorate(apply_to_scenario(tiny, {"turnout.base": 0.6})) is a
    assert electorate(apply_to_scenario(tiny, {"mechanisms.landlords.compliance": 0.5})) is a
    assert electorate(apply_to_scenario(tiny, {"electorate.bloc_membership_rural": 0.5})) is not a
    assert electorate(apply_to_scenario(tiny, {"mood.North.RED": 0.4})) is not a  # party ids
    assert electorate(apply_to_scenario(tiny, {"mechanisms.landlords.militia_prob": 0.9})) is not a
    assert Model(tiny, 6, cache).electorate(0)[0] is not a  # another seed


def test_a_cached_model_runs_as_a_fresh_one():
    tiny = vb.load_scenario("tiny")
    warm = ElectorateCache()
    Model(tiny, 5, warm).run(0)
    changed = apply_to_scenario(tiny, {"turnout.base": 0.6})
    cached = Model(changed, 5, warm).run(2)
    fresh = Model(changed, 5, ElectorateCache()).run(2)
    for table in ("candidates", "constituencies", "polling_stations"):
        assert cached[table].equals(fresh[table])


class _Recorder:
    """Stands in for a spec section and writes down every dotted path read through it."""

    def __init__(self, value: Any, path: str, seen: set[str]):
        self._value, self._path, self._seen = value, path, seen

    def __getattr__(self, name: str) -> Any:
        path = f"{self._path}.{name}" if self._path else name
        value = getattr(self._value, name)
        if isinstance(value, BaseModel):
            return _Recorder(value, path, self._seen)
        self._seen.add(path)
        return value


def test_the_builder_reads_nothing_outside_its_declared_reads():
    for name in ("tiny", "na184-2008"):
        sc = vb.load_scenario(name)
        seen: set[str] = set()
        spy: Any = _Recorder(sc.spec, "", seen)
        built = build_electorate(spy, build_contests(sc), Streams(3, 0))
        plain = build_electorate(sc.spec, build_contests(sc), Streams(3, 0))
        assert built.cohorts == plain.cohorts
        undeclared = {
            p for p in seen if not any(p == d or p.startswith(d + ".") for d in SPEC_READS)
        }
        assert not undeclared, f"{name}: the builder reads {sorted(undeclared)} undeclared"
        assert np.array_equal(built.cohort_count, plain.cohort_count)


def test_a_second_process_loads_the_electorate_from_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("VOTEBANK_CACHE", str(tmp_path))
    monkeypatch.setattr(electorate_cache, "DISK_MIN_COHORTS", 0)  # tiny's is kept too
    tiny = vb.load_scenario("tiny")
    first = Model(tiny, 5, ElectorateCache()).run(1)
    (stored,) = (tmp_path / "electorates").glob("*.npz")
    built = []
    monkeypatch.setattr(
        electorate_cache, "build_electorate", lambda *a: built.append(a) or build_electorate(*a)
    )
    again = Model(tiny, 5, ElectorateCache()).run(1)  # a fresh cache: as a new command would
    assert built == []
    assert again["polling_stations"].equals(first["polling_stations"])
    stored.write_bytes(b"not an electorate")  # damaged: rebuilt and written again
    third = Model(tiny, 5, ElectorateCache()).run(1)
    assert len(built) == 1
    assert third["candidates"].equals(first["candidates"])
    assert stored.stat().st_size > 1000


def test_a_small_electorate_is_not_written_to_disk(tmp_path, monkeypatch):
    # A canvass plan runs cuts of a few seats by the dozen; on disk they evicted the national
    # electorates (a minute each to build) for ones built in milliseconds.
    monkeypatch.setenv("VOTEBANK_CACHE", str(tmp_path))
    tiny = vb.load_scenario("tiny")
    el, _ = Model(tiny, 5, ElectorateCache()).electorate(0)
    assert 0 < el.cohorts < electorate_cache.DISK_MIN_COHORTS
    assert list(tmp_path.rglob("*.npz")) == []
    monkeypatch.setattr(electorate_cache, "DISK_MIN_COHORTS", 1)  # now tiny counts as large
    Model(tiny, 6, ElectorateCache()).electorate(0)
    assert len(list(tmp_path.rglob("*.npz"))) == 1


def test_the_disk_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("VOTEBANK_CACHE", "off")
    monkeypatch.chdir(tmp_path)
    Model(vb.load_scenario("tiny"), 9, ElectorateCache()).electorate(0)
    assert list(tmp_path.rglob("*.npz")) == []


def test_a_cached_file_cut_short_or_garbled_is_rebuilt(tmp_path, monkeypatch):
    # A file cut short (a crash before it reached the disk, a full disk, a copy) ended every
    # run of that scenario and seed in a BadZipFile traceback until the file was deleted.
    monkeypatch.setenv("VOTEBANK_CACHE", str(tmp_path))
    monkeypatch.setattr(electorate_cache, "DISK_MIN_COHORTS", 0)  # tiny's is kept too
    tiny = vb.load_scenario("tiny")
    first = Model(tiny, 5, ElectorateCache()).run(1)
    (stored,) = (tmp_path / "electorates").glob("*.npz")
    whole = stored.read_bytes()
    middle = len(whole) // 2
    for damaged in (whole[:1000], whole[:-10], whole[:middle] + b"x" * 64 + whole[middle + 64 :]):
        stored.write_bytes(damaged)
        again = Model(tiny, 5, ElectorateCache()).run(1)
        assert again["candidates"].equals(first["candidates"])
        assert stored.read_bytes() == whole  # written again


def test_a_save_stopped_midway_leaves_no_partial_file(tmp_path, monkeypatch):
    # Ctrl-C while an electorate was written (about a second for a national one) left its
    # partial file, up to 140 MB, in the cache for good: only *.npz files were ever evicted.
    import os
    import time

    import pytest

    monkeypatch.setenv("VOTEBANK_CACHE", str(tmp_path))
    monkeypatch.setattr(electorate_cache, "DISK_MIN_COHORTS", 0)  # tiny's is kept too
    el, types = Model(vb.load_scenario("tiny"), 5, ElectorateCache()).electorate(0)
    # kill -9 runs no cleanup: swept later
    stale = tmp_path / "electorates" / "left-by-a-killed-save.tmp"
    stale.write_bytes(b"partial")
    old = time.time() - 2 * 86400
    os.utime(stale, (old, old))

    def stopped(out, **arrays):
        out.write(b"partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(electorate_cache.np, "savez", stopped)
    with pytest.raises(KeyboardInterrupt):
        electorate_cache.save("k" * 40, el, types)
    assert list((tmp_path / "electorates").glob("*.tmp")) == [stale]
    monkeypatch.undo()
    monkeypatch.setenv("VOTEBANK_CACHE", str(tmp_path))
    monkeypatch.setattr(electorate_cache, "DISK_MIN_COHORTS", 0)  # tiny's is kept too
    electorate_cache.save("k" * 40, el, types)
    assert list((tmp_path / "electorates").glob("*.tmp")) == []


def test_files_past_the_byte_cap_are_evicted_but_never_the_newest(tmp_path, monkeypatch):
    # Six synthetic Indias (1.8 GB each) filled 10 GB unannounced: the count alone capped it.
    monkeypatch.setattr(electorate_cache, "DISK_BYTES", 250)
    files = []
    for i, size in enumerate([300, 100, 100, 100]):  # newest first
        path = tmp_path / f"{i}.npz"
        path.write_bytes(b"x" * size)
        files.append(path)
    assert electorate_cache._evicted(files) == files[1:]  # the newest alone is past the cap
    assert electorate_cache._evicted(files[1:]) == [files[3]]  # two of 100 fit in 250
    monkeypatch.setattr(electorate_cache, "DISK_BYTES", 10**9)
    many = [tmp_path / "0.npz"] * 8
    assert len(electorate_cache._evicted(many)) == 8 - electorate_cache.DISK_KEEP
