"""`qa-tui report audit|programme|plan`: reports for people, as Markdown or HTML.

Each report command lives in a module of its own (`report_*.py`), imported when run.
Same conventions as the exports: the report to stdout or `-o FILE` (written whole or
not at all), messages to stderr, exit 1 with one line on bad input.
"""

from __future__ import annotations

import click

from qa_tui.cli.lazy import LazyGroup

# Each report and where it is made, as in qa_tui.cli.main's COMMANDS.
REPORTS: dict[str, str] = {
    "audit": "report_audit:audit",
    "programme": "report_programme:programme",
    "plan": "report_plan:plan",
}


@click.group(cls=LazyGroup, lazy_commands=REPORTS)
def report() -> None:
    """Reports to hand people: an audit, a round for the board, the plan's quarter."""
