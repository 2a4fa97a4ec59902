"""Practice workshops and training needs planned from themes (issue 16, part 3): the
desk's plan, edit and attendance, the training-needs view and whether a workshop took,
on hand-made audits with controlled dates, in real SQLite files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_themes_actions import AFD, submit

from qa_tui.cli.main import cli
from qa_tui.desks.audit_view import ServiceError
from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.learning import LearningDesk
from qa_tui.desks.learning_figures import LearningFigures
from qa_tui.store.database import Store

VOICE = "Child's voice"
NORTH, SOUTH, WEST = "Assessment North", "Safeguarding South", "Care West"
TODAY = date(2026, 10, 20)


def audits(store: Store, team: str, month: str, n: int, tagged: int, start: int) -> int:
    """`n` audits of `team` submitted in `month`, the first `tagged` showing the voice
    theme as an area for development; returns the next free case number."""
    for i in range(n):
        tags = (("child-seen", VOICE, AFD),) if i < tagged else ()
        submit(store, f"C{start + i:04d}", team, month, themes=tags)
    return start + n


@pytest.fixture
def history(store: Store) -> None:
    """North went to a workshop on 2026-04-15; South did not; West has too few audits."""
    k = audits(store, NORTH, "2026-01", 6, 4, 1)  # before: 4 of 6
    k = audits(store, NORTH, "2026-06", 5, 1, k)  # after: 1 of 5
    k = audits(store, SOUTH, "2026-02", 5, 2, k)  # before: 2 of 5
    k = audits(store, SOUTH, "2026-07", 5, 2, k)  # after: 2 of 5
    audits(store, WEST, "2026-07", 3, 3, k)  # after: 3 of 3, too few on their own


def lead(store: Store) -> LearningDesk:
    return LearningDesk(AuditDesk(store, "lee"))


def test_a_workshop_is_saved_with_its_themes_teams_and_attendance(
    store: Store, history: None
) -> None:
    desk = lead(store)
    made = desk.plan("workshop", "Hearing the child", ["child's VOICE"], [NORTH], "2026-04-15")
    desk.record_attendance(made, {NORTH: 7, SOUTH: 0})
    event = desk.event(made)
    assert (event.kind, event.title, event.held_on) == (
        "workshop",
        "Hearing the child",
        "2026-04-15",
    )
    assert [t.theme for t in event.themes] == [VOICE]  # the catalogue's name
    assert event.attending == [NORTH]
    assert {t.team: t.attended for t in event.teams} == {NORTH: 7, SOUTH: 0}
    kinds = [
        r["field"] for r in store._rows("SELECT field FROM events WHERE entity = 'learning_event'")
    ]
    assert "created" in kinds and f"attended: {NORTH}" in kinds

    desk.edit(made, "training need", "Voice of the child", [VOICE], [NORTH, WEST], "2026-04-16")
    event = desk.event(made)
    assert (event.kind, event.title) == ("training_need", "Voice of the child")
    assert {t.team: t.attended for t in event.teams} == {NORTH: 7, SOUTH: 0, WEST: None}


def test_bad_input_is_refused_in_words(store: Store, history: None) -> None:
    desk = lead(store)
    with pytest.raises(ServiceError, match="no theme called"):
        desk.plan("workshop", "X", ["Nothing like it"], [NORTH], "2026-04-15")
    with pytest.raises(ServiceError, match="not a date"):
        desk.plan("workshop", "X", [VOICE], [NORTH], "15/04/2026")
    with pytest.raises(ServiceError, match="title"):
        desk.plan("workshop", " ", [VOICE], [NORTH], "2026-04-15")
    made = desk.plan("workshop", "X", [VOICE], [NORTH], "2026-04-15")
    with pytest.raises(ServiceError, match="negative"):
        desk.record_attendance(made, {NORTH: -1})


def test_training_needs_show_where_a_theme_is_concentrated(store: Store, history: None) -> None:
    needs = LearningFigures(AuditDesk(store, "lee")).needs("2026-01", "2026-12")
    (voice,) = needs
    assert voice.theme == VOICE
    assert (voice.overall.tagged, voice.overall.audits) == (12, 24)
    shown = {t.team: t.need for t in voice.teams}
    assert [t.team for t in voice.teams] == [NORTH, SOUTH, WEST]  # most concentrated first
    assert shown[NORTH].share == pytest.approx(5 / 11)
    assert shown[SOUTH].share == pytest.approx(4 / 10)
    assert shown[WEST].share is None and shown[WEST].words() == "too few audits (3)"
    assert shown[WEST].as_dict() == {"share": None, "audits": None, "tagged": None, "too_few": True}


def test_a_workshop_that_took_shows_a_fall_in_the_teams_that_went(
    store: Store, history: None
) -> None:
    desk = lead(store)
    made = desk.plan("workshop", "Hearing the child", [VOICE], [NORTH, SOUTH], "2026-04-15")
    desk.record_attendance(made, {NORTH: 6, SOUTH: 0})
    impact = LearningFigures(AuditDesk(store, "lee")).impact(made, months=6, today=TODAY)
    assert impact.before == ("2025-10", "2026-03") and impact.after == ("2026-05", "2026-10")
    (voice,) = impact.themes
    assert (voice.attended_before.tagged, voice.attended_before.audits) == (4, 6)
    assert (voice.attended_after.tagged, voice.attended_after.audits) == (1, 5)
    assert voice.attended_change == pytest.approx((1 / 5 - 4 / 6) * 100)
    # South and West did not attend: 2 of 5 before, 5 of 8 after
    assert (voice.others_before.tagged, voice.others_before.audits) == (2, 5)
    assert (voice.others_after.tagged, voice.others_after.audits) == (5, 8)

    short = LearningFigures(AuditDesk(store, "lee")).impact(made, months=6, today=TODAY, below=7)
    assert short.themes[0].attended_before.words() == "too few audits (6)"
    assert short.themes[0].attended_change is None


# -- the command line ------------------------------------------------------------------


def test_the_command_line_plans_records_and_compares(
    db_path: Path, store: Store, history: None
) -> None:
    store.close()
    runner = CliRunner()
    base = ["--db", str(db_path), "--user", "lee"]
    planned = runner.invoke(
        cli,
        ["learning", "plan", "--title", "Hearing the child", "--theme", VOICE]
        + ["--for", NORTH, "--on", "2026-04-15", "--facilitator", "Pat", "--format", "json"]
        + base,
    )
    assert planned.exit_code == 0, planned.output
    doc = json.loads(planned.output)
    assert doc["schema_version"] == 1 and doc["event"]["title"] == "Hearing the child"
    made = str(doc["event"]["id"])
    came = runner.invoke(
        cli, ["learning", "attendance", made, "--team", f"{NORTH}=6", "--team", f"{SOUTH}=0", *base]
    )
    assert came.exit_code == 0, came.output
    shown = runner.invoke(cli, ["learning", "show", made, *base])
    assert f"Team: {NORTH}: 6 attended" in shown.output
    listed = runner.invoke(cli, ["learning", "list", *base])
    assert "Hearing the child" in listed.output and "6 attended" in listed.output

    impact = runner.invoke(cli, ["learning", "impact", made, "--format", "json", *base])
    assert impact.exit_code == 0, impact.output
    (voice,) = json.loads(impact.output)["themes"]
    assert voice["attended"]["before"] == {
        "share": round(4 / 6, 4),
        "audits": 6,
        "tagged": 4,
        "too_few": False,
    }
    text = runner.invoke(cli, ["learning", "impact", made, *base]).output
    assert "attended: before 67% of 6" in text

    needs = runner.invoke(cli, ["learning", "needs", "--from", "2026-Q1", "--to", "2026", *base])
    assert needs.exit_code == 2  # "2026" is no date: bad usage, as every --to
    needs = runner.invoke(cli, ["learning", "needs", "--from", "2026-01", "--to", "2026-12", *base])
    assert f"{WEST}: too few audits (3)" in needs.output
    assert f"{NORTH}: 45% of 11" in needs.output

    bad = runner.invoke(
        cli,
        ["learning", "plan", "--title", "X", "--theme", "No such", "--on", "2026-04-15", *base],
    )
    assert bad.exit_code == 1 and "no theme called" in bad.output
    assert "Traceback" not in bad.output
    refused = runner.invoke(cli, ["learning", "attendance", made, "--team", "North", *base])
    assert refused.exit_code == 2 and "TEAM=NUMBER" in refused.output


def test_the_demo_has_two_workshops_and_one_shows_a_fall(tmp_path: Path) -> None:
    from qa_tui.desks.demo import build_demo_database

    today = date(2026, 11, 23)
    path = tmp_path / "demo.sqlite3"
    build_demo_database(path, today=today)
    store = Store.open(path)
    try:
        desk = AuditDesk(store, "qa.lead")
        events = LearningDesk(desk).events()
        workshops = [e for e in events if e.kind == "workshop"]
        assert len(workshops) == 2 and all(e.attending for e in workshops)
        changes = [
            t.attended_change
            for e in workshops
            for t in LearningFigures(desk).impact(e.id, today=today).themes
        ]
        assert any(c is not None and c < 0 for c in changes)
    finally:
        store.close()


def test_a_theme_merged_after_the_workshop_is_still_counted(store: Store, history: None) -> None:
    from qa_tui.desks.themes import ThemeDesk

    desk = lead(store)
    made = desk.plan("workshop", "Hearing the child", [VOICE], [NORTH], "2026-04-15")
    desk.record_attendance(made, {NORTH: 6})
    submit(store, "C0100", SOUTH, "2026-01", themes=(("child-seen", "Voice unheard", AFD),))
    ThemeDesk(AuditDesk(store, "lee")).merge(VOICE, "Voice unheard")
    (voice,) = LearningFigures(AuditDesk(store, "lee")).impact(made, today=TODAY).themes
    assert voice.theme == VOICE  # as planned
    assert (voice.attended_before.tagged, voice.attended_before.audits) == (4, 6)
