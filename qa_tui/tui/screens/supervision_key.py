"""The audit screen's `u` (supervision checks), shown only on a supervision audit, and its
question before a supervision audit is submitted with items not yet asked about.

`SupervisionKey` is mixed into the audit screen ahead of its other parts: once the audit
has loaded it asks the desk, once, whether this is a supervision audit, and shows the key
only then. Submitting one with items not yet asked about asks first and never blocks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen

from qa_tui.desks.supervision import SupervisionDesk
from qa_tui.tui.messages import AuditLoaded
from qa_tui.tui.screens.supervision_checks import SupervisionChecksScreen

if TYPE_CHECKING:
    from qa_tui.desks.audits import AuditDesk, AuditView
    from qa_tui.tui.runner import DeskRunner

    _Screen = Screen[None]
else:
    _Screen = object


class UncheckedCounted(Message):
    """How many of the case's items have no answer, asked before submitting."""

    def __init__(self, count: int):
        super().__init__()
        self.count = count


class SupervisionKnown(Message):
    """Whether the audit on the audit screen is a supervision audit."""

    def __init__(self, supervision: bool):
        super().__init__()
        self.supervision = supervision


class SupervisionKey(_Screen):
    """Mixed into the audit screen: its `u` key is shown only on a supervision audit, and
    submitting one with items not yet asked about asks first (it never blocks)."""

    audit_id: int
    supervision_audit: bool = False
    view: AuditView | None
    if TYPE_CHECKING:

        @property
        def desk(self) -> AuditDesk: ...
        @property
        def runner(self) -> DeskRunner: ...

    def on_audit_loaded(self, message: AuditLoaded) -> None:
        """Ask once, after the first load, whether this is a supervision audit."""
        if getattr(self, "_supervision_asked", False):
            return
        self._supervision_asked = True
        desk, audit_id = self.desk, self.audit_id
        self.runner.run(
            "see whether this is a supervision audit",
            lambda: SupervisionKnown(SupervisionDesk(desk).is_supervision(audit_id)),
            self,
            lambda m: m,
        )

    def on_supervision_known(self, message: SupervisionKnown) -> None:
        self.supervision_audit = message.supervision
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "supervision_checks" and not self.supervision_audit:
            return False  # hidden: only a supervision audit has checks
        return super().check_action(action, parameters)

    def action_supervision_checks(self) -> None:
        if self.supervision_audit:
            self.app.push_screen(SupervisionChecksScreen(self.audit_id))

    def action_submit(self) -> None:
        """On a supervision audit in progress, count the items not yet asked about first."""
        if not self.supervision_audit or self.view is None or self.view.audit.submitted:
            self._submit_as_before()
            return
        desk, audit_id = self.desk, self.audit_id
        self.runner.run(
            "count the supervision items not yet asked about",
            lambda: UncheckedCounted(SupervisionDesk(desk).unchecked(audit_id)),
            self,
            lambda m: m,
        )

    def on_unchecked_counted(self, message: UncheckedCounted) -> None:
        if not message.count:
            self._submit_as_before()
            return
        from qa_tui.tui.screens.programme_forms import Confirm

        def answer(submit: bool | None) -> None:
            if submit:
                self._submit_as_before()

        self.app.push_screen(
            Confirm(
                f"Submit with {message.count} item(s) not yet asked about?",
                "Some earlier findings or open case actions of this case have no answer on "
                "whether they were discussed in supervision (u lists them). You may still "
                "submit: the audit is then read-only.",
                [],
            ),
            answer,
        )

    def _submit_as_before(self) -> None:
        """The audit screen's own submit (its checks, its escalation)."""
        getattr(super(), "action_submit")()  # noqa: B009 - the next class's, not this one
