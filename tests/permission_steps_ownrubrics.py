"""The permissions walk of a rubric's history (issue 15, part 1): the versions audits
were graded against, read for `qa-tui rubrics diff`. Discovered by
tests/test_permissions.py (see permission_steps.py)."""

from __future__ import annotations

from permission_steps import Step, rule
from permission_world import World

from qa_tui.desks.rubric_history import RubricHistoryDesk
from qa_tui.domain.permissions import Op

DESKS = [RubricHistoryDesk]


def steps(w: World) -> list[Step]:
    return [
        Step(
            "RubricHistoryDesk.versions",
            "the mini rubric's versions",
            lambda d: RubricHistoryDesk(d.audit).versions("mini"),
            rule(Op.SEE_FIGURES),
        ),
    ]
