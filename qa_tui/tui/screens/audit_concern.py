"""The audit screen's safeguarding key (!): record a concern the moment it is found.

An auditor who finds that a child may be unsafe now tells someone at once; this records
who was told, when and the immediate action agreed, on the audit, without finishing it
(`qa_tui.desks.concerns`). The concern joins the follow-ups and shows under the audit's
header ("⚠ safeguarding concern raised 14:05, told TM Cedar"); a later submit with an
Inadequate overall does not ask for it again.

An Inadequate grade on a limiting criterion offers it with a notice naming the key, once
per criterion: a form that opened by itself would stop the two-key rhythm of grading
for the many Inadequate grades that are poor practice rather than immediate danger.

`AuditConcern` is mixed into the audit screen. It follows the screen's `AuditLoaded`
messages by Textual's handler names (`on_audit_loaded`, beside the screen's own
handler), so the audit screen keeps only the key's binding.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Static

from qa_tui.desks.audits import AuditView, ServiceError
from qa_tui.desks.concerns import raise_concern, told_at_text
from qa_tui.domain import rules
from qa_tui.domain.permissions import Op, refusal
from qa_tui.domain.records import Escalation
from qa_tui.tui.messages import AuditLoaded
from qa_tui.tui.widgets.dialogs import EscalationForm
from qa_tui.tui.widgets.shown import line

if TYPE_CHECKING:
    from textual.screen import Screen

    from qa_tui.desks.audits import AuditDesk
    from qa_tui.domain.rubric import Criterion
    from qa_tui.tui.runner import DeskRunner

    _Screen = Screen[None]
else:
    _Screen = object

SHOWN_CONCERNS = 2  # lines under the header; more are counted, and all are in follow-ups


class ConcernRecorded(AuditLoaded):
    """A safeguarding concern committed; the audit as it is on disk now."""


class ConcernForm(EscalationForm):
    """Who was told, when (now unless changed), and the immediate action agreed: the
    escalation form's fields and checks, raised at any moment rather than at submit."""

    heading = "Safeguarding concern"

    def __init__(self, case_ref: str, manager: str | None, submitted: bool):
        super().__init__(case_ref)
        self.manager = manager
        self.note = (
            f"{case_ref}: a child who may be unsafe now. Record who you told, when, and "
            "the immediate action agreed; it goes to the follow-ups at once. "
            + (
                "The audit stays submitted."
                if submitted
                else "The audit stays as it is: carry on grading after."
            )
            + " Escape records nothing."
        )

    def fields(self) -> list[tuple[str, str, str]]:
        fields = super().fields()
        if self.manager:  # the case's manager, as the first name to think of
            fields[0] = ("Who was told", f"e.g. {self.manager}, team manager (name and role)", "")
        return fields

    def check(self, values: tuple[str, ...]) -> str | None:
        problem = super().check(values)
        if problem is not None:
            return problem
        try:
            told_at_text(values[1])
        except ServiceError:
            return "When is in the future: record the concern once you have told them."
        return None


class ConcernLine(Static):
    """The audit's safeguarding concerns, under its header; mounted only once it has one."""

    DEFAULT_CSS = """
    ConcernLine {
        height: auto;
        padding: 0 1;
        color: $error;
        text-style: bold;
    }
    """


def concern_text(escalations: list[Escalation], today: date | None = None) -> Content:
    """One line per concern: when (the time alone if today), who was told, if closed."""
    today = today or date.today()
    lines = []
    for e in escalations[:SHOWN_CONCERNS]:
        try:
            told = datetime.fromisoformat(e.told_at)
            when = told.strftime("%H:%M" if told.date() == today else "%Y-%m-%d %H:%M")
        except ValueError:
            when = e.told_at
        closed = " (closed)" if e.status == "closed" else ""
        lines.append(line(f"⚠ safeguarding concern raised {when}, told {e.told_who}{closed}"))
    more = len(escalations) - SHOWN_CONCERNS
    if more > 0:
        lines.append(line(f"  and {more} more: see the follow-ups"))
    return Content("\n").join(lines)


