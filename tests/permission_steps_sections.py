"""The permission walk of settling a rubric's rules on an audit (tests/test_permissions.py
finds it): the audit's own auditor settles them, as grading it."""

from __future__ import annotations

from permission_steps import Step, rule
from permission_world import World

from qa_tui.desks.rule_answers import RuleDesk
from qa_tui.domain.permissions import Op

DESKS = [RuleDesk]


def steps(w: World) -> list[Step]:
    return [
        Step(
            "RuleDesk.settle_rules",
            key,
            lambda d, i=w.audits[key]: RuleDesk(d.audit).settle_rules(i),
            rule(Op.GRADE_AUDIT, w.facts[key]),
        )
        for key in ("a_wip", "b_wip", "l_wip", "p_wip")
    ]
