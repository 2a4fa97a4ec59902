"""Supervision audits that check audit findings reached the team (issue 13, part 4).

A supervision audit of a case lists the case's earlier findings (criteria graded
Requires improvement or Inadequate, or Partly or No, moderated where moderated, and the
areas for development) and its open case actions; its auditor records of each whether it
was discussed in supervision and what was agreed, saved at once. Real SQLite files, the
real app and the real command line.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ESCALATION, MINI_RUBRICS, settle
from textual.widgets import DataTable, Static

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.follow_ups import FollowUps
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.desks.supervision import SupervisionDesk
from qa_tui.domain import rules
from qa_tui.domain.records import Case
from qa_tui.domain.sampling import SamplingRule
from qa_tui.domain.supervision import SUPERVISION_RUBRIC, is_finding
from qa_tui.store.database import Store
from qa_tui.store.moderation import ModerationStore
from qa_tui.tui.app import make_app

SHIPPED = Path(__file__).resolve().parent.parent / "rubrics"
CASE, SIBLING, OTHER = "CIN-0001", "CIN-0002", "CP-0003"


@pytest.fixture
def rubrics(tmp_path: Path) -> Path:
    """The mini rubric and the shipped supervision rubric, side by side."""
    folder = tmp_path / "rubrics"
    folder.mkdir()
    shutil.copy(MINI_RUBRICS / "mini.yaml", folder)
    shutil.copy(SHIPPED / f"{SUPERVISION_RUBRIC}.yaml", folder)
    return folder


def desk_of(store: Store, user: str, rubrics: Path) -> AuditDesk:
    return AuditDesk(store, user, rubrics)


def earlier_audit(
    desk: AuditDesk,
    case: str,
    *,
    child_seen: str = "requires-improvement",
    visits: str = "partly",
    areas: str = "Plans need dates.",
    actions: tuple[str, ...] = ("Update the plan",),
) -> int:
    """A submitted mini audit with the grades given, areas for development and actions."""
    audit_id = desk.start_audit(case, "mini")
    desk.grade(audit_id, "child-seen", child_seen)
    desk.save_evidence(audit_id, "child-seen", "Seen only with parents present")
    desk.mark_not_applicable(audit_id, "plan-smart")
    desk.grade(audit_id, "visits-in-time", visits)
    desk.save_evidence(audit_id, "visits-in-time", "Two visits late")
    overall = child_seen
    desk.set_overall(audit_id, overall)
    desk.set_text(audit_id, "overall_rationale", "As graded")
    desk.set_text(audit_id, "areas_for_development", areas)
    for what in actions:
        desk.add_action(audit_id, what, "TM Cedar", "2031-01-31")
    desk.submit(audit_id, ESCALATION if overall == "inadequate" else None)
    return audit_id


def submit_supervision(desk: AuditDesk, audit_id: int) -> None:
    """Grade every criterion of the supervision rubric best and submit."""
    rubric = desk.open_audit(audit_id).rubric
    for c in rules.display_order(rubric):
        desk.grade_by_number(audit_id, c.id, 1)
    desk.set_overall(audit_id, rubric.overall.by_value(2).key)
    desk.set_text(audit_id, "overall_rationale", "Supervision is regular and reflective")
    desk.submit(audit_id)


@pytest.fixture
def world(store: Store, rubrics: Path) -> dict[str, int]:
    """CIN-0001 audited twice (one with a closed action), its worker's other case once, a
    case of another worker once, and a supervision audit of CIN-0001 in progress."""
    store.upsert_cases(
        [
            Case(CASE, "Assessment North", worker="SW Amber", cohort="CIN"),
            Case(SIBLING, "Assessment North", worker="SW Amber", cohort="CIN"),
            Case(OTHER, "Child Protection East", worker="SW Moss", cohort="CP"),
        ],
        "lead",
        "test",
    )
    alice = desk_of(store, "alice", rubrics)
    first = earlier_audit(alice, CASE, actions=("Update the plan", "See the child alone"))
    second = earlier_audit(
        alice, CASE, child_seen="good", visits="no", areas="", actions=("Chase the chronology",)
    )
    sibling = earlier_audit(alice, SIBLING, child_seen="inadequate", visits="yes")
    other = earlier_audit(alice, OTHER, child_seen="inadequate")
    [closed] = [a.id for a in alice.open_audit(first).audit.actions if a.what.startswith("See")]
    FollowUps(alice).close("action", closed, "Seen alone on 3 March")
    sam = desk_of(store, "sam", rubrics)
    supervision = sam.start_audit(CASE, SUPERVISION_RUBRIC)
    return {
        "first": first,
        "second": second,
        "sibling": sibling,
        "other": other,
        "closed": closed,
        "supervision": supervision,
    }


def sam(store: Store, rubrics: Path) -> SupervisionDesk:
    return SupervisionDesk(desk_of(store, "sam", rubrics))


# -- what a supervision audit asks about ---------------------------------------------------


def test_the_two_worst_grades_of_a_scale_are_findings() -> None:
    assert [is_finding(v, 4) for v in (1, 2, 3, 4, None)] == [False, False, True, True, False]
    assert [is_finding(v, 3) for v in (1, 2, 3)] == [False, True, True]  # Partly, No
    assert [is_finding(v, 2) for v in (1, 2)] == [False, True]


def test_items_list_the_earlier_findings_and_open_actions_of_the_case_only(
    store: Store, rubrics: Path, world: dict[str, int]
) -> None:
    items = sam(store, rubrics).items(world["supervision"])
    by_key = {i.item_key: i for i in items}
    first, second = world["first"], world["second"]
    assert [i.item_key for i in items if i.kind == "finding"] == [
        f"finding:{second}:visits-in-time",  # newest audit first: No
        f"finding:{first}:child-seen",  # Requires improvement
        f"finding:{first}:visits-in-time",  # Partly
        f"finding:{first}:",  # its areas for development
    ]
    assert by_key[f"finding:{first}:child-seen"].summary.startswith("Requires improvement")
    assert by_key[f"finding:{first}:"].summary == "Areas for development: Plans need dates."
    actions = sorted(i.summary.split(" (")[0] for i in items if i.kind == "action")
    assert actions == ["Chase the chronology", "Update the plan"]  # the closed one is not
    assert f"action:{world['closed']}" not in by_key
    assert {i.case_ref for i in items} == {CASE}  # not the worker's other case, unasked
    assert all(i.discussed is None and i.current for i in items)


def test_the_worker_s_other_cases_are_added_when_asked_and_never_another_worker_s(
    store: Store, rubrics: Path, world: dict[str, int]
) -> None:
    items = sam(store, rubrics).items(world["supervision"], include_worker_cases=True)
    cases = {i.case_ref for i in items}
    assert cases == {CASE, SIBLING}
    sibling = [i for i in items if i.case_ref == SIBLING]
    assert all(not i.own_case for i in sibling)
    assert f"finding:{world['sibling']}:child-seen" in {i.item_key for i in sibling}
    assert items[0].case_ref == CASE  # the audit's own case first


def test_the_moderated_grade_counts_where_the_moderation_is_complete(
    store: Store, rubrics: Path, world: dict[str, int]
) -> None:
    lead = ModerationDesk(desk_of(store, "lee", rubrics))
    second = world["second"]
    ModerationStore(store).select(second, "picked by hand", "lee")
    lead.open(second)
    lead.grade(second, "visits-in-time", 1, "The visits log shows all in time")
    lead.agree(second, "child-seen")
    lead.agree(second, "plan-smart")
    lead.set_overall(second, 2)
    lead.complete(second)
    keys = {i.item_key for i in sam(store, rubrics).items(world["supervision"])}
    assert f"finding:{second}:visits-in-time" not in keys


def test_a_supervision_audit_is_no_earlier_finding_of_another(
    store: Store, rubrics: Path, world: dict[str, int]
) -> None:
    """The earlier supervision audit's weak grades are not findings; its open actions are
    still the case's open actions."""
    sam_desk = desk_of(store, "sam", rubrics)
    earlier = world["supervision"]
    rubric = sam_desk.open_audit(earlier).rubric
    for c in rules.display_order(rubric):
        sam_desk.grade_by_number(earlier, c.id, len(rubric.scale_for(c).grades))
        sam_desk.save_evidence(earlier, c.id, "Not seen")
    sam_desk.set_overall(earlier, rubric.overall.by_value(2).key)
    sam_desk.set_text(earlier, "overall_rationale", "Weak supervision")
    sam_desk.set_text(earlier, "override_reason", "Recent improvement")
    action = sam_desk.add_action(earlier, "Monthly supervision booked", "TM Cedar", "2031-01-31")
    sam_desk.submit(earlier)
    later = sam_desk.start_audit(CASE, SUPERVISION_RUBRIC)
    items = SupervisionDesk(sam_desk).items(later)
    assert not any(i.source_audit_id == earlier for i in items if i.kind == "finding")
    assert f"action:{action}" in {i.item_key for i in items}


