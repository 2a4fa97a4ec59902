"""The permission walk of the streamed grades export (tests/test_permissions.py finds
it): its records and its counts are asked for through the desk, like the document."""

from __future__ import annotations

from permission_steps import Step, rule
from permission_world import World

from qa_tui.domain.permissions import Op
from qa_tui.exports.grades import ExportFilters, grades_counts, grades_records

DESKS: list[type] = []


def steps(w: World) -> list[Step]:
    return [
        Step(
            "exports.grades_records",
            "",
            lambda d: list(grades_records(d.audit, ExportFilters())),
            rule(Op.EXPORT),
        ),
        Step(
            "exports.grades_counts",
            "",
            lambda d: grades_counts(d.audit, ExportFilters()),
            rule(Op.EXPORT),
        ),
    ]
