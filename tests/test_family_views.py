"""The family's view of the help they had: recorded on an audit (the `v` form or the
command line), kept with its event, counted on the dashboard, and a theme source.

Real SQLite files in tmp_path, the real CLI through click's runner, the real app through
its Pilot; the shipped early help rubric asks for the family's view.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_RUBRICS, graded_audit, settle
from test_rubric_early_help import CASE, graded
from textual.widgets import Static

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.family_views import FamilyViews
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.family_views import FAMILY_VIEW
from qa_tui.domain.records import Case
from qa_tui.domain.rubric_files import RubricFileError, load_rubric_file
from qa_tui.paths import shipped_rubrics_dir
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app
from qa_tui.tui.screens.audit import AuditScreen
from qa_tui.tui.screens.audit_family_view import FamilyViewLine

NO_ONE = {"QA_TUI_TOKEN": "", "QA_TUI_USER": "", "QA_TUI_DB": ""}
SAID = "She [b]listened[/b] and came back when she said she would."


@pytest.fixture
def early_help(store: Store) -> AuditDesk:
    store.upsert_cases(
        [Case(CASE, "Early Help West", worker="Pastoral lead Rowan", cohort="Early help")],
        "lead",
        "test",
    )
    return AuditDesk(store, "alice", rubrics_dir=shipped_rubrics_dir())


def test_a_view_is_kept_as_said_with_its_event(desk: AuditDesk, mini_case: str) -> None:
    audit_id = graded_audit(desk, mini_case)
    views = FamilyViews(desk)
    kept = views.add(audit_id, "Young person", "face to face", f"  {SAID} ", "5")
    assert (kept.given_by, kept.gathered_how, kept.said, kept.rating) == (
        "young_person",
        "conversation",
        SAID,
        5,
    )
    assert kept.recorded_by == "alice"
    assert views.for_audit(audit_id) == [kept]
    events = desk.store._rows(
        "SELECT field, new_value FROM events WHERE entity_id = ? AND field LIKE 'family_view.%'",
        (audit_id,),
    )
    assert events == [
        {
            "field": f"family_view.{kept.id}",
            "new_value": f"young_person (conversation, rated 5/5): {SAID}",
        }
    ]


@pytest.mark.parametrize(
    ("given_by", "how", "said", "rating", "field"),
    [
        ("the dog", "phone", "x", None, "given by"),
        ("parent", "carrier pigeon", "x", None, "gathered how"),
        ("parent", "phone", "   ", None, "what they said"),
        ("parent", "phone", "x", "6", "rating"),
        ("parent", "phone", "x", "very", "rating"),
    ],
)
def test_what_cannot_be_kept_is_refused_by_field_and_nothing_is_written(
    desk: AuditDesk,
    mini_case: str,
    given_by: str,
    how: str,
    said: str,
    rating: str | None,
    field: str,
) -> None:
    audit_id = graded_audit(desk, mini_case)
    with pytest.raises(ServiceError, match=f"^{field}: "):
        FamilyViews(desk).add(audit_id, given_by, how, said, rating)
    assert FamilyViews(desk).for_audit(audit_id) == []


def test_a_view_recorded_by_mistake_is_withdrawn_with_a_reason(
    desk: AuditDesk, mini_case: str
) -> None:
    audit_id = graded_audit(desk, mini_case)
    views = FamilyViews(desk)
    kept = views.add(audit_id, "parent", "phone", "Wrong family", None)
    with pytest.raises(ServiceError, match="needs a reason"):
        views.withdraw(audit_id, kept.id, " ")
    views.withdraw(audit_id, kept.id, "recorded on the wrong audit")
    assert views.for_audit(audit_id) == []
    with pytest.raises(ServiceError, match="has no family's view"):
        views.withdraw(audit_id, kept.id, "again")


def test_the_dashboard_counts_views_on_submitted_audits_within_its_filters(
    desk: AuditDesk, store: Store
) -> None:
    store.upsert_cases(
        [Case("CIN-0001", "Assessment North"), Case("CIN-0002", "Assessment South")], "lead", "t"
    )
    north = graded_audit(desk, "CIN-0001")
    south = graded_audit(desk, "CIN-0002")
    views = FamilyViews(desk)
    views.add(north, "parent", "phone", "Helpful", 4)
    views.add(north, "child", "conversation", "Not asked", None)
    views.add(south, "parent", "questionnaire", "Not helpful", 1)
    assert views.figures().views == 0  # nothing submitted yet
    desk.submit(north)
    desk.submit(south)
    everyone = views.figures()
    assert (everyone.audits, everyone.views, everyone.rated, everyone.helpful) == (2, 3, 2, 1)
    assert everyone.mean_rating == 2.5
    north_only = views.figures(Filters(team="Assessment North"))
    assert (north_only.audits, north_only.views, north_only.mean_rating) == (1, 2, 4.0)
    assert "Family's view: 2 on 1 audit(s); 1 rated, mean 4.0/5" in north_only.words()


def test_the_command_line_records_lists_and_refuses(store: Store, db_path: Path) -> None:
    desk = AuditDesk(store, "qa.lead", MINI_RUBRICS)
    store.upsert_cases([Case("CIN-0001", "MASH")], "lead", "test")
    audit_id = graded_audit(desk, "CIN-0001")
    runner = CliRunner()
    base = ["--db", str(db_path), "--user", "qa.lead", "family-views"]
    added = runner.invoke(
        cli,
        [*base, "add", str(audit_id), "--by", "parent", "--how", "phone", "--said", SAID],
        env=NO_ONE,
    )
    assert added.exit_code == 0, added.output
    listed = runner.invoke(cli, [*base, "list"], env=NO_ONE)
    assert SAID in listed.output  # markup-looking words shown as typed
    document = json.loads(
        runner.invoke(cli, [*base, "list", "--format", "json"], env=NO_ONE).stdout
    )
    assert [
        (v["audit_id"], v["given_by"], v["said"], v["rating"]) for v in document["family_views"]
    ] == [(audit_id, "parent", SAID, None)]
    missing = runner.invoke(
        cli, [*base, "add", "999", "--by", "parent", "--how", "phone", "--said", "x"], env=NO_ONE
    )
    assert missing.exit_code == 1 and "audit 999 does not exist" in missing.output
    assert "Traceback" not in missing.output
    bad = runner.invoke(
        cli,
        [
            *base,
            "add",
            str(audit_id),
            "--by",
            "parent",
            "--how",
            "phone",
            "--said",
            "x",
            "--rating",
            "7",
        ],
        env=NO_ONE,
    )
    assert bad.exit_code == 2 and "--rating" in bad.output


async def test_v_records_the_view_and_a_theme_that_counts_with_the_audit(
    early_help: AuditDesk,
) -> None:
    audit_id = graded(early_help)
    app = make_app(early_help)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.push_screen(AuditScreen(audit_id))
        await settle(pilot, app)
        shown = str(app.screen.query_one(FamilyViewLine).render())
        assert shown == "Family's view: none yet, v records it"  # the rubric asks for it
        await pilot.press("v")
        await settle(pilot, app)
        await pilot.press(
            *"mum", "enter", *"survey", "enter", *SAID, "enter", "9", "enter", "enter"
        )
        await settle(pilot, app)
        error = str(app.screen.query_one("#form-error").render())
        assert "Rating: 9 is not from 1" in error  # the form stays open, nothing saved
        await pilot.press("shift+tab", "backspace", "4", "enter")
        await pilot.press(*"- Family not told how to get help again", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, AuditScreen)
        shown = str(app.screen.query_one(FamilyViewLine).render())
        assert shown.startswith("Family's view: 1 recorded; latest, a parent 4/5: “She [b]")

    [kept] = FamilyViews(early_help).for_audit(audit_id)
    assert (kept.given_by, kept.gathered_how, kept.said, kept.rating) == (
        "parent",
        "questionnaire",
        SAID,
        4,
    )
    themes = early_help.store._rows(
        "SELECT criterion_id, theme, polarity FROM audit_themes WHERE audit_id = ?", (audit_id,)
    )
    assert {
        "criterion_id": FAMILY_VIEW,
        "theme": "Family not told how to get help again",
        "polarity": "area_for_development",
    } in themes

    # Submitted, the theme goes out with the audit's others.
    early_help.set_overall(audit_id, "inadequate")
    early_help.set_text(audit_id, "overall_rationale", "Domestic abuse disclosed, never referred.")
    early_help.submit(audit_id, ("Early help manager Ash", "2026-11-20 10:00", "Referred today"))
    exported = CliRunner().invoke(
        cli,
        ["--db", str(early_help.store.path), "--user", "alice", "export", "grades"],
        env=NO_ONE,
    )
    assert exported.exit_code == 0, exported.output
    [audit] = json.loads(exported.stdout)["audits"]
    assert {
        "theme": "Family not told how to get help again",
        "polarity": "area_for_development",
    } in audit["audit_themes"]
    assert [(v["given_by"], v["rating"], "said" in v) for v in audit["family_views"]] == [
        ("parent", 4, False)  # their words only --with-evidence
    ]


async def test_an_audit_whose_rubric_does_not_ask_shows_nothing_until_a_view_is_kept(
    desk: AuditDesk, mini_case: str
) -> None:
    audit_id = graded_audit(desk, mini_case)
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.push_screen(AuditScreen(audit_id))
        await settle(pilot, app)
        assert not app.screen.query(FamilyViewLine)
        await pilot.press("v")
        await settle(pilot, app)
        await pilot.press(*"child", "enter", *"advocate", "enter", *"I want to see my nan", "enter")
        await pilot.press("enter", "enter")  # no rating, no theme
        await settle(pilot, app)
        assert "the child: “I want to see my nan”" in str(
            app.screen.query_one(FamilyViewLine).render()
        )


def test_a_rubric_cannot_take_the_family_views_name_and_old_files_keep_their_hash(
    tmp_path: Path,
) -> None:
    mini = (MINI_RUBRICS / "mini.yaml").read_text("utf-8")
    rubric = load_rubric_file(MINI_RUBRICS / "mini.yaml").rubric
    assert "family_view" not in rubric.model_dump()  # so its content hash is unchanged
    clash = tmp_path / "clash.yaml"
    clash.write_text(mini.replace("id: child-seen", "id: family-view"), "utf-8")
    with pytest.raises(RubricFileError, match="'family-view' is kept for the family's view"):
        load_rubric_file(clash)


async def test_the_dashboard_shows_the_family_views_it_counts(
    desk: AuditDesk, mini_case: str
) -> None:
    audit_id = graded_audit(desk, mini_case)
    FamilyViews(desk).add(audit_id, "parent", "phone", "Better now", 4)
    desk.submit(audit_id)
    app = make_app(AuditDesk(desk.store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        await pilot.press("3")
        await settle(pilot, app)
        shown = str(app.screen.query_one("#dash-family-views", Static).render())
    assert shown == (
        "Family's view: 1 on 1 audit(s); 1 rated, mean 4.0/5; 1 found the help helpful (4 or 5)"
    )


def test_the_audits_report_carries_what_the_family_said_escaped(
    desk: AuditDesk, mini_case: str
) -> None:
    from qa_tui.reports.audit import render_audit_report

    audit_id = graded_audit(desk, mini_case)
    FamilyViews(desk).add(audit_id, "young person", "phone", "<b>She</b> | came *back*", 5)
    desk.add_theme(audit_id, FAMILY_VIEW, "+ Young person felt listened to")
    html = render_audit_report(desk, audit_id, "html")
    assert "The family's view of the help" in html
    assert "&lt;b&gt;She&lt;/b&gt;" in html and "<b>She</b>" not in html
    assert "rated 5/5 Very helpful" in html
    assert "Strengths from it: Young person felt listened to" in html
    markdown = render_audit_report(desk, audit_id, "md")
    assert "**The young person**, by phone, rated 5/5 Very helpful:" in markdown
    assert "\\| came \\*back\\*" in markdown  # a table or emphasis never breaks out
