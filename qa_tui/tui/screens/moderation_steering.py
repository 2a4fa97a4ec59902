"""The QA lead's steering keys on the moderation queue and the moderation screen.

On the queue: `p` picks any submitted audit by hand (its id, a reason, blind or not),
`t` assigns the highlighted moderation to a QA lead, `b` makes it blind or not (before
grading starts), `s` sends it back to its auditor with a question, `w` shows what was
sent back and the auditor's answers. On the moderation screen: `r` reveals the
auditor's grades once a blind moderation is graded, `s` sends it back.

The keys are declared here and spread into each screen's BINDINGS (Textual reads
bindings from screens, not mixins); the actions are mixed in. Every change goes through
`ModerationSteering`, whose refusals the app shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList

from qa_tui.desks.moderation_steering import ModerationSteering
from qa_tui.domain.permissions import Op
from qa_tui.tui.base import short_grade
from qa_tui.tui.widgets.dialogs import Form, TextPrompt
from qa_tui.tui.widgets.shown import block, line

if TYPE_CHECKING:
    from textual.screen import Screen

    from qa_tui.desks.audits import AuditDesk
    from qa_tui.desks.moderation import ModerationView
    from qa_tui.tui.runner import DeskRunner

    _Screen = Screen[None]
else:
    _Screen = object

QUEUE_KEYS = [
    Binding("p", "pick", "Pick", id="moderation.pick", tooltip="Pick any submitted audit by hand"),
    Binding(
        "t",
        "assign",
        "Assign",
        id="moderation.assign",
        tooltip="Give the highlighted moderation to a QA lead",
    ),
    Binding(
        "b",
        "blind",
        "Blind",
        show=False,
        id="moderation.blind",
        tooltip="Moderate blind, or not (before grading starts)",
    ),
    Binding(
        "s",
        "send_back",
        "Send back",
        show=False,
        id="moderation.send_back",
        tooltip="Send the audit back to its auditor with a question",
    ),
    Binding(
        "w",
        "send_backs",
        "Answers",
        show=False,
        id="moderation.answers",
        tooltip="What was sent back, and the auditor's answers",
    ),
]
QUEUE_GUARDS = dict.fromkeys(("pick", "assign", "blind", "send_back"), Op.STEER_MODERATION)
MODERATE_KEYS = [
    Binding(
        "r",
        "reveal",
        "Reveal",
        id="moderate.reveal",
        tooltip="Blind moderation graded: show the auditor's grades beside yours",
    ),
    Binding(
        "s",
        "send_back",
        "Send back",
        show=False,
        id="moderate.send_back",
        tooltip="Send the audit back to its auditor with a question",
    ),
]
MODERATE_GUARDS = {"reveal": Op.MODERATE, "send_back": Op.STEER_MODERATION}


def moderation_terms_problem(share: str, blind: str) -> str | None:
    """What is wrong with the programme form's moderation share and blind fields."""
    try:
        percent = float(share)
    except ValueError:
        percent = -1
    if not 0 <= percent <= 100:
        return "The moderation share is a percent from 0 to 100."
    if blind.strip().lower() not in ("yes", "no", "y", "n", ""):
        return "Blind moderation is yes or no."
    return None


def with_moderation_terms(desk: AuditDesk, share: str, blind: str, programme: Any) -> Any:
    """After the programme form's create: its moderation share and blind default."""
    steering = ModerationSteering(desk)
    if float(share) != 10:
        steering.set_share(programme.id, float(share))
    if blind.strip().lower().startswith("y"):
        steering.set_blind_default(programme.id, True)
    return programme


class QueueChanged(Message):
    """A moderation was picked, assigned, made blind or sent back: the queue reloads."""

    def __init__(self, said: str):
        super().__init__()
        self.said = said


def queue_grade(r: dict[str, Any]) -> Content:
    """The queue's grade cell: the auditor's grade (or 'blind'), the moderated one, and a
    mark for a question the auditor has not answered yet."""
    hidden = r["blind"] and not r["revealed_at"] and r["status"] == "waiting"
    grade = "blind" if hidden else short_grade(r["auditor_label"])
    if r["moderated_label"]:
        grade += f" → {short_grade(r['moderated_label'])}"
    marks = ("?" if r.get("unanswered") else "") + ("@" if r.get("assigned_to") else "")
    return Content.assemble(line(grade, "italic"), (f" {marks}" if marks else "", "bold $warning"))


def send_back_lines(view: ModerationView) -> list[Content]:
    """The detail pane's questions to the auditor and their answers, and the blind state."""
    lines: list[Content] = []
    m = view.moderation
    if view.hidden:
        lines += [
            Content(),
            Content.styled(
                "Blind: the auditor's grades are hidden; their evidence is shown. Grade "
                "every criterion and the overall, then r reveals theirs.",
                "italic $warning",
            ),
        ]
    if m.get("assigned_to"):
        lines.append(Content.assemble(("Assigned to", "bold"), ": ", line(m["assigned_to"])))
    for s in view.send_backs:
        lines += [
            Content(),
            Content.assemble(("Sent back", "bold"), f" by {s['sent_by']}: ", block(s["comment"])),
        ]
        answer = (
            Content.assemble(("Answer", "bold"), f" by {s['answered_by']}: ", block(s["answer"]))
            if s["answer"]
            else Content.styled("Not answered yet: the moderation waits for it", "dim")
        )
        lines.append(answer)
    return lines