def test_an_audit_in_a_supervision_programme_is_a_supervision_audit(
    store: Store, rubrics: Path, world: dict[str, int]
) -> None:
    lead = ProgrammeDesk(desk_of(store, "lee", rubrics))
    round_ = lead.create(name="Six-monthly", kind="supervision", rubric_ids=["mini"], owner="")
    lead.set_auditor_teams("sam", ["Quality"])
    lead.draw(round_.id, SamplingRule(per_team=5, exclude_audited_within_months=0), seed=1)
    lead.assign(round_.id, ["sam"])
    [audit] = store._rows(
        "SELECT id FROM audits WHERE programme_id = ? AND case_ref = ?", (round_.id, CASE)
    )
    desk = sam(store, rubrics)
    assert desk.is_supervision(audit["id"])
    assert desk.items(audit["id"])  # the case's findings, as for the rubric
    assert not desk.is_supervision(world["first"])
    with pytest.raises(ServiceError, match="not a supervision audit"):
        desk.items(world["first"])


# -- recording a check ---------------------------------------------------------------------


def test_a_check_is_saved_at_once_with_its_event_and_survives_reopening(
    db_path: Path, store: Store, rubrics: Path, world: dict[str, int]
) -> None:
    audit_id, key = world["supervision"], f"finding:{world['first']}:child-seen"
    saved = sam(store, rubrics).check(audit_id, key, discussed="yes")
    assert saved.discussed == "yes" and saved.updated_by == "sam"
    sam(store, rubrics).check(audit_id, key, agreed="Visit alone fortnightly")
    conn = sqlite3.connect(db_path)  # another connection: it is on disk
    try:
        row = conn.execute(
            "SELECT discussed, agreed, item_kind, source_audit_id, summary "
            "FROM supervision_checks WHERE audit_id = ? AND item_key = ?",
            (audit_id, key),
        ).fetchone()
    finally:
        conn.close()
    assert row[:4] == ("yes", "Visit alone fortnightly", "finding", world["first"])
    assert row[4].startswith("Requires improvement to be good: Was the child seen")
    fields = [e.field for e in store.events("audit", audit_id)]
    assert f"supervision.{key}.discussed" in fields and f"supervision.{key}.agreed" in fields
    store.close()
    again = Store.open(db_path, create=False)
    try:
        [item] = [i for i in sam(again, rubrics).items(audit_id) if i.item_key == key]
        assert (item.discussed, item.agreed) == ("yes", "Visit alone fortnightly")
    finally:
        again.close()


