"""Hostile input: mutated scenario files and station tables never give a traceback.

Each case either loads, or raises InputError whose every problem names a file and a place
(field path or CSV row/column) or the bad value. Cases per run: ``SCENARIO_CASES`` +
``STATION_CASES`` (the closing note quotes the count), plus a 10^6-row table.
"""

import io
import shutil
import tempfile
import time
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import votebank as vb
from votebank.errors import InputError
from votebank.forensics import read_station_results

SCENARIO_CASES = 700
STATION_CASES = 400
TINY = Path(str(resources.files("votebank") / "scenarios" / "tiny"))

WEIRD = st.one_of(
    st.sampled_from(
        [
            "",
            "nan",
            "NaN",
            "inf",
            "-1",
            "-0.5",
            "1e300",
            "1e12",
            "0",
            "abc",
            "1,5",
            "TRUE",
            "null",
            "<script>",
            "../..",
            "１２",
            "\x00",
            "💥",
            "9" * 40,
        ]
    ),
    st.text(max_size=12),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


def assert_clear(exc: InputError) -> None:
    assert exc.problems, "an InputError must carry problems"
    for p in exc.problems:
        assert p.file, p
        assert p.location or p.value, p
        assert p.message, p
    assert "Traceback" not in exc.render()


def mutate_csv(text: str, data, name: str) -> bytes:
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    kind = data.draw(
        st.sampled_from(
            [
                "cell",
                "cell",
                "cell",
                "drop_column",
                "duplicate_row",
                "truncate",
                "encoding",
                "empty",
                "header_only",
                "extra_column",
                "bytes",
            ]
        ),
        label=f"{name} mutation",
    )
    if kind == "cell":
        row = data.draw(st.integers(0, len(frame) - 1))
        col = data.draw(st.sampled_from(list(frame.columns)))
        frame.loc[row, col] = data.draw(WEIRD)
    elif kind == "drop_column":
        frame = frame.drop(columns=data.draw(st.sampled_from(list(frame.columns))))
    elif kind == "duplicate_row":
        frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
    elif kind == "extra_column":
        frame["surprise"] = "x"
    elif kind == "empty":
        return b""
    elif kind == "header_only":
        frame = frame.iloc[:0]
    out = frame.to_csv(index=False)
    if kind == "truncate":
        return out.encode()[: data.draw(st.integers(0, len(out)))]
    if kind == "encoding":
        return out.replace("Sahib", "Sāhib").encode(
            data.draw(st.sampled_from(["utf-16", "cp1252", "latin-1"])), errors="replace"
        )
    if kind == "bytes":
        return data.draw(st.binary(max_size=200))
    return out.encode()


def mutate_toml(text: str, data) -> str:
    lines = text.splitlines()
    kind = data.draw(
        st.sampled_from(["value", "value", "delete", "unknown_key", "garbage", "path_escape"]),
        label="toml mutation",
    )
    settable = [i for i, line in enumerate(lines) if " = " in line and not line.startswith("#")]
    i = data.draw(st.sampled_from(settable))
    key = lines[i].split(" = ")[0]
    if kind == "value":
        value = data.draw(
            st.sampled_from(
                ["-1", "1.5", '"text"', "[]", "{}", "true", "1e400", "0", "99999999999"]
            )
        )
        lines[i] = f"{key} = {value}"
    elif kind == "delete":
        del lines[i]
    elif kind == "unknown_key":
        lines.insert(i + 1, "cohesionn = 0.5")
    elif kind == "garbage":
        lines.insert(i, data.draw(st.sampled_from(["[[[", "x = = 1", '"', "[scenario]"])))
    else:
        lines = [ln.replace('"constituencies.csv"', '"../../etc/passwd"') for ln in lines]
    return "\n".join(lines)


@settings(
    max_examples=SCENARIO_CASES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_mutated_scenarios_load_or_fail_clearly(data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "s"
        shutil.copytree(TINY, folder)
        target = data.draw(
            st.sampled_from(["scenario.toml", "constituencies.csv", "candidates.csv"]), label="file"
        )
        path = folder / target
        if target == "scenario.toml":
            path.write_text(mutate_toml(path.read_text(), data), encoding="utf-8")
        else:
            path.write_bytes(mutate_csv(path.read_text(), data, target))
        try:
            vb.load_scenario(folder)
        except InputError as exc:
            assert_clear(exc)


STATIONS = pd.DataFrame(
    {
        "station": [f"S{i}" for i in range(30)],
        "registered": np.arange(30) * 10 + 800,
        "ballots": np.arange(30) * 5 + 400,
        "party_a": np.arange(30) * 3 + 200,
        "party_b": np.arange(30) * 2 + 150,
    }
).to_csv(index=False)


@settings(
    max_examples=STATION_CASES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_mutated_station_tables_read_or_fail_clearly(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stations.csv"
        path.write_bytes(mutate_csv(STATIONS, data, "stations.csv"))
        leader = data.draw(st.sampled_from(["party_a", "auto", "3", "missing", "-1"]))
        try:
            read_station_results(
                path,
                registered="registered",
                ballots="ballots",
                leader=leader,
                others="party_a,party_b",
            )
        except InputError as exc:
            assert_clear(exc)


def test_a_million_row_table_is_refused_quickly_and_briefly(tmp_path):
    folder = tmp_path / "big"
    shutil.copytree(TINY, folder)
    n = 1_000_000
    pd.DataFrame(
        {
            "constituency": np.where(np.arange(n) % 2 == 0, "T-1", "NOWHERE"),
            "candidate": [f"c{i}" for i in range(n)],
            "party": "RED",
            "actual_votes": np.where(np.arange(n) % 3 == 0, "-5", "10"),
        }
    ).to_csv(folder / "candidates.csv", index=False)
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        vb.load_scenario(folder)
    assert time.perf_counter() - start < 60
    assert_clear(caught.value)
    # Bad rows are listed up to a cap per column, with a count of the rest.
    assert len(caught.value.problems) < 100
    assert any("more" in p.message for p in caught.value.problems)
