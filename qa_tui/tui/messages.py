"""Messages the database runner posts back, named as events that have happened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.message import Message

from qa_tui.desks.audits import AuditView
from qa_tui.domain.records import AuditSummary, Case


class DatabaseFailed(Message):
    """A database call failed; the screen says so calmly and keeps what was typed.

    `log_path` is where the traceback of an unexpected error was written (None for an
    error with a message of its own, or when the log could not be written).
    """

    def __init__(self, what: str, error: Exception, log_path: Path | None = None):
        super().__init__()
        self.what = what
        self.error = error
        self.log_path = log_path


class Fetched(Message):
    """A read done off the UI thread; the app hands `value` to `then` on the UI thread."""

    def __init__(self, value: object, then: Callable[[Any], None]):
        super().__init__()
        self.value = value
        self.then = then


class AuditsListed(Message):
    """One page of my audits; the first page also carries the counts by status."""

    def __init__(
        self, audits: list[AuditSummary], offset: int = 0, counts: dict[str, int] | None = None
    ):
        super().__init__()
        self.audits = audits
        self.offset = offset
        self.counts = counts


class CasesFound(Message):
    def __init__(self, cases: list[Case]):
        super().__init__()
        self.cases = cases


class AuditStarted(Message):
    def __init__(self, audit_id: int):
        super().__init__()
        self.audit_id = audit_id


class AuditLoaded(Message):
    """The audit as it is on disk now: after opening it, or after a change committed."""

    def __init__(self, view: AuditView, saved: str = ""):
        super().__init__()
        self.view = view
        self.saved = saved


class NoteSaved(Message):
    """A free-text note committed: `field` is a criterion id or an audit field name."""

    def __init__(self, field: str, text: str):
        super().__init__()
        self.field = field
        self.text = text