def test_a_check_of_an_action_closed_since_is_still_shown_as_it_was_checked(
    store: Store, rubrics: Path, world: dict[str, int]
) -> None:
    audit_id = world["supervision"]
    desk = sam(store, rubrics)
    action = next(i for i in desk.items(audit_id) if i.kind == "action")
    desk.check(audit_id, action.item_key, discussed="partly")
    FollowUps(desk_of(store, "lee", rubrics)).close(
        "action", int(action.item_key.split(":")[1]), "Done"
    )
    [kept] = [i for i in desk.items(audit_id) if i.item_key == action.item_key]
    assert (kept.discussed, kept.current, kept.summary) == ("partly", False, action.summary)


def test_checks_are_refused_once_the_audit_is_submitted_and_for_bad_answers(
    store: Store, rubrics: Path, world: dict[str, int]
) -> None:
    audit_id, key = world["supervision"], f"finding:{world['first']}:child-seen"
    desk = sam(store, rubrics)
    with pytest.raises(ServiceError, match="one of yes, partly, no"):
        desk.check(audit_id, key, discussed="maybe")
    with pytest.raises(ServiceError, match="not an earlier finding"):
        desk.check(audit_id, f"finding:{world['other']}:child-seen", discussed="yes")
    with pytest.raises(ServiceError, match="not an item"):
        desk.check(audit_id, "finding-1", discussed="yes")
    desk.check(audit_id, key, discussed="no")
    assert desk.unchecked(audit_id) == 5
    submit_supervision(desk.desk, audit_id)  # unchecked items warn; they never block
    with pytest.raises(ServiceError, match="submitted"):
        desk.check(audit_id, key, discussed="yes")
    [item] = [i for i in desk.items(audit_id) if i.item_key == key]
    assert item.discussed == "no"


