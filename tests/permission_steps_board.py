"""The permissions walk of the board's desks (issue 13, part 6): the council's quarter
setting, the action plan's quarterly snapshots, a round's recommendations and what its
report reads. Discovered by tests/test_permissions.py (see permission_steps.py)."""

from __future__ import annotations

from datetime import date

from permission_steps import Step, rule, signed_in
from permission_world import World

from qa_tui.desks.council_settings import CouncilSettingsDesk
from qa_tui.desks.plan_snapshots import PlanSnapshotDesk
from qa_tui.desks.programme_recommendations import RecommendationDesk
from qa_tui.desks.programme_report import ProgrammeReportDesk
from qa_tui.domain.permissions import Op
from qa_tui.domain.quarters import last_ended

DESKS = [CouncilSettingsDesk, PlanSnapshotDesk, RecommendationDesk, ProgrammeReportDesk]


def steps(w: World) -> list[Step]:
    quarter = last_ended(date.today()).label
    p = w.programme

    def reworded(d, remove: bool = False):  # type: ignore[no-untyped-def]
        """A recommendation is written (refused first when it may not be), then changed
        or removed: the world holds none to start from."""
        desk = RecommendationDesk(d.audit)
        made = desk.add(p, "Spread the audit week")
        return desk.remove(made) if remove else desk.change(made, "Spread it to every team")

    return [
        Step(
            "CouncilSettingsDesk.quarters",
            "",
            lambda d: CouncilSettingsDesk(d.audit).quarters(),
            signed_in,
        ),
        Step(
            "CouncilSettingsDesk.set_quarters",
            "",
            lambda d: CouncilSettingsDesk(d.audit).set_quarters("financial"),
            rule(Op.COUNCIL_SETTINGS),
        ),
        Step(
            "PlanSnapshotDesk.take",
            "the quarter just ended, with a note",
            lambda d: PlanSnapshotDesk(d.audit).take(quarter, {w.item: "Owner named"}),
            rule(Op.EDIT_PLAN),
        ),
        Step(
            "PlanSnapshotDesk.snapshot",
            "",
            lambda d: PlanSnapshotDesk(d.audit).snapshot(quarter),
            rule(Op.SEE_PLAN),
        ),
        Step(
            "PlanSnapshotDesk.quarters",
            "",
            lambda d: PlanSnapshotDesk(d.audit).quarters(),
            rule(Op.SEE_PLAN),
        ),
        Step(
            "RecommendationDesk.list",
            "",
            lambda d: RecommendationDesk(d.audit).list(p),
            rule(Op.RUN_PROGRAMMES),
        ),
        Step(
            "RecommendationDesk.add",
            "",
            lambda d: RecommendationDesk(d.audit).add(p, "Audit week each quarter"),
            rule(Op.RUN_PROGRAMMES),
        ),
        Step("RecommendationDesk.change", "", reworded, rule(Op.RUN_PROGRAMMES)),
        Step(
            "RecommendationDesk.remove",
            "",
            lambda d: reworded(d, remove=True),
            rule(Op.RUN_PROGRAMMES),
        ),
        Step(
            "ProgrammeReportDesk.reaudits",
            "",
            lambda d: ProgrammeReportDesk(d.audit).reaudits(p),
            rule(Op.SEE_FIGURES),
        ),
        Step(
            "ProgrammeReportDesk.actions",
            "",
            lambda d: ProgrammeReportDesk(d.audit).actions(p),
            rule(Op.SEE_FOLLOW_UPS),
        ),
    ]
