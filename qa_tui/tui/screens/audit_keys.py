"""The audit screen's keys: every grade, note, theme and judgement key, with its id.

Kept apart from the screen (qa_tui/tui/screens/audit.py) because the list is long and
changes on its own: a keymap names these ids (tui/key_ids.py lists them all).
"""

from __future__ import annotations

from textual.binding import Binding

AUDIT_BINDINGS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding(
        "1",
        "grade(1)",
        "Grade",
        key_display="1-N",
        id="audit.grade",
        tooltip="Digits choose a grade, best first (1 = Outstanding or Yes)",
    ),
    *[Binding(str(n), f"grade({n})", show=False, id=f"audit.grade{n}") for n in range(2, 10)],
    Binding(
        "n",
        "not_applicable",
        "N/A",
        id="audit.na",
        tooltip="Mark this criterion not applicable (where the rubric allows it)",
    ),
    Binding(
        "backspace",
        "clear_grade",
        "Clear",
        show=False,
        id="audit.clear",
        tooltip="Take back this criterion's grade",
    ),
    Binding(
        "e",
        "edit_evidence",
        "Evidence",
        id="audit.evidence",
        tooltip="Write the evidence note for this criterion",
    ),
    Binding(
        "c",
        "confirm_themes",
        "Confirm themes",
        id="audit.confirm",
        tooltip="Confirm the themes the rubric suggests for this grade",
    ),
    Binding(
        "t",
        "add_theme",
        "Add theme",
        id="audit.theme",
        tooltip="Tag a theme (+ strength, - area for development)",
    ),
    Binding(
        "x",
        "remove_theme",
        "Remove theme",
        show=False,
        id="audit.untheme",
        tooltip="Remove one of this criterion's themes",
    ),
    Binding(
        "exclamation_mark",
        "raise_concern",
        "Concern",
        key_display="!",
        id="audit.concern",
        tooltip="Record a safeguarding concern now: who was told, when, the action agreed",
    ),
    Binding(
        "o",
        "judgement",
        "Overall",
        id="audit.judgement",
        tooltip="Overall judgement, strengths, areas for development, case actions",
    ),
    Binding(
        "s",
        "submit",
        "Submit",
        id="audit.submit",
        tooltip="Check everything is there and submit the audit",
    ),
    Binding(
        "u",
        "supervision_checks",
        "Supervision",
        id="audit.supervision",
        tooltip="Earlier findings and open actions: were they discussed in supervision?",
    ),
    Binding(
        "R",
        "reopen",
        "Reopen",
        show=False,
        id="audit.reopen",
        tooltip="Reopen a submitted audit (recorded, with a reason)",
    ),
    Binding(
        "w",
        "earlier",
        "Earlier",
        show=False,
        id="audit.earlier",
        tooltip="A re-audit: the earlier audit's grades and actions, and the change",
    ),
    Binding(
        "A",
        "reaudit",
        "Re-audit in…",
        show=False,
        id="audit.reaudit",
        tooltip="Set re-audit in N months on a submitted audit",
    ),
    Binding(
        "f",
        "feedback",
        "Feedback",
        id="audit.feedback",
        tooltip="Feedback given to the worker and manager, and their response",
    ),
    Binding(
        "v",
        "family_view",
        "Family's view",
        show=False,
        id="audit.family_view",
        tooltip="Record what the child, young person or family said about the help they had",
    ),
    Binding(
        "P",
        "report",
        "Report",
        show=False,
        id="audit.report",
        tooltip="Save this audit's report (HTML, printable) in the reports folder",
    ),
    Binding(
        "escape",
        "back",
        "Back",
        id="audit.back",
        tooltip="Leave the note (and move on), or go back to my audits",
    ),
]