# -- the figure ------------------------------------------------------------------------------


def test_the_share_discussed_counts_submitted_supervision_audits_by_team_and_month(
    store: Store, rubrics: Path, world: dict[str, int]
) -> None:
    desk = sam(store, rubrics)
    north = world["supervision"]
    findings = [i.item_key for i in desk.items(north) if i.kind == "finding"]
    for key, answer in zip(findings, ("yes", "yes", "partly", "no"), strict=True):
        desk.check(north, key, discussed=answer)
    action = next(i.item_key for i in desk.items(north) if i.kind == "action")
    desk.check(north, action, discussed="no")  # actions are not findings
    east = desk.desk.start_audit(OTHER, SUPERVISION_RUBRIC)
    [east_key] = [i.item_key for i in desk.items(east) if i.item_key.endswith("child-seen")]
    desk.check(east, east_key, discussed="yes")
    assert desk.discussed_share().rows == []  # nothing submitted yet
    submit_supervision(desk.desk, north)
    submit_supervision(desk.desk, east)
    store.backdate_submission(east, "2025-02-10T10:00:00+00:00", "test")
    store.backdate_submission(north, "2025-03-10T10:00:00+00:00", "test")

    by_team = desk.discussed_share(by="team")
    rows = {r.group: r for r in by_team.rows}
    assert (rows["Assessment North"].checked, rows["Assessment North"].yes) == (4, 2)
    assert rows["Assessment North"].share == 0.5 and rows["Assessment North"].partly == 1
    assert rows["Child Protection East"].share == 1.0
    assert (by_team.total.checked, by_team.total.yes, by_team.total.audits) == (5, 3, 2)
    by_month = desk.discussed_share(by="month", from_month="2025-03", to_month="2025-03")
    assert [(r.group, r.checked) for r in by_month.rows] == [("2025-03", 4)]
    listed = desk.discussed_share(by="quarter", months=["2025-02", "2025-03"])
    assert [(r.group, r.checked) for r in listed.rows] == [("2025 Q1", 5)]
    with pytest.raises(ServiceError, match="not a month"):
        desk.discussed_share(from_month="March")


# -- the command line ------------------------------------------------------------------------


def test_the_command_line_lists_checks_and_gives_the_share(
    db_path: Path, store: Store, rubrics: Path, world: dict[str, int]
) -> None:
    audit_id = world["supervision"]
    store.close()
    runner = CliRunner()
    base = ["--db", str(db_path), "--user", "sam"]
    listed = runner.invoke(cli, ["supervision", "items", str(audit_id), *base])
    assert listed.exit_code == 0, listed.output
    key = f"finding:{world['first']}:child-seen"
    assert key in listed.output and "Requires improvement" in listed.output
    assert SIBLING not in listed.output
    wider = runner.invoke(cli, ["supervision", "items", str(audit_id), "--worker-cases", *base])
    assert SIBLING in wider.output
    checked = runner.invoke(
        cli,
        [
            *("supervision", "check", str(audit_id), key, "--discussed", "yes"),
            "--agreed",
            "Weekly",
            *base,
        ],
        prog_name="qa-tui",
    )
    assert checked.exit_code == 0, checked.output
    as_json = runner.invoke(cli, ["supervision", "items", str(audit_id), "--format", "json", *base])
    [item] = [i for i in json.loads(as_json.output)["items"] if i["item_key"] == key]
    assert (item["discussed"], item["agreed"]) == ("yes", "Weekly")
    bad = runner.invoke(
        cli, ["supervision", "check", str(audit_id), "action:99999", "--discussed", "no", *base]
    )
    assert bad.exit_code == 1 and "not an earlier finding" in bad.output
    assert "Traceback" not in bad.output
    share = runner.invoke(cli, ["supervision", "share", "--format", "json", *base])
    assert share.exit_code == 0, share.output
    assert json.loads(share.output)["total"]["checked"] == 0  # not submitted yet
    text = runner.invoke(cli, ["supervision", "share", "--by", "month", *base])
    assert text.exit_code == 0 and text.output.startswith("month")


