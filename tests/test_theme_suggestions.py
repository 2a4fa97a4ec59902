"""Suggested themes one at a time: each confirmed or dismissed by itself, and none
offered that cannot apply to this child (the rubric's `applies`, by age or cohort)."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from conftest import MINI_RUBRICS, MINI_YAML, settle
from textual.widgets import OptionList, Static

from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.theme_suggestions import dismiss_suggestion, offered
from qa_tui.domain.errors import AuditLocked, RubricFileError
from qa_tui.domain.records import Case
from qa_tui.domain.rubric_files import load_rubric_file, load_rubrics, rubric_paths
from qa_tui.domain.theme_suggestions import child_age, cohort_key
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app

APPLIES_RUBRICS = Path(__file__).parent / "data" / "rubrics_applies"
APPLIES_YAML = APPLIES_RUBRICS / "mini-applies.yaml"
# The header of a case-management export (shared/samples/case_list_export.csv)
EXPORT_HEADER = [
    "Case Ref",
    "Child ID (pseudonym)",
    "Allocated Team",
    "Allocated Worker",
    "Team Manager",
    "Legal Status",
    "Date Opened",
    "Age",
    "Re-referral in 12m",
    "Disability",
]
EXPORT_ROWS = [
    ["LL0700007", "Child-20390", "MASH", "M. Ahmed", "F. Ali", "CIN", "11/09/2025", "10", "N", "Y"],
    ["LL0700014", "Child-25524", "MASH", "G. Lewis", "K. Ali", "CP", "15/08/2025", "0", "N", "N"],
]
EXPORT_MAPPING = {
    "case_ref": "Case Ref",
    "team": "Allocated Team",
    "cohort": "Legal Status",
    "child_pseudonym": "Child ID (pseudonym)",
}
NOT_ALONE = "Child not seen alone"
NO_REASON = "Reason for not seeing child alone not recorded"


def add_cases(store: Store, *cases: Case) -> None:
    store.upsert_cases(list(cases), "lead", "test")


@pytest.fixture
def applies_desk(store: Store) -> AuditDesk:
    add_cases(
        store,
        Case("BABY-1", "Assessment North", cohort="CIN", attributes={"Age": "0"}),
        Case("CHILD-2", "Assessment North", cohort="CIN", attributes={"Age": "9"}),
        Case("UNKNOWN-3", "Assessment North", cohort="CIN"),
        Case("LEAVER-4", "Leaving Care", cohort="Care Leaver", attributes={"age": "18"}),
        Case("CP-5", "Child Protection East", cohort="CP", attributes={"age": "17"}),
    )
    return AuditDesk(store, "alice", APPLIES_RUBRICS)


def graded(
    desk: AuditDesk, case_ref: str, grade: str = "inadequate", criterion: str = "child-seen"
):  # type: ignore[no-untyped-def]
    audit_id = desk.start_audit(case_ref, "mini-applies")
    desk.grade(audit_id, criterion, grade)
    return audit_id, desk.open_audit(audit_id)


def names(pairs: list[tuple[str, str]]) -> list[str]:
    return [theme for theme, _ in pairs]


# -- the rubric format ----------------------------------------------------------------


def test_a_theme_may_carry_an_applies_condition_and_old_files_read_as_before() -> None:
    rubric = load_rubric_file(APPLIES_YAML).rubric
    seen = rubric.criterion("child-seen")
    assert seen.themes.areas_for_development == [NOT_ALONE, NO_REASON]  # names, as before
    [entry, plain] = seen.themes.offered(weak=True)
    assert entry.applies is not None and entry.applies.min_age == 1 and plain.applies is None
    # a file without conditions keeps its meaning, its stored form and so its hash
    mini = load_rubric_file(MINI_YAML).rubric
    dumped = mini.model_dump(mode="json")["criteria"][0]["themes"]
    assert dumped == {
        "strengths": ["Child seen alone regularly"],
        "areas_for_development": [NOT_ALONE],
    }
    assert type(rubric).model_validate_json(rubric.model_dump_json()) == rubric


@pytest.mark.parametrize(
    ("applies", "field", "problem"),
    [
        ("{min_ages: 5}", "applies.min_ages", "unknown key"),
        ("{min_age: five}", "applies.min_age", "valid integer"),
        ("{min_age: 9, max_age: 4}", "applies", "min_age 9 is above max_age 4"),
        ("{}", "applies", "give at least one of cohorts, min_age, max_age"),
        ("{cohorts: []}", "applies.cohorts", "at least 1 item"),
        ("{min_age: 40}", "applies.min_age", "less than or equal to 25"),
    ],
)
def test_a_broken_applies_is_reported_as_file_line_field_problem(
    tmp_path: Path, applies: str, field: str, problem: str
) -> None:
    text = APPLIES_YAML.read_text("utf-8").replace("{min_age: 1}", applies, 1)
    path = tmp_path / "broken.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(RubricFileError) as caught:
        load_rubric_file(path)
    [message] = caught.value.problems
    line = next(n for n, row in enumerate(text.splitlines(), 1) if applies in row)
    where = f"criteria[0].themes.strengths[0].{field}"
    assert message.startswith(f"{path}:{line}: {where}: "), message
    assert problem in message


def test_a_suggestion_that_is_neither_a_name_nor_a_mapping_is_refused(tmp_path: Path) -> None:
    text = APPLIES_YAML.read_text("utf-8").replace(
        "      strengths: [Plans are SMART]", "      strengths: [[Plans are SMART]]"
    )
    path = tmp_path / "nested.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(RubricFileError) as caught:
        load_rubric_file(path)
    [message] = caught.value.problems
    assert ": criteria[1].themes.strengths[0]: a suggested theme is its name" in message


@pytest.mark.parametrize("path", rubric_paths(), ids=lambda p: p.stem)
def test_each_shipped_rubric_loads_and_names_cohorts_the_tool_knows(path: Path) -> None:
    rubric = load_rubric_file(path).rubric
    for c in rubric.criteria:
        for entry in (*c.themes.offered(weak=False), *c.themes.offered(weak=True)):
            for cohort in (entry.applies.cohorts or []) if entry.applies else []:
                assert cohort_key(cohort) in {"cin", "cp", "cla", "cl"}, (c.id, cohort)


def test_shipped_seen_alone_themes_are_not_offered_for_a_baby(store: Store) -> None:
    add_cases(
        store,
        Case("BABY-1", "Assessment North", cohort="CP", attributes={"Age": "0"}),
        Case("CHILD-2", "Assessment North", cohort="CP", attributes={"Age": "6"}),
    )
    desk = AuditDesk(store, "alice")  # the shipped rubrics
    cid = "child-seen-and-seen-alone"  # voice-of-the-child's seen-alone is not asked of a baby
    for case_ref, expected in (("BABY-1", [NO_REASON]), ("CHILD-2", [NOT_ALONE, NO_REASON])):
        audit_id = desk.start_audit(case_ref, "whole-case-file")
        desk.grade(audit_id, cid, "no")
        assert names(offered(desk.open_audit(audit_id), cid)) == expected
    audit_id = desk.start_audit("BABY-1", "voice-of-the-child")
    assert desk.grade(audit_id, "seen-alone", "no").na_reason.startswith(
        "not applicable: the child is under 5"
    )


# -- whose child: age and cohort -------------------------------------------------------


def test_min_age_rules_out_a_baby_and_unknown_age_offers_everything(
    applies_desk: AuditDesk,
) -> None:
    _, baby = graded(applies_desk, "BABY-1")
    _, child = graded(applies_desk, "CHILD-2")
    _, unknown = graded(applies_desk, "UNKNOWN-3")
    assert names(offered(baby, "child-seen")) == [NO_REASON]
    assert names(offered(child, "child-seen")) == [NOT_ALONE, NO_REASON]
    assert names(offered(unknown, "child-seen")) == [NOT_ALONE, NO_REASON]
    _, good_baby = graded(applies_desk, "BABY-1", "good")
    assert offered(good_baby, "child-seen") == []  # "seen alone regularly" is not for a baby


def test_cohort_matches_the_case_lists_own_spelling(applies_desk: AuditDesk) -> None:
    leaver = graded(applies_desk, "LEAVER-4", "inadequate", "plan-smart")[1]
    cp = graded(applies_desk, "CP-5", "inadequate", "plan-smart")[1]
    baby = graded(applies_desk, "BABY-1", "inadequate", "plan-smart")[1]
    unknown = graded(applies_desk, "UNKNOWN-3", "inadequate", "plan-smart")[1]
    assert names(offered(leaver, "plan-smart")) == ["Plans not SMART", "Pathway plan out of date"]
    assert names(offered(cp, "plan-smart")) == ["Plans not SMART"]  # CP at 17: not a leaver
    assert names(offered(baby, "plan-smart")) == ["Plans not SMART"]
    # cohort CIN is known (not a care leaver) even though the age is not
    assert names(offered(unknown, "plan-smart")) == ["Plans not SMART"]
    assert cohort_key("Care Leaver") == cohort_key("CL") == cohort_key("leaving care")
    assert cohort_key("Looked After Child") == cohort_key("cla")


@pytest.mark.parametrize(
    ("value", "age"),
    [("0", 0.0), (" 10 ", 10.0), ("4 months", 4 / 12), ("2 years", 2.0), ("0-4", None), ("", None)],
)
def test_the_childs_age_is_read_from_an_age_attribute(value: str, age: float | None) -> None:
    assert child_age(Case("X", "T", attributes={"AGE": value})) == age
    assert child_age(Case("X", "T", attributes={"age_band": "0-4"})) is None


def test_the_age_column_of_a_case_list_export_reaches_the_suggestions(
    tmp_path: Path, store: Store
) -> None:
    """A case list in the shape of a real export (the header of the shared sample,
    `Age` among its columns), imported as a QA lead would: the column becomes the
    case's attribute and rules a theme out."""
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([EXPORT_HEADER, *EXPORT_ROWS])
    desk = AuditDesk(store, "alice", APPLIES_RUBRICS)
    desk.import_cases(path, EXPORT_MAPPING)
    assert store.case("LL0700014").attributes["Age"] == "0"  # type: ignore[union-attr]
    assert child_age(store.case("LL0700014")) == 0  # type: ignore[arg-type]
    _, baby = graded(desk, "LL0700014")
    _, older = graded(desk, "LL0700007")
    assert NOT_ALONE not in names(offered(baby, "child-seen"))
    assert NOT_ALONE in names(offered(older, "child-seen"))


