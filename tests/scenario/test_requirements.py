"""Mechanisms switched on without what they act on are refused: they would do nothing."""

from __future__ import annotations

from tests.hostile.helpers import assert_user_error, main, tiny_copy


def test_stuffing_and_coercion_without_landlords_are_refused(tmp_path, monkeypatch, capsys):
    # No landlords, no armed men: stuffing stuffed no station and coercion pressed no voter,
    # while validate listed both as on and a run went exactly as with them off.
    folder = tiny_copy(tmp_path)
    toml = folder / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    on = "[mechanisms.landlords]\nenabled = true"
    toml.write_text(text.replace(on, "[mechanisms.landlords]\nenabled = false"), encoding="utf-8")
    code, out, err = main(["validate", str(folder)], monkeypatch, capsys)
    assert_user_error(
        code,
        out,
        err,
        "mechanisms.stuffing.enabled",
        "mechanisms.coercion.enabled",
        "needs [mechanisms.landlords] on",
    )


def test_switching_landlords_off_in_a_variant_is_the_question_asked(monkeypatch, capsys):
    argv = ["compare", "tiny", "tiny", "--runs", "2", "--show", "0"]
    code, _, err = main([*argv, "--set", "mechanisms.landlords.enabled=false"], monkeypatch, capsys)
    assert code == 0, err


def _edit(folder, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _refused(folder, monkeypatch, capsys, *expected: str) -> None:
    code, out, err = main(["validate", str(folder)], monkeypatch, capsys)
    assert_user_error(code, out, err, *expected)


def test_transport_without_a_patron_mechanism_is_refused(tmp_path, monkeypatch, capsys):
    # Rides carry only the voters a landlord or bloc leader instructs: with both off, none.
    folder = tiny_copy(tmp_path)
    for name in ("landlords", "biradari"):
        on = f"[mechanisms.{name}]\nenabled = true"
        _edit(folder, "scenario.toml", on, on.replace("true", "false"))
    for name in ("coercion", "stuffing"):  # they need landlords: off too
        on = f"[mechanisms.{name}]\nenabled = true"
        _edit(folder, "scenario.toml", on, on.replace("true", "false"))
    _edit(
        folder,
        "scenario.toml",
        "[mechanisms.fear]",
        "[mechanisms.transport]\nenabled = true\n\n[mechanisms.fear]",
    )
    _refused(
        folder,
        monkeypatch,
        capsys,
        "mechanisms.transport.enabled",
        "needs [mechanisms.landlords] or [mechanisms.biradari] on",
    )


def test_transport_with_a_budget_and_a_patron_is_accepted(tmp_path, monkeypatch, capsys):
    folder = tiny_copy(tmp_path)
    _edit(
        folder,
        "scenario.toml",
        "[mechanisms.fear]",
        "[mechanisms.transport]\nenabled = true\n\n[mechanisms.fear]",
    )
    code, out, err = main(["validate", str(folder)], monkeypatch, capsys)
    assert code == 0, err
    assert "transport" in out


def test_agents_without_stuffing_are_refused(tmp_path, monkeypatch, capsys):
    # Agents set how well a station is protected against capture; only stuffing captures.
    folder = tiny_copy(tmp_path)
    on = "[mechanisms.stuffing]\nenabled = true"
    _edit(folder, "scenario.toml", on, on.replace("true", "false"))
    _edit(
        folder,
        "scenario.toml",
        "[mechanisms.fear]",
        "[mechanisms.agents]\nenabled = true\n\n[mechanisms.fear]",
    )
    _refused(
        folder, monkeypatch, capsys, "mechanisms.agents.enabled", "needs [mechanisms.stuffing] on"
    )
