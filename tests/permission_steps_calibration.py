"""The permissions walk of issue 16's later parts: the family's view of the help on an
audit, agreement over time, and calibration exercises. Discovered by
tests/test_permissions.py (see permission_steps.py)."""

from __future__ import annotations

from permission_steps import Step, rule
from permission_world import World

from qa_tui.desks.agreement_over_time import AgreementOverTime
from qa_tui.desks.calibration import CalibrationDesk
from qa_tui.desks.family_views import FamilyViews
from qa_tui.domain.permissions import Op

DESKS = [FamilyViews, AgreementOverTime, CalibrationDesk]


def steps(w: World) -> list[Step]:
    a_wip, facts = w.audits["a_wip"], w.facts["a_wip"]

    def recorded(d):  # type: ignore[no-untyped-def]
        return FamilyViews(d.audit).add(a_wip, "parent", "phone", "It helped", 4)

    def withdrawn(d):  # type: ignore[no-untyped-def]
        return FamilyViews(d.audit).withdraw(a_wip, w.family_view, "recorded on the wrong audit")

    def exercise(d):  # type: ignore[no-untyped-def]
        """The world's open exercise, set by the QA lead."""
        return w.calibration

    def closed(d):  # type: ignore[no-untyped-def]
        """Agreed by the person themselves: refused at the first grade when they may not."""
        mine = CalibrationDesk(d.audit)
        for c in mine.open(w.calibration, agreed=True).rubric.criteria:
            mine.grade(w.calibration, c.id, 1, agreed=True)
        return w.calibration

    return [
        Step("FamilyViews.add", "", recorded, rule(Op.GRADE_AUDIT, facts)),
        Step("FamilyViews.withdraw", "", withdrawn, rule(Op.GRADE_AUDIT, facts)),
        Step(
            "FamilyViews.for_audit",
            "",
            lambda d: FamilyViews(d.audit).for_audit(a_wip),
            rule(Op.SEE_AUDIT, facts),
        ),
        Step(
            "FamilyViews.listed", "", lambda d: FamilyViews(d.audit).listed(), rule(Op.SEE_FIGURES)
        ),
        Step(
            "FamilyViews.figures",
            "",
            lambda d: FamilyViews(d.audit).figures(),
            rule(Op.SEE_FIGURES),
        ),
        Step(
            "AgreementOverTime.within",
            "",
            lambda d: AgreementOverTime(d.audit).within("auditor", "2020-01-01", None),
            rule(Op.SEE_FIGURES),
        ),
        Step(
            "AgreementOverTime.by_quarter",
            "",
            lambda d: AgreementOverTime(d.audit).by_quarter(),
            rule(Op.SEE_FIGURES),
        ),
        Step(
            "CalibrationDesk.create",
            "",
            lambda d: CalibrationDesk(d.audit).create("Calibration", "mini", "C-A1"),
            rule(Op.STEER_MODERATION),
        ),
        Step(
            "CalibrationDesk.listed",
            "",
            lambda d: CalibrationDesk(d.audit).listed(),
            rule(Op.START_AUDIT),
        ),
        Step(
            "CalibrationDesk.open",
            "one's own grades",
            lambda d: CalibrationDesk(d.audit).open(exercise(d)),
            rule(Op.START_AUDIT),
        ),
        Step(
            "CalibrationDesk.open",
            "the agreed grades",
            lambda d: CalibrationDesk(d.audit).open(exercise(d), agreed=True),
            rule(Op.STEER_MODERATION),
        ),
        Step(
            "CalibrationDesk.grade",
            "one's own",
            lambda d: CalibrationDesk(d.audit).grade(exercise(d), "child-seen", 2),
            rule(Op.START_AUDIT),
        ),
        Step(
            "CalibrationDesk.grade",
            "the agreed grade",
            lambda d: CalibrationDesk(d.audit).grade(exercise(d), "child-seen", 2, agreed=True),
            rule(Op.STEER_MODERATION),
        ),
        Step(
            "CalibrationDesk.close",
            "",
            lambda d: CalibrationDesk(d.audit).close(closed(d)),
            rule(Op.STEER_MODERATION),
        ),
        Step(
            "CalibrationDesk.results",
            "while open: the QA lead's",
            lambda d: CalibrationDesk(d.audit).results(exercise(d)),
            rule(Op.STEER_MODERATION),
        ),
    ]