# -- the audit screen and its panel -----------------------------------------------------------


async def test_marking_an_item_discussed_on_the_supervision_panel_saves_it(
    store: Store, rubrics: Path, world: dict[str, int]
) -> None:
    audit_id = world["supervision"]
    desk = desk_of(store, "sam", rubrics)
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.open_audit(audit_id)  # type: ignore[attr-defined]
        await settle(pilot, app)
        await pilot.press("u")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "SupervisionChecksScreen"
        summary = str(app.screen.query_one("#supervision-summary", Static).render())
        assert "6 finding(s) and action(s)" in summary and "6 not yet asked" in summary
        await pilot.press("y")
        await settle(pilot, app)
        await pilot.press("down", "p")
        await settle(pilot, app)
        await pilot.press("a", *"Weekly", "enter")
        await settle(pilot, app)
        summary = str(app.screen.query_one("#supervision-summary", Static).render())
        assert "4 not yet asked" in summary
        detail = str(app.screen.query_one("#supervision-detail", Static).render())
        assert "Partly discussed" in detail and "Weekly" in detail
    rows = store._rows(
        "SELECT item_key, discussed, agreed FROM supervision_checks WHERE audit_id = ? "
        "ORDER BY rowid",
        (audit_id,),
    )
    second = world["second"]
    assert [(r["discussed"], r["agreed"]) for r in rows] == [("yes", ""), ("partly", "Weekly")]
    assert rows[0]["item_key"] == f"finding:{second}:visits-in-time"


async def test_the_supervision_key_shows_only_on_a_supervision_audit(
    store: Store, rubrics: Path, world: dict[str, int]
) -> None:
    desk = desk_of(store, "alice", rubrics)
    ordinary = desk.start_audit(OTHER, "mini")
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.open_audit(ordinary)  # type: ignore[attr-defined]
        await settle(pilot, app)
        assert app.screen.check_action("supervision_checks", ()) is False
        await pilot.press("u")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "AuditScreen"


async def test_submitting_with_items_not_asked_about_warns_and_does_not_block(
    store: Store, rubrics: Path, world: dict[str, int]
) -> None:
    audit_id = world["supervision"]
    desk = desk_of(store, "sam", rubrics)
    rubric = desk.open_audit(audit_id).rubric
    for c in rules.display_order(rubric):
        desk.grade_by_number(audit_id, c.id, 1)
    desk.set_overall(audit_id, rubric.overall.by_value(2).key)
    desk.set_text(audit_id, "overall_rationale", "Supervision is regular and reflective")
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.open_audit(audit_id)  # type: ignore[attr-defined]
        await settle(pilot, app)
        await pilot.press("s")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "Confirm"
        assert "6 item(s) not yet asked about" in str(app.screen.query_one("Label").render())
        await pilot.press("escape")  # not now
        await settle(pilot, app)
        assert store.audit(audit_id).status == "in_progress"
        await pilot.press("s")
        await settle(pilot, app)
        await pilot.press("enter")  # submit anyway
        await settle(pilot, app)
    assert store.audit(audit_id).status == "submitted"


async def test_the_dashboards_practice_tab_shows_the_share_discussed_by_team(
    store: Store, rubrics: Path, world: dict[str, int]
) -> None:
    """The QA lead reads the supervision figure beside feedback, on dashboard tab 6."""
    desk = sam(store, rubrics)
    north = world["supervision"]
    findings = [i.item_key for i in desk.items(north) if i.kind == "finding"]
    for key, answer in zip(findings, ("yes", "yes", "partly", "no"), strict=True):
        desk.check(north, key, discussed=answer)
    submit_supervision(desk.desk, north)
    app = make_app(desk_of(store, "qa.lead", rubrics))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        await pilot.press("6")
        await settle(pilot, app)
        table = app.screen.query_one("#dash-supervision", DataTable)
        rows = [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]
        assert rows == [["Assessment North", "4", "2", "50%", "1", "1", "1"]]
