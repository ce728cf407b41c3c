"""The figures and files write_outputs writes."""

from __future__ import annotations

import warnings
from dataclasses import replace

import numpy as np
import pytest

from votebank.errors import InputError
from votebank.forensics import analyze, klimek_synthetic, write_outputs


def test_region_names_the_font_lacks_are_drawn_without_a_warning_per_glyph(tmp_path):
    res, _ = klimek_synthetic(600, rng=np.random.default_rng(0))
    names = np.where(np.arange(600) % 2, "北京 😀", "Москва")
    res = replace(res, regions=names, source="选举 🗳.csv")
    report = analyze(res, seed=0, bootstrap=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = write_outputs(report, res, tmp_path)
    assert not [w for w in caught if "Glyph" in str(w.message)]
    assert paths["regions"].read_bytes()[:4] == b"\x89PNG"  # still drawn (boxes for glyphs)


def test_unwritable_outputs_are_refused_before_anything_is_written(tmp_path):
    res, _ = klimek_synthetic(60, rng=np.random.default_rng(0))
    report = analyze(res, seed=0, bootstrap=0)
    afile = tmp_path / "a.txt"
    afile.write_text("x")
    with pytest.raises(InputError, match="is a file"):  # FileExistsError before
        write_outputs(report, res, afile / "out")
    with pytest.raises(InputError, match="is a folder"):  # IsADirectoryError before
        write_outputs(report, res, tmp_path / "out", flagged_path=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


@pytest.mark.parametrize("swap", ["report", "results", "both"])
def test_arguments_that_are_not_a_report_and_its_results_are_refused_before_writing(tmp_path, swap):
    # An AttributeError deep in the writer before, after the folder was made.
    res, _ = klimek_synthetic(60, rng=np.random.default_rng(0))
    report = analyze(res, seed=0, bootstrap=0)
    args = {"report": (None, res), "results": (report, None), "both": (res, report)}[swap]
    with pytest.raises(InputError) as exc:
        write_outputs(*args, tmp_path / "out")
    assert {p.file for p in exc.value.problems} <= {"report", "results"}
    assert not (tmp_path / "out").exists()


def test_a_report_written_beside_other_results_is_refused(tmp_path):
    # The flagged stations and plots would be drawn from results the report did not test.
    res, _ = klimek_synthetic(60, rng=np.random.default_rng(0))
    other, _ = klimek_synthetic(60, rng=np.random.default_rng(1))
    report = analyze(res, seed=0, bootstrap=0)
    with pytest.raises(InputError, match="not the results this report") as exc:
        write_outputs(report, other, tmp_path / "out")
    assert [p.file for p in exc.value.problems] == ["results"]
    assert not (tmp_path / "out").exists()
    halved = replace(res, leader_votes=res.leader_votes // 2)  # as another leader's column
    with pytest.raises(InputError, match="not the results this report"):
        write_outputs(report, halved, tmp_path / "out")


@pytest.mark.parametrize(
    ("argument", "value"), [("outdir", None), ("outdir", 5), ("flagged_path", 5)]
)
def test_an_output_path_that_is_no_path_is_refused_naming_it(
    tmp_path, monkeypatch, argument, value
):
    # A bare TypeError ("expected str, bytes or os.PathLike object") from deep in pathlib before.
    monkeypatch.chdir(tmp_path)
    res, _ = klimek_synthetic(60, rng=np.random.default_rng(0))
    report = analyze(res, seed=0, bootstrap=0)
    args = {"outdir": tmp_path / "out", argument: value}
    with pytest.raises(InputError) as exc:
        write_outputs(report, res, **args)
    assert [(p.file, p.value) for p in exc.value.problems] == [(argument, repr(value))]
    assert list(tmp_path.iterdir()) == []


def test_region_and_file_names_with_dollar_signs_are_drawn_as_written():
    """A label between two ``$`` was typeset as a formula: ``a_b^c$x$`` was drawn "a_b^cx"."""
    from votebank.forensics.plots import fingerprint_figure, regions_figure

    res, _ = klimek_synthetic(200, rng=np.random.default_rng(0))
    names = np.where(np.arange(200) % 2, "a_b^c$x$", "Zone $1")
    res = replace(res, regions=names, source="results $2024$.csv")
    report = analyze(res, seed=0, bootstrap=0)
    figures = (regions_figure(report), fingerprint_figure(report, res))
    texts = [fig._suptitle for fig in figures]
    texts += [ax.title for ax in figures[0].axes if ax.get_title()]
    assert any("a_b^c$x$" in t.get_text() for t in texts)
    for text in texts:
        assert not text._preprocess_math(text.get_text())[1], text.get_text()
    # The log colour bar's ticks are plain numbers, not shown as "$\mathdefault{10^{0}}$".
    figures[1].canvas.draw()
    ticks = [t.get_text() for t in figures[1].axes[-1].get_yticklabels() if t.get_text()]
    assert ticks
    assert all(float(t) > 0 for t in ticks), ticks


def test_colour_bars_read_as_plain_numbers_and_region_titles_do_not_collide():
    # regions.png of the Moscow Oblast file labelled its colour bar "2 × 10⁰ ... 6 × 10⁰"
    # (stations per cell, 1 to 7), fingerprint.png "10⁻¹, 10⁰"; and the first panel's title
    # ran into the second's: "... (187): integer %2. Богородская городская (93): 100%".
    from votebank.forensics.plots import fingerprint_figure, regions_figure

    res, _ = klimek_synthetic(300, rng=np.random.default_rng(0))
    res = replace(res, regions=np.where(np.arange(300) % 2, "Балашихинская городская", "B"))
    report = analyze(res, seed=0, bootstrap=0)
    for fig in (regions_figure(report), fingerprint_figure(report, res)):
        fig.canvas.draw()
        bar = fig.axes[-1].yaxis
        labels = [t.get_text() for t in bar.get_ticklabels() + bar.get_ticklabels(minor=True)]
        shown = [t for t in labels if t]
        assert shown
        assert all(float(t) > 0 for t in shown), shown  # "0.1", "1", "6": no "$", no "×"
    title = next(ax.get_title() for ax in regions_figure(report).axes if "Балаш" in ax.get_title())
    assert "\n" in title
    assert title.rsplit("\n", 1)[0].endswith(")")  # the region and its stations; flags below


def _coloured_cells(ax) -> int:
    """Cells of a panel drawn in a colour (empty and below-scale cells are white)."""
    image = ax.images[0]
    rgba = image.to_rgba(image.get_array())
    return int((rgba[..., :3] < 0.99).any(axis=-1).sum())


def test_the_fitted_model_of_a_small_election_is_drawn_not_left_blank():
    """A model's expected stations per cell are fractions, fewer than one in every cell of a
    few hundred stations: the colour scale started at one station, so the fitted panel of a
    300-station file was white from edge to edge."""
    from votebank.forensics.plots import fingerprint_figure

    res, _ = klimek_synthetic(300, rng=np.random.default_rng(0))
    report = analyze(res, seed=0, bootstrap=0)
    assert report.klimek.model_counts.max() < 1
    observed, fitted = fingerprint_figure(report, res).axes[:2]
    assert fitted.get_title().startswith("Fitted")
    assert _coloured_cells(observed) == int((report.fingerprint.counts > 0).sum())
    assert _coloured_cells(fitted) > 50


def test_a_station_at_100_percent_turnout_and_share_is_drawn_inside_the_frame():
    # The 100%/100% corner cell ended where the axes did: its edge lay under the frame's line.
    from votebank.forensics.fingerprint import fingerprint
    from votebank.forensics.plots import fingerprint_figure

    res, _ = klimek_synthetic(300, rng=np.random.default_rng(0))
    full = np.array([1000])
    res = replace(
        res,
        registered=np.r_[res.registered, full],
        ballots=np.r_[res.ballots, full],
        valid=np.r_[res.valid, full],
        leader_votes=np.r_[res.leader_votes, full],
        other_votes=np.r_[res.other_votes, np.zeros((1, res.other_votes.shape[1]), int)],
        ids=None,
    )
    fp = fingerprint(res)
    assert fp.counts[-1, -1] >= 1  # counted in the last cell of both axes
    for edges in (fp.turnout_edges, fp.share_edges):
        assert edges[-2] < 1.0 < edges[-1]
    report = analyze(res, seed=0, bootstrap=0)
    for ax in fingerprint_figure(report, res).axes[:2]:
        (left, right, bottom, top) = ax.images[0].get_extent()
        assert (left, right) == pytest.approx(100 * fp.turnout_edges[[0, -1]])
        assert (bottom, top) == pytest.approx(100 * fp.share_edges[[0, -1]])
        # The axes reach past the outer cells, which are drawn whole inside the frame.
        assert ax.get_xlim()[0] < left
        assert ax.get_xlim()[1] > right
        assert ax.get_ylim()[0] < bottom
        assert ax.get_ylim()[1] > top


def test_the_json_names_the_columns_each_count_was_read_from(tmp_path):
    # forensics.json named the file and the settings but not its columns: which one was the
    # leader (picked by 'auto'), whether valid ballots were given, by which column the
    # stations were grouped. An observer could not tell what had been tested.
    import json

    from votebank.forensics import read_station_results

    res, _ = klimek_synthetic(120, rng=np.random.default_rng(1))
    path = tmp_path / "stations.csv"
    lines = ["uik,oblast,reg,early,day,Petrov,Ivanov"]
    for i in range(res.n_stations):
        day = res.ballots[i] // 2
        lines.append(
            f"U{i},{'AB'[i % 2]},{res.registered[i]},{res.ballots[i] - day},{day},"
            f"{res.leader_votes[i]},{res.ballots[i] - res.leader_votes[i]}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_station_results(
        path, registered="reg", ballots="early + day", others="Ivanov,Petrov", region="oblast",
        id_column="uik",
    )  # fmt: skip
    write_outputs(analyze(read, seed=0, bootstrap=0), read, tmp_path / "out")
    written = json.loads((tmp_path / "out" / "forensics.json").read_text(encoding="utf-8"))
    assert list(written)[:3] == ["format_version", "source", "columns"]
    assert written["columns"] == {
        "registered": "reg",
        "ballots": "early + day",
        "valid": "(none: early + day)",
        "leader": "Petrov" if res.leader_votes.sum() * 2 > res.ballots.sum() else "Ivanov",
        "leader_chosen": "auto: the most votes of the parties given",
        "others": ["Ivanov"] if res.leader_votes.sum() * 2 > res.ballots.sum() else ["Petrov"],
        "region": "oblast",
        "id": "uik",
        "thousands": "comma or space (a dot is a decimal)",
    }
    given = read_station_results(path, registered=2, ballots="early + day", leader="Ivanov")
    assert given.columns["leader"] == "Ivanov"
    assert given.columns["leader_chosen"] == "given"
    assert given.columns["others"] == []
    assert given.columns["region"] is None
    # How a dot was read is recorded with the columns: 1.234 means two things.
    dotted = read_station_results(
        path, registered=2, ballots="early + day", leader="Ivanov", thousands="."
    )
    assert dotted.columns["thousands"] == "."


def test_a_fit_the_misfit_guard_sets_aside_says_so_above_its_panel():
    # The reading said "Incremental fraud not identified ... (misfit 15.57, above 1.5)", but the
    # plot's panel read "Fitted fraud model: f_i = 90%" alone.
    from votebank.forensics.plots import fingerprint_figure

    res, _ = klimek_synthetic(300, rng=np.random.default_rng(0))
    report = analyze(res, seed=0, bootstrap=0)
    assert report.klimek.misfit < 1.5
    fitted = fingerprint_figure(report, res).axes[1]
    assert "not identified" not in fitted.get_title()
    misfit = replace(report, klimek=replace(report.klimek, misfit=15.57))
    fitted = fingerprint_figure(misfit, res).axes[1]
    assert fitted.get_title().startswith("Fitted fraud model: f_i = ")
    assert "misfit 15.6: f_i not identified" in fitted.get_title()


def test_the_fitted_panel_gives_each_share_with_its_interval():
    # 21% of 3,000 stations stuffed incrementally: f_i 22% [0%, 22%], not flagged, and the
    # panel read "f_i = 22%" alone, a finding to anyone who sees only the figure.
    from votebank.forensics.plots import fingerprint_figure

    res, _ = klimek_synthetic(300, rng=np.random.default_rng(0))
    report = analyze(res, seed=0, bootstrap=0)  # no bootstrap: no interval to give
    assert fingerprint_figure(report, res).axes[1].get_title() == (
        f"Fitted fraud model: f_i = {100 * report.klimek.f_i:.0f}%, "
        f"f_e = {100 * report.klimek.f_e:.1f}%"
    )
    fit = replace(report.klimek, f_i=0.22, f_i_interval=(0.0, 0.22), f_e_interval=(0.0, 0.005))
    title = fingerprint_figure(replace(report, klimek=fit), res).axes[1].get_title()
    assert title.startswith("Fitted fraud model: f_i = 22% [0–22%], f_e = ")
    assert title.endswith(" [0.0–0.5%]")