# -- one at a time ------------------------------------------------------------------------


def test_confirm_one_and_dismiss_another_each_by_itself(applies_desk: AuditDesk) -> None:
    audit_id, _ = graded(applies_desk, "CHILD-2")
    assert dismiss_suggestion(applies_desk, audit_id, "child-seen", NOT_ALONE) is True
    assert names(offered(applies_desk.open_audit(audit_id), "child-seen")) == [NO_REASON]
    applies_desk.add_theme(audit_id, "child-seen", NO_REASON, "area_for_development")
    view = applies_desk.open_audit(audit_id)
    assert offered(view, "child-seen") == []
    assert {t.theme for t in view.audit.themes} == {NO_REASON}  # the dismissed one is no tag
    assert view.audit.dismissed_suggestions == {("child-seen", NOT_ALONE)}
    # a dismissal is for that criterion of that audit: another audit is offered it
    _, other = graded(applies_desk, "CHILD-2")
    assert NOT_ALONE in names(offered(other, "child-seen"))
    # and not offered again after a regrade either
    applies_desk.grade(audit_id, "child-seen", "requires-improvement")
    assert offered(applies_desk.open_audit(audit_id), "child-seen") == []
    events = applies_desk.store.events("audit", audit_id)
    [dismissal] = [e for e in events if e.field == "suggestion.child-seen"]
    assert (dismissal.old_value, dismissal.new_value, dismissal.who) == (
        NOT_ALONE,
        "dismissed",
        "alice",
    )
    assert dismiss_suggestion(applies_desk, audit_id, "child-seen", NOT_ALONE) is False


