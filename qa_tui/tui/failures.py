"""What a person reads when database work fails, and where the details went.

An error the desks raise on purpose (`InputProblems`, `StoreError`, `ServiceError`,
`ActionError`) carries its own words, and they are shown as they are. Anything else is
a fault: its traceback is written to the crash log by the database thread, and the
person reads one calm sentence that names the log. A short message is a toast; a long
list of problems (a broken rubric's, a damaged case list's) opens `ProblemsScreen`,
where every line can be read, scrolled and copied.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from qa_tui.tui.widgets.shown import block, fill, line

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from qa_tui.tui.messages import DatabaseFailed

TOAST_LINES = 4  # more problems than this open the dialog
TOAST_CHARS = 600  # and so does a longer message


def is_expected(error: BaseException) -> bool:
    """True for the errors the desks raise with words meant for the person using them."""
    from qa_tui.desks.audits import ServiceError
    from qa_tui.desks.plan import ActionError  # the plan's desk, only when something failed
    from qa_tui.domain.errors import InputProblems, NotAllowed, SignInRefused, StoreError

    return isinstance(
        error, InputProblems | StoreError | ServiceError | ActionError | NotAllowed | SignInRefused
    )


def detail_lines(message: DatabaseFailed) -> list[str]:
    """What went wrong, as lines a person can act on."""
    from qa_tui.domain.errors import InputProblems

    error = message.error
    if isinstance(error, InputProblems) and error.problems:
        return [str(problem) for problem in error.problems]
    if is_expected(error):
        return str(error).splitlines() or [type(error).__name__]
    kind = type(error).__name__
    what = (
        f"database error ({kind}: {error})"
        if isinstance(error, sqlite3.Error)
        else f"unexpected error ({kind})"
    )
    where = (
        f"Details were written to {message.log_path}"
        if message.log_path is not None
        else "Details could not be written to the log"
    )
    return [f"{what}. {where}."]


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def report_failure(
    node: DOMNode,
    message: DatabaseFailed,
    *,
    after: str = "",
    severity: SeverityLevel = "error",
    timeout: float = 10,
) -> None:
    """Tell the person once: a toast for a short message, the problems dialog for a
    long one. `after` is a sentence of the screen's own (e.g. that nothing is lost)."""
    lines = detail_lines(message)
    head = f"Could not {message.what}"
    if len(lines) > TOAST_LINES or sum(len(text) for text in lines) > TOAST_CHARS:
        node.app.push_screen(ProblemsScreen(head, lines, after.strip()))
        return
    text = f"{head}: {lines[0]}" if len(lines) == 1 else f"{head}:\n" + "\n".join(lines)
    node.app.notify(
        _sentence(text) + (f" {after.strip()}" if after else ""), severity=severity, timeout=timeout
    )


class ProblemsScreen(ModalScreen[None]):
    """Every line of a long list of problems, literally; arrows and pgup/pgdn scroll,
    `c` copies them all, enter or escape closes."""

    BINDINGS = [
        Binding("escape,enter", "close", "Close", id="problems.close", tooltip="Close the list"),
        Binding(
            "c",
            "copy",
            "Copy",
            id="problems.copy",
            tooltip="Copy every line to the clipboard, to send to whoever can fix it",
        ),
    ]
    HELP_EXTRA = [("↑ ↓ pgup pgdn home end", "Scroll the list")]

    def __init__(self, heading: str, lines: list[str], after: str = ""):
        super().__init__()
        self.heading = heading
        self.lines = lines
        self.after = after

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="problems-box"):
            yield Label(line(self.heading, "bold $error"))
            count = fill("[dim]$count problem(s)[/dim]", count=len(self.lines))
            if self.after:
                count = Content.assemble(count, " ", line(self.after, "dim"))
            yield Static(count, id="problems-count")
            with VerticalScroll(id="problems-scroll"):
                yield Static(block("\n".join(self.lines)), id="problems-lines")
            yield Label(
                Content.from_markup(
                    "[dim]↑ ↓ pgup pgdn scroll · c copies · enter or escape closes[/dim]"
                )
            )

    def on_mount(self) -> None:
        self.query_one("#problems-scroll", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_copy(self) -> None:
        self.app.copy_to_clipboard("\n".join([self.heading, *self.lines]))
        self.notify(f"Copied {len(self.lines)} line(s) to the clipboard.", timeout=3)
