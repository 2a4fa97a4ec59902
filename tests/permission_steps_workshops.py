"""The permissions walk of learning events (issue 16, part 3): planning a practice
workshop or training need, changing it, recording attendance, and reading the events,
the training needs by team and whether one took. Discovered by tests/test_permissions.py
(see permission_steps.py)."""

from __future__ import annotations

from permission_steps import Step, rule
from permission_world import World

from qa_tui.desks.learning import LearningDesk
from qa_tui.desks.learning_figures import LearningFigures
from qa_tui.domain.learning import EventTheme
from qa_tui.domain.permissions import Op

DESKS = [LearningDesk, LearningFigures]
DAY = "2026-03-12"


def steps(w: World) -> list[Step]:
    theme = EventTheme(next(iter(w.themes.values())), "strength")

    def planned(d):  # type: ignore[no-untyped-def]
        return LearningDesk(d.audit).plan("workshop", "Seeing the child", [theme], ["A"], DAY)

    def edited(d):  # type: ignore[no-untyped-def]
        """The world holds no event: one is planned (refused first when it may not be)."""
        desk = LearningDesk(d.audit)
        made = planned(d)
        return desk.edit(made, "training_need", "Seen alone", [theme], ["A", "B"], DAY)

    def attended(d):  # type: ignore[no-untyped-def]
        return LearningDesk(d.audit).record_attendance(planned(d), {"A": 4})

    return [
        Step("LearningDesk.plan", "", planned, rule(Op.PLAN_LEARNING)),
        Step("LearningDesk.edit", "", edited, rule(Op.PLAN_LEARNING)),
        Step("LearningDesk.record_attendance", "", attended, rule(Op.PLAN_LEARNING)),
        Step(
            "LearningDesk.events",
            "",
            lambda d: LearningDesk(d.audit).events(),
            rule(Op.SEE_FIGURES),
        ),
        Step(
            "LearningDesk.teams", "", lambda d: LearningDesk(d.audit).teams(), rule(Op.SEE_FIGURES)
        ),
        Step(
            "LearningDesk.event",
            "one that does not exist is refused in words",
            lambda d: _missing(lambda: LearningDesk(d.audit).event(9999)),
            rule(Op.SEE_FIGURES),
        ),
        Step(
            "LearningFigures.needs",
            "",
            lambda d: LearningFigures(d.audit).needs(),
            rule(Op.SEE_FIGURES),
        ),
        Step(
            "LearningFigures.impact",
            "one that does not exist is refused in words",
            lambda d: _missing(lambda: LearningFigures(d.audit).impact(9999)),
            rule(Op.SEE_FIGURES),
        ),
    ]


def _missing(call):  # type: ignore[no-untyped-def]
    """A step whose call is allowed but finds nothing: the refusal of the permission
    comes first (NotAllowed), a missing event after it (a ServiceError)."""
    from qa_tui.desks.audit_view import ServiceError

    try:
        return call()
    except ServiceError as exc:
        if "does not exist" in str(exc):
            return None
        raise
