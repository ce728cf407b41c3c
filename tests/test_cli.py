"""The entry point: what reaches a terminal or pipe that cannot hold every character."""

import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

TINY = Path(str(resources.files("votebank") / "scenarios" / "tiny"))


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_name_the_output_cannot_encode_is_replaced_not_a_traceback(tmp_path, encoding):
    folder = tmp_path / "urdu"
    shutil.copytree(TINY, folder)
    toml = folder / "scenario.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"tiny"', '"ṭiny-میاں–ü"'))
    env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "100"}
    src = str(Path(__file__).parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "votebank", "validate", str(folder)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(encoding, "replace")
    assert b"Traceback" not in done.stderr
    assert done.stdout.startswith(b"ok ")
    assert b"3 constituencies" in done.stdout
