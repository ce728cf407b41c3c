"""The records file of a stoppable job: what it tells a user who cannot go on from it."""

from __future__ import annotations

import pytest

from tests.hostile.helpers import linked_output
from votebank.checkpoint import Checkpoint
from votebank.errors import InputError


def test_another_jobs_file_is_refused_with_advice_that_works(tmp_path):
    # A stopped job (seed 5) left a finished record; the user resumes with seed 6.
    path = tmp_path / "trials.partial.jsonl"
    first = Checkpoint(path, {"seed": 5}, kind="calibration")
    first.begin(resume=False, key="trial")
    first.add({"trial": 0, "loss": 1.0})
    other = Checkpoint(path, {"seed": 6}, kind="calibration")
    with pytest.raises(InputError) as resumed:
        other.begin(resume=True, key="trial")
    message = str(resumed.value)
    assert "another calibration" in message
    # Running without --resume is refused too while the file holds finished records, so the
    # advice must be the way that works: delete the file (or another folder).
    assert "without --resume" not in message
    assert "delete the file" in message
    with pytest.raises(InputError, match="delete the file"):
        other.begin(resume=False, key="trial")


def test_the_refusal_says_which_setting_differs(tmp_path):
    # A stopped study left records; the resume changed one option. The message used to list
    # every setting that might differ ("scenario, levels, seed or settings"), leaving the user
    # to guess which one; it names the one that does, by its option, with both values.
    path = tmp_path / "power-records.partial.jsonl"
    study = {"levels": [["none", "ab"]], "seed": 3, "settings": {"extreme_share": 1 / 6}}
    labels = {"seed": "--seed", "extreme_share": "--extreme-share", "levels": "the levels"}
    first = Checkpoint(path, study, differs="scenario, levels, seed or settings", labels=labels)
    first.begin(resume=False, key="run")
    first.add({"run": 0})
    for changed, said in (
        ({"seed": 4}, "(--seed 3 in the file, 4 now)"),
        ({"settings": {"extreme_share": 0.3}}, "(--extreme-share 0.166667 in the file, 0.3 now)"),
        ({"levels": [["none", "cd"]]}, "(the levels changed)"),
        ({"bootstrap": 20}, "(bootstrap (none) in the file, 20 now)"),
        # A float beside a setting the other study has not was shown to 17 digits.
        ({"settings": {}}, "(--extreme-share 0.166667 in the file, (none) now)"),
    ):
        other = Checkpoint(path, {**study, **changed}, labels=labels)
        with pytest.raises(InputError) as resumed:
            other.begin(resume=True, key="run")
        assert said in str(resumed.value)
    # A file that is not a records file at all keeps the general words.
    path.write_text("not json\n{}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"\(its inputs or settings differ\)"):
        Checkpoint(path, study).begin(resume=True, key="run")


def test_a_second_kill_and_resume_reads_the_file_back(tmp_path):
    # A kill cut the last record short; the resume appended its first record to that cut
    # line, making one line of two; killed again, the next resume stopped on a JSON traceback.
    path = tmp_path / "power-records.partial.jsonl"
    first = Checkpoint(path, {"seed": 3})
    first.begin(resume=False, key="run")
    first.add({"run": 0})
    with path.open("a", encoding="utf-8") as f:
        f.write('{"run": 1, "sta')  # the kill
    resumed = Checkpoint(path, {"seed": 3})
    assert set(resumed.begin(resume=True, key="run")) == {0}
    resumed.add({"run": 1})  # then killed again
    again = Checkpoint(path, {"seed": 3}).begin(resume=True, key="run")
    assert again == {0: {"run": 0}, 1: {"run": 1}}


def test_a_line_that_is_no_record_is_made_again(tmp_path):
    # A file an older votebank left, a cut record and the next one on one line: a traceback.
    path = tmp_path / "trials.partial.jsonl"
    first = Checkpoint(path, {"seed": 3})
    first.begin(resume=False, key="trial")
    first.add({"trial": 0})
    with path.open("a", encoding="utf-8") as f:
        f.write('{"trial": 1, "lo{"trial": 2}\n{"trial": 3}\n')
    kept = Checkpoint(path, {"seed": 3}).begin(resume=True, key="trial")
    assert set(kept) == {0, 3}  # trials 1 and 2 are made again


def test_a_records_file_that_is_a_link_is_begun_and_kept_through_it(tmp_path):
    # A checkpoint linked to another disk was renamed over: the job's line went into a new
    # file here, the target kept a stopped job's records, and the link was gone.
    link, target = linked_output(tmp_path, "trials.partial.jsonl", "stale\n")
    job = Checkpoint(link, {"seed": 5}, kind="calibration")
    job.begin(resume=False, key="trial")
    job.add({"trial": 0, "loss": 1.0})
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").splitlines()[0] == '{"study": {"seed": 5}}'
    assert Checkpoint(link, {"seed": 5}).load("trial") == {0: {"trial": 0, "loss": 1.0}}
    assert sorted(p.name for p in link.parent.iterdir()) == ["trials.partial.jsonl"]
