"""The permissions walk of multi-agency rounds (issue 16's first part): assigning a round
to each agency's auditor, the joint judgement, and the agency x criterion figures and
export. Discovered by tests/test_permissions.py (see permission_steps.py)."""

from __future__ import annotations

from permission_steps import Step, rule
from permission_world import BOB, World

from qa_tui.desks.multi_agency import MultiAgencyDesk
from qa_tui.domain.permissions import Op
from qa_tui.exports.agencies import agencies_document

DESKS = [MultiAgencyDesk]
CASE = "C-C3"


def steps(w: World) -> list[Step]:
    r = w.multi_round

    def multi(d):  # type: ignore[no-untyped-def]
        return MultiAgencyDesk(d.audit)

    def settled(d):  # type: ignore[no-untyped-def]
        """Every grade agreed by the person themselves: refused at the first when they
        may not, so nothing is written for them."""
        desk = multi(d)
        desk.grade(r, CASE, "child-seen", 2)
        desk.grade(r, CASE, "plan-smart", None)
        desk.grade(r, CASE, "visits-in-time", 1, "the police saw visits Ann's records missed")
        desk.grade(r, CASE, "overall", 2)
        desk.set_participants(r, CASE, ["Police=DS Pat", "Lee"])
        return desk.agree(r, CASE)

    return [
        Step(
            "MultiAgencyDesk.assign",
            "another agency",
            lambda d: multi(d).assign(r, [f"Education={BOB}"]),
            rule(Op.ASSIGN_AUDITS),
        ),
        Step(
            "MultiAgencyDesk.agencies", "", lambda d: multi(d).agencies(r), rule(Op.JOINT_JUDGEMENT)
        ),
        Step(
            "MultiAgencyDesk.children", "", lambda d: multi(d).children(r), rule(Op.JOINT_JUDGEMENT)
        ),
        Step(
            "MultiAgencyDesk.joint", "", lambda d: multi(d).joint(r, CASE), rule(Op.JOINT_JUDGEMENT)
        ),
        Step(
            "MultiAgencyDesk.grade",
            "agencies differ: with a reason",
            lambda d: multi(d).grade(r, CASE, "visits-in-time", 2, "partly: one visit late"),
            rule(Op.JOINT_JUDGEMENT),
        ),
        Step(
            "MultiAgencyDesk.set_participants",
            "",
            lambda d: multi(d).set_participants(r, CASE, ["Police=DS Pat"]),
            rule(Op.JOINT_JUDGEMENT),
        ),
        Step("MultiAgencyDesk.agree", "", settled, rule(Op.JOINT_JUDGEMENT)),
        Step(
            "MultiAgencyDesk.by_agency", "", lambda d: multi(d).by_agency(r), rule(Op.SEE_FIGURES)
        ),
        Step("MultiAgencyDesk.rounds", "", lambda d: multi(d).rounds(), rule(Op.SEE_FIGURES)),
        Step(
            "exports.agencies_document",
            "",
            lambda d: agencies_document(d.audit, str(r), suppress_below=5),
            rule(Op.EXPORT),
        ),
    ]
