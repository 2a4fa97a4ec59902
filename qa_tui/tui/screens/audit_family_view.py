"""The audit screen's family's view key (v): what the child, young person or family said
about the help they had, and a theme from it.

A rubric that asks for it (`family_view: true`, e.g. early help assessments) shows a
line under the audit's header ("Family's view: none yet, v records it") from the start;
on any other audit the line appears once a view is recorded. The form takes who gave it,
how it was gathered, their words, an optional rating (1 to 5) and an optional theme
("+" a strength, "-" an area for development), which counts with the audit's themes so
the family's words can reach the action plan (`qa_tui.desks.family_views`).

`AuditFamilyView` is mixed into the audit screen and follows its `AuditLoaded`
messages by Textual's handler names, as `AuditConcern` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Static

from qa_tui.desks.family_views import FamilyViews
from qa_tui.domain.family_views import FAMILY_VIEW, FamilyView, FamilyViewError, checked
from qa_tui.domain.permissions import Op, refusal
from qa_tui.tui.messages import AuditLoaded
from qa_tui.tui.widgets.dialogs import Form
from qa_tui.tui.widgets.shown import brief, line

if TYPE_CHECKING:
    from textual.screen import Screen

    from qa_tui.desks.audits import AuditDesk, AuditView
    from qa_tui.tui.runner import DeskRunner

    _Screen = Screen[None]
else:
    _Screen = object


class FamilyViewsRead(Message):
    """The audit's family's views as kept; `recorded` after the form saved one."""

    def __init__(self, views: list[FamilyView], recorded: bool = False):
        super().__init__()
        self.views, self.recorded = views, recorded


class FamilyViewForm(Form):
    heading = "The family's view of the help"
    compact = True

    def __init__(self, case_ref: str, views: list[FamilyView], submitted: bool = False):
        super().__init__()
        self.submitted = submitted
        earlier = (
            f" Recorded already: {len(views)} (the latest from {views[-1].given_by_words.lower()})."
            if views
            else ""
        )
        self.note = (
            f"{case_ref}: what the child, young person or family said about the help they "
            f"had, in their words.{earlier} Escape records nothing."
            + (
                " The audit is submitted: a theme from it needs the audit reopened."
                if submitted
                else ""
            )
        )

    def fields(self) -> list[tuple[str, str, str]]:
        return [
            ("Who gave it", "child, young person, parent, carer or family", ""),
            ("How it was gathered", "conversation, phone, questionnaire, advocate or other", ""),
            ("What they said", "their words, or a summary of them", ""),
            ("How helpful (optional)", "1 not at all .. 5 very helpful; empty if not asked", ""),
            ("Theme from it (optional)", "+ strength or - area for development", ""),
        ][: 4 if self.submitted else 5]

    def check(self, values: tuple[str, ...]) -> str | None:
        try:
            checked(values[0], values[1], values[2], values[3])
        except FamilyViewError as exc:
            return str(exc)[:1].upper() + str(exc)[1:] + "."
        return None


def family_view_text(views: list[FamilyView], asked: bool) -> Content:
    """One line: how many views, and the latest one's rating and first words."""
    if not views:
        return line("Family's view: none yet, v records it" if asked else "")
    latest = views[-1]
    rated = f" {latest.rating}/5" if latest.rating else ""
    return line(
        f"Family's view: {len(views)} recorded; latest, {latest.given_by_words.lower()}"
        f"{rated}: “{brief(latest.said)}”"
    )


class FamilyViewLine(Static):
    """Under the audit's header; mounted once the rubric asks or a view is kept."""

    DEFAULT_CSS = """
    FamilyViewLine {
        height: 1;
        padding: 0 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """


class AuditFamilyView(_Screen):
    """Mixed into the audit screen: `v`, its form, and the line under the header."""

    audit_id: int
    view: AuditView | None
    _family_views: list[FamilyView] | None = None
    if TYPE_CHECKING:

        @property
        def desk(self) -> AuditDesk: ...
        @property
        def runner(self) -> DeskRunner: ...

    def action_family_view(self) -> None:
        """`v`: ask who may (off the UI thread), then open the form."""
        if self.view is None:
            return
        desk, audit_id = self.desk, self.audit_id

        def may_record() -> str | None:
            if desk.person.single_user:
                return None
            return refusal(desk.person, Op.GRADE_AUDIT, desk.audit_facts(audit_id))

        self.runner.fetch(
            "check who may record the family's view", may_record, self, self._family_form
        )

    def _family_form(self, refused: str | None) -> None:
        if refused is not None:
            self.notify(
                f"{refused}. The audit's auditor records the family's view on it.",
                severity="warning",
                timeout=8,
            )
            return
        if self.view is None:
            return
        desk, audit_id = self.desk, self.audit_id

        def record(answer: tuple[str, ...] | None) -> None:
            if answer is None:
                self.notify("No family's view recorded.", timeout=3)
                return
            given_by, how, said, rating, *theme = answer

            def call() -> FamilyViewsRead:
                views = FamilyViews(desk)
                views.add(audit_id, given_by, how, said, rating or None)
                if theme and theme[0]:
                    desk.add_theme(audit_id, FAMILY_VIEW, theme[0])
                return FamilyViewsRead(views.for_audit(audit_id), recorded=True)

            self.runner.run("record the family's view", call, self, lambda m: m)

        self.app.push_screen(
            FamilyViewForm(
                self.view.audit.case.case_ref, self._family_views or [], self.view.audit.submitted
            ),
            record,
        )

    # -- following the screen's loads ------------------------------------------------

    def on_audit_loaded(self, message: AuditLoaded) -> None:
        if self._family_views is not None:
            return  # read once; the form keeps it current
        desk, audit_id = self.desk, self.audit_id
        self._family_views = []
        self.runner.run(
            "read the family's views",
            lambda: FamilyViewsRead(FamilyViews(desk).for_audit(audit_id)),
            self,
            lambda m: m,
        )

    def on_family_views_read(self, message: FamilyViewsRead) -> None:
        self._family_views = message.views
        if message.recorded:
            self.notify("Family's view recorded.", timeout=4)
        asked = self.view is not None and self.view.rubric.family_view
        if not message.views and not asked:
            return
        text = family_view_text(message.views, asked)
        try:
            self.query_one(FamilyViewLine).update(text)
            return
        except NoMatches:
            pass
        try:
            self.mount(FamilyViewLine(text), after=self.query_one("#audit-header"))
        except NoMatches:
            self.mount(FamilyViewLine(text))
