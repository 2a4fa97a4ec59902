"""The audit screen with a rubric's sections and rules: headings, and what the rules skip
shown greyed with the reason, never landed on by the grading flow. Real app, real file."""

from __future__ import annotations

from pathlib import Path

from conftest import open_highlighted_audit, settle
from textual.widgets import OptionList, Static

from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app

SHIPPED = Path(__file__).resolve().parents[1] / "rubrics"


def desk_on(tmp_path: Path, rubric_id: str, age_band: str) -> tuple[AuditDesk, int]:
    store = Store.open(tmp_path / "qa.sqlite3")
    store.upsert_cases(
        [Case("CIN-0001", "Assessment North", cohort="CIN", attributes={"age_band": age_band})],
        "lead",
        "test",
    )
    desk = AuditDesk(store, "alice", SHIPPED)
    return desk, desk.start_audit("CIN-0001", rubric_id)


def prompts(app) -> list[str]:  # type: ignore[no-untyped-def]
    options = app.screen.query_one("#criteria", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_sections_are_headings_and_a_no_skips_the_missing_criteria(tmp_path: Path) -> None:
    desk, audit_id = desk_on(tmp_path, "whole-case-file", "11-15")
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        shown = prompts(app)
        assert "The child seen and heard" in shown
        assert "Missing episodes and exploitation" in shown
        assert "Quality" not in shown
        app.screen.query_one("#criteria", OptionList).highlighted = (
            shown.index("Missing episodes and exploitation") + 1
        )
        await settle(pilot, app)
        assert app.screen.current == "missing-episodes-in-window"
        await pilot.press("2")  # No missing episode
        await settle(pilot, app)
        assert app.screen.current == "impact-on-outcomes"  # the three are skipped
        answered = str(
            app.screen.query_one("#criteria", OptionList)
            .get_option("missing-episodes-in-window")
            .prompt
        )
        assert answered.startswith("✓ No  ")  # the answer, not "No mis" cut at six letters
        line = str(
            app.screen.query_one("#criteria", OptionList).get_option("exploitation-risk").prompt
        )
        assert line.startswith("– N/A")
        app.screen.query_one("#criteria", OptionList).highlighted = prompts(app).index(line)
        await settle(pilot, app)
        status = str(app.screen.query_one("#grade-status", Static).render())
        assert "Not applicable: no missing episode in the window" in status
        await pilot.press("1")  # the rule answered it: a key does not grade it
        await settle(pilot, app)
    answer = desk.open_audit(audit_id).audit.answers["exploitation-risk"]
    assert answer.grade_key is None and answer.not_applicable


async def test_a_baby_is_never_offered_seen_alone(tmp_path: Path) -> None:
    desk, audit_id = desk_on(tmp_path, "voice-of-the-child", "0-4")
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_highlighted_audit(pilot, app)
        line = str(app.screen.query_one("#criteria", OptionList).get_option("seen-alone").prompt)
        assert line.startswith("– N/A")
    answer = desk.open_audit(audit_id).audit.answers["seen-alone"]
    assert "under 5" in answer.na_reason
