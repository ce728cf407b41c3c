"""``votebank compare --set``: each field set once."""

from __future__ import annotations

from tests.hostile.helpers import assert_user_error, main


def test_a_field_set_twice_is_refused_naming_both(tmp_path, monkeypatch, capsys):
    # The later --set won in silence: B ran with cohesion 0.9 while 0.1 was also asked for.
    first, again = "mechanisms.biradari.cohesion=0.1", 'mechanisms."biradari".cohesion=0.9'
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--set", first, "--set", again]
    code, text, err = main(argv, monkeypatch, capsys)
    assert_user_error(code, text, err, again, first, "give it once")
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--set", "turnout.base=0.3"]
    code, text, err = main([*argv, "--set", "turnout={base = 0.4}"], monkeypatch, capsys)
    assert_user_error(code, text, err, "turnout={base = 0.4}", "turnout.base=0.3")
