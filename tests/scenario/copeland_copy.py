"""A copy of the built-in copeland-2017 scenario with one piece of its TOML replaced."""

from importlib.resources import files
from pathlib import Path


def copeland_with(tmp_path: Path, old: str, new: str) -> Path:
    """The copy's folder, ``old`` (which must be in the TOML) replaced by ``new`` once."""
    folder = files("votebank") / "scenarios" / "copeland-2017"
    out = tmp_path / "copeland"
    out.mkdir()
    for name in ("constituencies.csv", "candidates.csv"):
        (out / name).write_bytes((folder / name).read_bytes())
    text = (folder / "scenario.toml").read_text()
    assert old in text
    (out / "scenario.toml").write_text(text.replace(old, new, 1))
    return out