class AuditConcern(_Screen):
    """Mixed into the audit screen: `!`, the concern line, and the offer after a grade."""

    audit_id: int
    view: AuditView | None
    _concern_offered: frozenset[str] = frozenset()  # criteria offered on this screen
    if TYPE_CHECKING:

        @property
        def desk(self) -> AuditDesk: ...
        @property
        def runner(self) -> DeskRunner: ...

        def _criterion(self) -> Criterion | None: ...

    def action_raise_concern(self) -> None:
        """`!`: ask who may (one indexed read, off the UI thread), then open the form."""
        if self.view is None:
            return
        desk, audit_id = self.desk, self.audit_id

        def may_raise() -> str | None:
            if desk.person.single_user:
                return None
            return refusal(desk.person, Op.GRADE_AUDIT, desk.audit_facts(audit_id))

        self.runner.fetch("check who may raise a concern", may_raise, self, self._concern_form)

    def _concern_form(self, refused: str | None) -> None:
        if refused is not None:
            self.notify(
                f"{refused}. The audit's auditor records a concern on it; if a child may "
                "be unsafe now, tell the team manager at once.",
                severity="warning",
                timeout=8,
            )
            return
        if self.view is None:
            return
        audit = self.view.audit
        criterion = self._criterion()
        where = criterion.id if criterion is not None else None
        desk, audit_id = self.desk, self.audit_id

        def record(answer: tuple[str, ...] | None) -> None:
            if answer is None:
                self.notify("No safeguarding concern recorded.", timeout=3)
                return
            who, when, action = answer

            def call() -> AuditView:
                raise_concern(desk, audit_id, who, when, action, criterion_id=where)
                return desk.open_audit(audit_id)

            self.runner.run("record the safeguarding concern", call, self, ConcernRecorded)

        self.app.push_screen(
            ConcernForm(audit.case.case_ref, audit.case.manager, audit.submitted), record
        )

    # -- following the screen's loads ------------------------------------------------

    def on_audit_loaded(self, message: AuditLoaded) -> None:
        self._show_concerns()
        if message.saved:
            self._offer_concern(message.saved)

    def on_submit_outcome(self, message: AuditLoaded) -> None:
        self._show_concerns()  # a submit may have recorded the escalation it asked for

    def on_concern_recorded(self, message: ConcernRecorded) -> None:
        self._show_concerns()
        self.notify(
            "Safeguarding concern recorded: it is in the follow-ups until it is closed.",
            timeout=6,
        )

    def _show_concerns(self) -> None:
        if self.view is None:
            return
        escalations = self.view.audit.escalations
        try:
            shown: ConcernLine | None = self.query_one(ConcernLine)
        except NoMatches:
            shown = None
        if not escalations:
            if shown is not None:
                shown.remove()  # a reload after another person's change, never here
            return
        text = concern_text(escalations)
        if shown is not None:
            shown.update(text)
            return
        try:
            self.mount(ConcernLine(text), after=self.query_one("#audit-header"))
        except NoMatches:
            self.mount(ConcernLine(text))

    def _offer_concern(self, criterion_id: str) -> None:
        """After a grade: Inadequate on a limiting criterion, and no concern recorded yet."""
        view = self.view
        if view is None or view.audit.escalations or view.audit.submitted:
            return
        if criterion_id in self._concern_offered:
            return
        try:
            criterion = view.rubric.criterion(criterion_id)
        except KeyError:
            return  # a save of something else than a criterion
        answer = view.audit.answers.get(criterion_id)
        if not criterion.limiting or answer is None:
            return
        # a limiting criterion is graded on the overall scale: its weakest is Inadequate
        if not rules.needs_escalation(view.rubric, answer.grade_key):
            return
        self._concern_offered = self._concern_offered | {criterion_id}
        self.notify(
            "Inadequate on a limiting criterion. If a child may be unsafe now, press ! "
            "to record the safeguarding concern: who you told, when, the action agreed.",
            title="Safeguarding",
            severity="warning",
            timeout=12,
        )