class PickForm(Form):
    heading = "Pick an audit for moderation"
    note = "Any submitted audit, by its number; the reason is kept with it in the queue."
    compact = True

    def __init__(self, audit_id: int | None = None):
        super().__init__()
        self.audit_id = audit_id  # the audit highlighted where the form was asked for

    def fields(self) -> list[tuple[str, str, str]]:
        return [
            ("Audit number", "e.g. 42", "" if self.audit_id is None else str(self.audit_id)),
            ("Reason", "e.g. complaint from the family", ""),
            ("Blind? (yes, no, or empty: as its programme)", "", ""),
        ]

    def check(self, values: tuple[str, ...]) -> str | None:
        number, reason, blind = values
        if not number.isdigit() or int(number) < 1:
            return "The audit number is a whole number (home and the queue show it)."
        if not reason:
            return "Picking an audit by hand needs a reason."
        if blind.lower() not in ("", "yes", "no", "y", "n"):
            return "Blind is yes, no, or empty."
        return None


class QueueSteering(_Screen):
    """Mixed into the moderation queue: the QA lead's steering actions."""

    rows: dict[int, dict[str, Any]]
    if TYPE_CHECKING:

        @property
        def desk(self) -> AuditDesk: ...
        @property
        def runner(self) -> DeskRunner: ...
        def load(self) -> None: ...

    @property
    def steering(self) -> ModerationSteering:
        return ModerationSteering(self.desk)

    def _highlighted(self) -> dict[str, Any] | None:
        option = self.query_one("#moderation-queue", OptionList).highlighted_option
        if option is None or not option.id:
            return None
        return self.rows.get(int(option.id[1:]))

    def _change(self, what: str, call: Callable[[], Any], done: str) -> None:
        self.runner.run(what, call, self, lambda _result: QueueChanged(done))

    def on_queue_changed(self, message: QueueChanged) -> None:
        self.notify(message.said, timeout=3)
        self.load()

    def action_pick(self) -> None:
        steering = self.steering

        def picked(values: tuple[str, ...] | None) -> None:
            if not values:
                return
            number, reason, blind = values
            flag = None if not blind else blind.lower().startswith("y")
            self._change(
                "pick the audit",
                lambda: steering.pick(int(number), reason, flag),
                f"Audit {number} is in the queue",
            )

        self.app.push_screen(PickForm(), picked)

    def action_assign(self) -> None:
        row = self._highlighted()
        if row is None:
            return
        steering, audit_id = self.steering, row["audit_id"]

        def assign(name: str | None) -> None:
            if name is not None:
                self._change(
                    "assign the moderator",
                    lambda: steering.assign(audit_id, name),
                    f"Assigned to {name}" if name else "No one assigned",
                )

        def offer(leads: list[str]) -> None:
            from qa_tui.tui.widgets.dialogs import Choose

            if not leads:  # a database with no people: any name
                self.app.push_screen(TextPrompt("Moderator", "their user name"), assign)
                return
            choices = [(lead, lead) for lead in leads] + [("nobody (take it off)", "")]
            self.app.push_screen(Choose(f"Who moderates audit {audit_id}?", choices), assign)

        self.runner.fetch("list the QA leads", steering.moderators, self, offer)

    def action_blind(self) -> None:
        row = self._highlighted()
        if row is None:
            return
        steering, audit_id, blind = self.steering, row["audit_id"], not row["blind"]
        self._change(
            "change blindness",
            lambda: steering.set_blind(audit_id, blind),
            f"Audit {audit_id}: {'blind' if blind else 'not blind'}",
        )

    def action_send_back(self) -> None:
        row = self._highlighted()
        if row is not None:
            ask_send_back(self, self.steering, row["audit_id"], self._change)

    def action_send_backs(self) -> None:
        row = self._highlighted()
        if row is None:
            return
        audit_id, steering = row["audit_id"], self.steering

        def show(rows: list[dict[str, Any]]) -> None:
            from qa_tui.tui.screens.import_cases import ImportReport  # plain text, as read

            lines = [
                text
                for r in rows
                for text in (
                    f"{r['sent_by']}: {r['comment']}",
                    f"  {r['answered_by']}: {r['answer']}" if r["answer"] else "  not answered yet",
                )
            ]
            title = f"Sent back to the auditor: audit {audit_id}"
            self.app.push_screen(ImportReport(title, lines or ["nothing sent back"]))

        self.runner.fetch(
            "read what was sent back", lambda: steering.send_backs(audit_id), self, show
        )


def ask_send_back(
    screen: Any,
    steering: ModerationSteering,
    audit_id: int,
    then: Callable[[str, Callable[[], Any], str], None],
) -> None:
    """Ask the question for the auditor, then send it."""

    def send(comment: str | None) -> None:
        if comment and comment.strip():
            then(
                "send the audit back",
                lambda: steering.send_back(audit_id, comment),
                "Sent back; the auditor sees it on their home",
            )

    screen.app.push_screen(
        TextPrompt("Send back to the auditor", "your question (they answer it)"), send
    )


class ModerateSteering(_Screen):
    """Mixed into the moderation screen: reveal a blind moderation, send it back."""

    audit_id: int
    if TYPE_CHECKING:

        @property
        def desk(self) -> AuditDesk: ...
        def _run(self, what: str, call: Callable[[], Any]) -> None: ...

    def action_reveal(self) -> None:
        steering, audit_id = ModerationSteering(self.desk), self.audit_id
        self._run("reveal the auditor's grades", lambda: steering.reveal(audit_id))

    def action_send_back(self) -> None:
        from qa_tui.desks.moderation import ModerationDesk

        steering, audit_id = ModerationSteering(self.desk), self.audit_id
        reread = ModerationDesk(self.desk)

        def then(what: str, call: Callable[[], Any], done: str) -> None:
            def sent() -> ModerationView:
                call()
                return reread.open(audit_id)

            self._run(what, sent)  # the detail pane then shows it, sent

        ask_send_back(self, steering, audit_id, then)
