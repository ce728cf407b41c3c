"""The C heap helpers: what they ask of glibc, and nothing where there is no C library."""

from __future__ import annotations

import platform

from votebank.run import memory


class FakeLibc:
    def __init__(self):
        self.calls = []

    def malloc_trim(self, pad):
        self.calls.append(("trim", pad))
        return 1

    def mallopt(self, param, value):
        self.calls.append(("mallopt", param, value))
        return 1


def test_they_ask_glibc_to_trim_and_to_stop_mapping(monkeypatch):
    libc = FakeLibc()
    monkeypatch.setattr(memory, "_libc", lambda: libc)
    memory.release_free_memory()
    assert memory.keep_freed_memory.__wrapped__() is True  # past the once-per-process cache
    assert libc.calls == [
        ("trim", 0),
        ("mallopt", -4, 0),  # M_MMAP_MAX: no fresh mappings
        ("mallopt", -1, 2**31 - 1),  # M_TRIM_THRESHOLD: keep freed pages
    ]


def test_without_a_c_library_they_do_nothing(monkeypatch):
    monkeypatch.setattr(memory, "_libc", lambda: None)
    memory.release_free_memory()
    assert memory.keep_freed_memory.__wrapped__() is False


def test_the_real_c_library_is_found_or_absent_quietly():
    memory._libc.cache_clear()
    libc = memory._libc()  # a handle or None, never an error
    if platform.libc_ver()[0] == "glibc":  # CI's Debian: the helpers must really act
        assert libc is not None
        assert hasattr(libc, "malloc_trim")
