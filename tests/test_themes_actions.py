"""Themes (names, ranking, change, drill-down) and the action plan (measures, progress,
status, SMART check), on hand-built audits in real SQLite files."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ESCALATION, MINI_RUBRICS

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.plan import ActionDesk, ActionError, suggest_status, trajectory
from qa_tui.desks.themes import ThemeDesk, previous_period
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.plan_records import Measure
from qa_tui.domain.records import Case
from qa_tui.domain.theme_names import theme_key
from qa_tui.store.database import Store
from qa_tui.store.moderation import ModerationStore
from qa_tui.store.themes import ThemeStore

AFD = "area_for_development"


def submit(
    store: Store,
    case_ref: str,
    team: str,
    month: str,
    *,
    seen: str = "good",
    themes: tuple[tuple[str, str, str], ...] = (),
    auditor: str = "alice",
) -> int:
    """A mini audit graded `seen` (overall too), with (criterion, theme, polarity) tags,
    submitted in `month`."""
    store.upsert_cases([Case(case_ref, team, cohort="CIN")], "lead", "t")
    desk = AuditDesk(store, auditor, MINI_RUBRICS)
    audit_id = desk.start_audit(case_ref, "mini")
    desk.grade(audit_id, "child-seen", seen)
    desk.save_evidence(audit_id, "child-seen", f"Evidence for {case_ref}")
    desk.grade(audit_id, "plan-smart", seen)
    desk.save_evidence(audit_id, "plan-smart", "Plan read")
    desk.grade(audit_id, "visits-in-time", "yes")
    for criterion, theme, polarity in themes:
        desk.add_theme(audit_id, criterion, ("+" if polarity == "strength" else "-") + theme)
    desk.set_overall(audit_id, seen)
    desk.set_text(audit_id, "overall_rationale", "As graded")
    desk.submit(audit_id, ESCALATION if seen == "inadequate" else None)
    store.backdate_submission(audit_id, f"{month}-10T10:00:00+00:00", "test")
    return audit_id


def themes(store: Store) -> ThemeDesk:
    return ThemeDesk(AuditDesk(store, "reader"))


# -- names --------------------------------------------------------------------------


def test_theme_names_ignore_case_spacing_and_a_stop() -> None:
    assert theme_key("Plans  not SMART.") == theme_key("plans not smart") == "plans not smart"
    assert theme_key("Child’s views") == theme_key("child's views")


def test_tags_are_stored_under_the_first_spelling_and_keep_what_was_typed(store: Store) -> None:
    a = submit(
        store, "C-1", "MASH", "2025-01", themes=(("child-seen", "Child not seen alone", AFD),)
    )
    b = submit(
        store, "C-2", "MASH", "2025-01", themes=(("child-seen", "child NOT seen alone.", AFD),)
    )
    assert [t.theme for t in store.audit(b).themes] == ["Child not seen alone"]
    typed = store.conn.execute(
        "SELECT entered_as FROM audit_themes WHERE audit_id = ?", (b,)
    ).fetchone()[0]
    assert typed == "Child NOT seen alone"  # as the desk tidied it
    [row] = themes(store).ranking(Filters(), "2025-04").rows
    assert (row.theme, row.audits) == ("Child not seen alone", 2)
    assert a != b


def test_merging_a_synonym_joins_the_counts_and_later_tags(store: Store) -> None:
    submit(store, "C-1", "MASH", "2025-01", themes=(("", "Plans not SMART", AFD),))
    submit(store, "C-2", "MASH", "2025-01", themes=(("", "Vague plans", AFD),))
    ThemeStore(store).merge("vague plans", "Plans not SMART", "lead")
    ranking = themes(store).ranking(Filters(), "2025-04")
    assert [(r.theme, r.audits) for r in ranking.rows] == [("Plans not SMART", 2)]
    submit(store, "C-3", "MASH", "2025-02", themes=(("", "VAGUE PLANS", AFD),))
    assert themes(store).ranking(Filters(), "2025-04").rows[0].audits == 3


# -- ranking --------------------------------------------------------------------------


@pytest.fixture
def history(store: Store) -> None:
    """Q1 2025: 4 audits, 1 with 'Child not seen alone'. Q2: 4 audits, 3 with it.
    'Good direct work' (a strength) on two Q2 audits, both tagged on two criteria."""
    seen_alone = (("child-seen", "Child not seen alone", AFD),)
    for i, (month, team, tags, seen) in enumerate(
        [
            ("2025-01", "MASH", seen_alone, "inadequate"),
            ("2025-02", "MASH", (), "good"),
            ("2025-02", "Leaving Care", (), "good"),
            ("2025-03", "Leaving Care", (), "good"),
            ("2025-04", "MASH", seen_alone, "requires-improvement"),
            ("2025-05", "MASH", seen_alone, "inadequate"),
            (
                "2025-05",
                "Leaving Care",
                seen_alone
                + (
                    ("child-seen", "Good direct work", "strength"),
                    ("plan-smart", "Good direct work", "strength"),
                ),
                "requires-improvement",
            ),
            (
                "2025-06",
                "Leaving Care",
                (
                    ("child-seen", "Good direct work", "strength"),
                    ("plan-smart", "Good direct work", "strength"),
                ),
                "good",
            ),
        ]
    ):
        submit(store, f"C-{i}", team, month, themes=tags, seen=seen)


def test_ranking_counts_audits_once_with_share_teams_criteria_and_grades(
    store: Store, history: None
) -> None:
    ranking = themes(store).ranking(Filters(month_from="2025-04", month_to="2025-06"), "2025-06")
    assert ranking.scope_audits == 4
    assert [(r.theme, r.audits) for r in ranking.rows] == [
        ("Child not seen alone", 3),
        ("Good direct work", 2),
    ]
    seen, direct = ranking.rows
    assert seen.share == 0.75
    assert [(t.name, t.audits) for t in seen.teams] == [("MASH", 2), ("Leaving Care", 1)]
    assert sorted((c.criterion_id, c.audits) for c in direct.criteria) == [
        ("child-seen", 2),
        ("plan-smart", 2),
    ]
    assert direct.audits == 2  # tagged on two criteria of each audit, counted once
    assert (seen.grades.v3, seen.grades.v4) == (2, 1)


def test_change_compares_with_the_same_months_before(store: Store, history: None) -> None:
    ranking = themes(store).ranking(Filters(month_from="2025-04", month_to="2025-06"), "2025-06")
    assert ranking.previous_label == "2025-01 to 2025-03"
    seen = ranking.rows[0]
    assert (seen.previous_audits, seen.previous_share) == (1, 0.25)
    assert seen.change == pytest.approx(50.0)
    assert ranking.rows[1].previous_audits == 0 and ranking.rows[1].change == pytest.approx(50)
    assert previous_period(Filters(), "2025-06") is None


def test_a_theme_lists_exactly_its_audits_and_evidence_only_on_request(
    store: Store, history: None
) -> None:
    desk = themes(store)
    rows = desk.audits_with(Filters(month_from="2025-04"), "Child not seen alone", AFD)
    assert len(rows) == 3 and all(r["evidence"] is None for r in rows)
    with_notes = desk.audits_with(
        Filters(month_from="2025-04"), "Child not seen alone", AFD, evidence=True
    )
    assert all(r["evidence"].startswith("child-seen: Evidence for") for r in with_notes)


def test_moderation_changes_the_grade_mix_behind_a_theme(store: Store, history: None) -> None:
    [audit_id] = [
        r["audit_id"]
        for r in themes(store).audits_with(
            Filters(month_from="2025-06"), "Good direct work", "strength"
        )
    ]
    ModerationStore(store).select(audit_id, "picked for this test", "qa.lead")
    lead = ModerationDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    for c in ("child-seen", "plan-smart", "visits-in-time"):
        lead.agree(audit_id, c)
    lead.set_overall(audit_id, 3, "Plan drifted")
    lead.complete(audit_id)
    direct = themes(store).ranking(Filters(month_from="2025-06"), "2025-06").rows[0]
    assert (direct.grades.v2, direct.grades.v3) == (0, 1)


# -- the action plan --------------------------------------------------------------------


def plan(store: Store) -> ActionDesk:
    return ActionDesk(AuditDesk(store, "qa.lead"))


SEEN_GOOD = Measure(rubric_id="mini", criterion_id="child-seen", bucket="good")


def test_a_measure_has_a_baseline_and_progress_follows_new_audits(
    store: Store, history: None
) -> None:
    desk = plan(store)
    action = desk.create(
        "Children seen alone",
        owner="Head of service",
        due_on="2025-12-31",
        themes=(("Child not seen alone", AFD),),
        recommendation="2023-7",
    )
    base = desk.set_measure(
        action, SEEN_GOOD, target=0.8, target_on="2025-12-31", today=date(2025, 6, 15)
    )
    assert base.counted == 8 and base.share("good") == 0.5  # 2024-07..2025-06
    [item] = desk.items(date(2025, 6, 20))
    assert item.progress is not None and item.progress.baseline == 0.5
    assert item.progress.current_audits == 0 and item.status == "not_started"
    assert item.recommendation is not None and item.recommendation.startswith("2023-7")
    assert item.smart_problems == []

    for i in range(3):  # July: two Good, one Inadequate
        submit(store, f"J-{i}", "MASH", "2025-07", seen="inadequate" if i == 2 else "good")
    [item] = desk.items(date(2025, 8, 1))
    assert item.progress is not None
    assert (item.progress.current, item.progress.current_audits) == (pytest.approx(2 / 3), 3)
    assert item.status == item.suggested_status == "on_track"  # expected ~0.55 by August

    for i in range(2):
        submit(store, f"A-{i}", "MASH", "2025-08", seen="inadequate")
    [item] = desk.items(date(2025, 9, 1))
    assert item.progress is not None and item.progress.current == pytest.approx(0.4)
    assert item.status == "off_track"


def test_moderation_moves_progress(store: Store, history: None) -> None:
    desk = plan(store)
    action = desk.create("Children seen alone", owner="HoS", due_on="2025-12-31")
    desk.set_measure(action, SEEN_GOOD, target=0.8, target_on="2025-12-31", today=date(2025, 6, 15))
    audit_id = submit(store, "J-1", "MASH", "2025-07", seen="good")
    assert desk.items(date(2025, 8, 1))[0].progress.current == 1.0  # type: ignore[union-attr]
    ModerationStore(store).select(audit_id, "picked for this test", "qa.lead")
    lead = ModerationDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    lead.grade(audit_id, "child-seen", 4, "Not seen in the period")
    lead.agree(audit_id, "plan-smart")
    lead.agree(audit_id, "visits-in-time")
    lead.set_overall(audit_id, 4, "Not seen")
    lead.complete(audit_id)
    assert desk.items(date(2025, 8, 1))[0].progress.current == 0.0  # type: ignore[union-attr]


def test_the_owner_overrides_the_status_only_with_a_reason(store: Store) -> None:
    desk = plan(store)
    action = desk.create("Chronologies up to date", owner="Service manager")
    with pytest.raises(ActionError, match="reason"):
        desk.override_status(action, "at_risk", "")
    desk.override_status(action, "at_risk", "Two managers on leave")
    [item] = desk.items()
    assert (item.status, item.suggested_status, item.status_reason) == (
        "at_risk",
        "not_started",
        "Two managers on leave",
    )
    desk.override_status(action, None, "")
    assert desk.items()[0].status == "not_started"


def test_smart_check_names_what_is_missing(store: Store, history: None) -> None:
    desk = plan(store)
    desk.create("Do better")
    [item] = desk.items()
    assert item.smart_problems == [
        "no owner",
        "no due date",
        "no measure",
        "no target",
        "no target date",
    ]
    action = desk.create("Seen alone", owner="HoS", due_on="2025-12-31")
    desk.set_measure(action, SEEN_GOOD, target=0.4, target_on="2025-12-31", today=date(2025, 6, 15))
    [seen] = [i for i in plan(store).items() if i.title == "Seen alone"]
    assert seen.smart_problems == ["the target is no better than the baseline"]


def test_bad_plan_input_is_refused_in_words(store: Store) -> None:
    desk = plan(store)
    with pytest.raises(ActionError, match="title"):
        desk.create("  ")
    with pytest.raises(ActionError, match="not a date"):
        desk.create("X", due_on="31/12/2025")
    with pytest.raises(ActionError, match="no recommendation"):
        desk.create("X", recommendation="1999-1")
    action = desk.create("X")
    with pytest.raises(ActionError, match="between 0% and 100%"):
        desk.set_measure(action, SEEN_GOOD, target=80, target_on="2030-01-01")


def test_status_and_trajectory_rules() -> None:
    assert trajectory(0.5, 0.8, "2025-01-01", "2026-01-01", date(2025, 7, 2)) == pytest.approx(
        0.65, abs=0.01
    )
    assert suggest_status(0.9, 10, 0.5, 0.8, 0.6, True) == "complete"
    assert suggest_status(0.59, 10, 0.5, 0.8, 0.6, True) == "on_track"
    assert suggest_status(0.55, 10, 0.5, 0.8, 0.6, True) == "at_risk"
    assert suggest_status(0.4, 10, 0.5, 0.8, 0.6, True) == "off_track"
    assert suggest_status(0.04, 10, 0.1, 0.05, 0.08, False) == "complete"  # fewer inadequate
    assert suggest_status(None, 0, 0.5, 0.8, 0.6, True) == "not_started"
