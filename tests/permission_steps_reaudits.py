"""The re-audit desk's operations, each in the situations that matter (one's own audit
or someone else's, one's team's or not), for tests/test_permissions.py to walk.

Cancelling and starting need a schedule, and reading the earlier audit needs a
re-audit, so `_prepare` adds them to both of the world's files once, as the QA lead
would: a_sub and b_sub scheduled, l_sub's re-audit started for ann (a Team B case).
"""

from __future__ import annotations

from datetime import date

from permission_steps import Desks, Step, rule
from permission_world import ANN, BOB, LEE, World, desk_for

from qa_tui.desks.reaudits import ReauditDesk
from qa_tui.domain.permissions import Facts, Op
from qa_tui.store.database import Store

DESKS = [ReauditDesk]

_REAUDIT: dict[str, int] = {}  # world file -> the re-audit made in it


def _prepare(w: World) -> int:
    """Schedules and one started re-audit in both files; returns the re-audit's id."""
    made = []
    for path in (w.single, w.people):
        if str(path) not in _REAUDIT:
            store = Store.open(path, create=False)
            try:
                lead = ReauditDesk(desk_for(store, LEE))
                for key in ("a_sub", "b_sub", "l_sub"):
                    lead.schedule(w.audits[key], 3, "see whether the plan took")
                _REAUDIT[str(path)] = lead.start(w.audits["l_sub"], ANN, date(2026, 1, 5))
            finally:
                store.close()
        made.append(_REAUDIT[str(path)])
    assert made[0] == made[1], "the two files must name the re-audit alike"
    return made[0]


def _desk(d: Desks) -> ReauditDesk:
    return ReauditDesk(d.audit)


def steps(w: World) -> list[Step]:
    a, f = w.audits, w.facts
    reaudit = _prepare(w)
    out: list[Step] = []
    for key in ("a_mod", "a_sub", "b_sub"):
        out.append(
            Step(
                "ReauditDesk.schedule",
                key,
                lambda d, i=a[key]: _desk(d).schedule(i, 6, "look again"),
                rule(Op.SCHEDULE_REAUDIT, f[key]),
            )
        )
    for key in ("a_sub", "b_sub"):
        out.append(
            Step(
                "ReauditDesk.cancel",
                key,
                lambda d, i=a[key]: _desk(d).cancel(i, "the case closed"),
                rule(Op.SCHEDULE_REAUDIT, f[key]),
            )
        )
    for key in ("a_sub", "b_sub", "l_sub"):
        out.append(
            Step(
                "ReauditDesk.scheduled",
                key,
                lambda d, i=a[key]: _desk(d).scheduled(i),
                rule(Op.SEE_AUDIT, f[key]),
            )
        )
    out += [
        Step(
            "ReauditDesk.due", "", lambda d: _desk(d).due(date(2026, 1, 1)), rule(Op.ASSIGN_AUDITS)
        ),
        Step(
            "ReauditDesk.start",
            "a Team B case for ann",
            lambda d: _desk(d).start(a["b_sub"], ANN),
            rule(Op.ASSIGN_AUDITS),
        ),
        Step(
            "ReauditDesk.start",
            "a Team A case for bob",
            lambda d: _desk(d).start(a["a_sub"], BOB),
            rule(Op.ASSIGN_AUDITS),
        ),
        Step(
            "ReauditDesk.earlier",
            "ann's re-audit of a Team B case",
            lambda d: _desk(d).earlier(reaudit),
            rule(Op.SEE_AUDIT, Facts(auditor=ANN, team="Team B")),
        ),
        Step(
            "ReauditDesk.earlier",
            "not a re-audit (a_sub)",
            lambda d: _desk(d).earlier(a["a_sub"]),
            rule(Op.SEE_AUDIT, f["a_sub"]),
        ),
        Step(
            "ReauditDesk.changes",
            "",
            lambda d: _desk(d).changes(w.programme),
            rule(Op.RUN_PROGRAMMES),
        ),
    ]
    return out