def test_only_the_rubrics_suggestions_can_be_dismissed_and_not_once_submitted(
    desk: AuditDesk, full_audit: int
) -> None:
    with pytest.raises(ServiceError, match="not a theme the rubric suggests"):
        dismiss_suggestion(desk, full_audit, "child-seen", "Something made up")
    with pytest.raises(ServiceError, match="no criterion"):
        dismiss_suggestion(desk, full_audit, "nope", NOT_ALONE)
    desk.submit(full_audit)
    with pytest.raises(AuditLocked):
        dismiss_suggestion(desk, full_audit, "child-seen", NOT_ALONE)
    conn = sqlite3.connect(desk.store.path)
    try:  # by any path, SQL included
        with pytest.raises(sqlite3.IntegrityError, match="submitted"):
            conn.execute(
                "INSERT INTO dismissed_suggestions VALUES (?, 'child-seen', 'x', 'now', 'me')",
                (full_audit,),
            )
    finally:
        conn.close()


# -- on the audit screen --------------------------------------------------------------------


def themes_area(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#themes", Static).render())


async def test_suggestions_are_confirmed_and_dismissed_one_by_one_on_screen(
    applies_desk: AuditDesk,
) -> None:
    audit_id = applies_desk.start_audit("CHILD-2", "mini-applies")
    app = make_app(applies_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.open_audit(audit_id)
        await settle(pilot, app)
        await pilot.press("4")  # child-seen: Inadequate
        await settle(pilot, app)
        assert NOT_ALONE in themes_area(app) and NO_REASON in themes_area(app)
        await pilot.press("c")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "SuggestedThemesDialog"
        listed = app.screen.query_one("#suggestions", OptionList)
        assert listed.option_count == 2 and listed.highlighted == 0
        await pilot.press("d")  # not for this child: dismissed, alone
        await settle(pilot, app)
        assert type(app.screen).__name__ == "SuggestedThemesDialog"  # one still to decide
        assert app.screen.query_one("#suggestions", OptionList).option_count == 1
        await pilot.press("enter")  # the other: confirmed; nothing left, so it closes
        await settle(pilot, app)
        assert type(app.screen).__name__ == "AuditScreen"
        shown = themes_area(app)
        assert f"✓ {NO_REASON}" in shown and NOT_ALONE not in shown
        await pilot.press("c")
        await settle(pilot, app)
        assert type(app.screen).__name__ == "AuditScreen"  # nothing left to decide
    audit = applies_desk.store.audit(audit_id)
    assert [t.theme for t in audit.themes] == [NO_REASON]
    assert audit.dismissed_suggestions == {("child-seen", NOT_ALONE)}


async def test_a_baby_is_not_offered_what_cannot_apply(applies_desk: AuditDesk) -> None:
    audit_id = applies_desk.start_audit("BABY-1", "mini-applies")
    app = make_app(applies_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.open_audit(audit_id)
        await settle(pilot, app)
        await pilot.press("4")
        await settle(pilot, app)
        assert NO_REASON in themes_area(app) and NOT_ALONE not in themes_area(app)
        await pilot.press("c")
        await settle(pilot, app)
        dialog = app.screen
        assert dialog.query_one("#suggestions", OptionList).option_count == 1
        assert "cannot apply to this child" in str(dialog.query_one(".dialog-note").render())
        await pilot.press("escape")  # decide later: still offered
        await settle(pilot, app)
        assert NO_REASON in themes_area(app)
    assert applies_desk.store.audit(audit_id).themes == []


def test_the_test_rubrics_folder_still_holds_the_mini_rubric_alone() -> None:
    """The conditional rubric lives apart, so tests that list rubrics see one."""
    assert [f.rubric.id for f in load_rubrics(MINI_RUBRICS)] == ["mini"]
