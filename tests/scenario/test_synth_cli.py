"""votebank synth's options as a user types them."""

from __future__ import annotations

import votebank as vb
from tests.hostile.helpers import main


def test_mechanisms_may_be_listed_with_spaces(tmp_path, monkeypatch, capsys):
    # "fear, coercion" was refused: " coercion" is no mechanism, though coercion is listed.
    out = tmp_path / "country"
    argv = ["synth", str(out), "--seats", "2", "--registered", "200", "--stations", "2"]
    code, _, err = main([*argv, "--mechanisms", "fear, coercion "], monkeypatch, capsys)
    assert code == 0, err
    spec = vb.load_scenario(out).spec
    on = [name for name, p in spec.mechanisms if p.enabled]
    assert on == ["fear", "coercion"]
