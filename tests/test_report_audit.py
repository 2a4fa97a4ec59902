"""The report of one audit, to hand the worker and their manager: everything they need,
every value escaped, and only for whoever may read the audit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_CASE, MINI_RUBRICS, graded_audit

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.feedback import FeedbackDesk
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.people import PeopleDesk
from qa_tui.domain.errors import NotAllowed
from qa_tui.reports.audit import audit_report, render_audit_report
from qa_tui.store.database import Store

NASTY = "Mum said <script>alert(1)</script> | the plan | *was* [vague]"
TODAY = date.today().isoformat()


@pytest.fixture
def reported(desk: AuditDesk, mini_case: str, store: Store) -> int:
    """A submitted audit with nasty evidence, themes, an action, a moderation that
    differs, and a worker who disagreed."""
    audit_id = graded_audit(desk, mini_case)
    desk.save_evidence(audit_id, "child-seen", NASTY)
    desk.add_theme(audit_id, "child-seen", "+Child seen alone regularly")
    desk.add_theme(audit_id, "child-seen", "-Chronology out of date")
    desk.set_text(audit_id, "strengths", "Warm, direct work with the child")
    desk.set_text(audit_id, "areas_for_development", "Update the chronology")
    desk.add_action(audit_id, "Update the chronology", "TM Jo", "2031-01-31")
    desk.submit(audit_id)
    moderator = ModerationDesk(AuditDesk(store, "lee", MINI_RUBRICS))
    moderator.store.select(audit_id, "picked by hand", "lee")
    moderator.grade(audit_id, "child-seen", 3, "Seen alone only once in six months")
    moderator.agree(audit_id, "plan-smart")
    moderator.agree(audit_id, "visits-in-time")
    moderator.set_overall(audit_id, 2)
    moderator.complete(audit_id)
    FeedbackDesk(desk).record(
        audit_id,
        given_to="worker",
        given_to_name="SW Amber",
        given_on=TODAY,
        how="in_person",
        response="disagrees",
        reasons="I saw the child alone | at school",
    )
    return audit_id


def test_the_markdown_report_has_everything_and_escapes_evidence(
    desk: AuditDesk, reported: int
) -> None:
    text = render_audit_report(desk, reported, "md")
    assert f"# Audit report: {MINI_CASE}" in text
    assert "| Worker | SW Amber |" in text
    assert "Child K7" not in text  # the child is the case reference only
    assert "<script>" not in text and r"\<script\>" in text
    assert r"the plan \| \*was\* \[vague\]" in text
    grades = [line for line in text.splitlines() if line.startswith("| Child seen |")]
    assert grades and all(line.count(" | ") == 2 for line in grades)  # tables stay whole
    assert "Moderated grade: **Requires improvement to be good**" in text
    assert "Seen alone only once in six months" in text
    assert "Child seen alone regularly" in text and "Chronology out of date" in text
    assert "| Update the chronology | TM Jo | 2031-01-31 | Open |" in text
    assert "Response: **Disagrees**" in text and r"alone \| at school" in text


def test_the_html_report_is_printable_self_contained_and_escaped(
    desk: AuditDesk, reported: int
) -> None:
    page = render_audit_report(desk, reported, "html")
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "src=" not in page and "<link" not in page  # nothing fetched
    assert "Requires improvement" in page and "Seen alone only once in six months" in page
    assert "Disagrees" in page and "I saw the child alone | at school" in page


def test_a_moderated_grade_shows_only_where_it_differs(desk: AuditDesk, reported: int) -> None:
    report = audit_report(desk, reported)
    moderated = {c.id: c.moderated for c in report.criteria}
    assert moderated["child-seen"] is not None and moderated["child-seen"].label.startswith(
        "Requires improvement"
    )
    assert moderated["plan-smart"] is None and moderated["visits-in-time"] is None
    assert report.moderated_overall is None  # the moderator agreed Good
    assert report.moderator == "lee"


def _run(db: Path, *args: str, env: dict[str, str | None] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        cli, ["report", "audit", *args, "--db", str(db)], env=env or {"QA_TUI_TOKEN": None}
    )


def test_the_cli_writes_the_report_and_refuses_an_unknown_id(
    desk: AuditDesk, reported: int, db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    done = _run(db_path, str(reported), "--format", "html", "-o", str(out), "--user", "alice")
    assert done.exit_code == 0, done.output
    assert "SW Amber" in out.read_text("utf-8")
    done = _run(db_path, str(reported), "--user", "alice")
    assert done.exit_code == 0 and done.output.startswith("# Audit report")
    missing = _run(db_path, "999", "--user", "alice")
    assert missing.exit_code == 1
    assert missing.output.strip().splitlines() == ["Error: audit 999 does not exist"]


def test_a_manager_of_another_team_gets_no_report(
    desk: AuditDesk, reported: int, store: Store, db_path: Path
) -> None:
    people = PeopleDesk(AuditDesk(store, "ada", MINI_RUBRICS))
    people.add("ada", "Ada Admin", ["admin"], passphrase="correct horse battery staple")
    people.add("max", "Max Manager", ["manager"], manages=["Team Elsewhere"])
    people.add("nia", "Nia Manager", ["manager"], manages=["Assessment North"])
    max_desk = AuditDesk(store, "max", MINI_RUBRICS)
    with pytest.raises(NotAllowed, match="their teams' cases"):
        audit_report(max_desk, reported)
    assert "SW Amber" in render_audit_report(AuditDesk(store, "nia", MINI_RUBRICS), reported, "md")
    token = PeopleDesk(max_desk).issue_token("report")
    refused = _run(db_path, str(reported), env={"QA_TUI_TOKEN": token})
    assert refused.exit_code == 1 and len(refused.output.strip().splitlines()) == 1
    assert "may not read an audit" in refused.output
