"""Errors a person is told about in their own words: the CLI turns them into one message
and exit status 1, the app into a calm notice.

Kept apart from the modules that raise them so that catching them (as every CLI
command does, the TUI's start-up included) does not import YAML and pydantic.
"""

from __future__ import annotations


class InputProblems(Exception):
    """Something a person supplied could not be used; `problems` are ready-to-print lines,
    each naming the file, line and field."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class RubricFileError(InputProblems):
    """A rubric file could not be used."""


class CaseListError(InputProblems):
    """A case list could not be used."""


class StoreError(Exception):
    """A database problem worth telling the user about in one sentence (raised by the
    store; kept here so the CLI and the app can catch it without importing SQL)."""


class AuditLocked(StoreError):
    """The audit is submitted; it must be reopened before it changes."""


class DatabaseDamaged(StoreError):
    """The file is damaged: nothing more is written to it in this process."""


class NotAllowed(Exception):
    """The signed-in person's roles do not allow this; the message says who may.

    Raised by the desks before anything is written, whichever door the request came
    in by (the CLI exits 1 with it, the app shows it where the key was pressed)."""


class SignInRefused(Exception):
    """A user name and passphrase, or a token, were not accepted. The message never says
    whether the name exists."""
