"""The permissions walk of supervision checks (tests/test_permissions.py runs these).

The world has no supervision audit of its own, so this adds one to both of its files the
first time the steps are made: a programme of kind 'supervision' ("Supervision round")
and ann's audit of C-A1 in it, in progress. C-A1's earlier audit (ann's, moderated,
child seen Inadequate) gives it a finding to check.
"""

from __future__ import annotations

from pathlib import Path

from permission_steps import Step, rule
from permission_world import ANN, LEE, World, desk_for

from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.desks.supervision import SupervisionDesk
from qa_tui.domain.permissions import Facts, Op
from qa_tui.store.database import Store

DESKS = [SupervisionDesk]
ROUND = "Supervision round"
_MADE: dict[Path, int] = {}  # world file -> its supervision audit


def _supervision_audit(path: Path) -> int:
    """The world file's supervision audit, made on first asking (the same in both files)."""
    if path in _MADE:
        return _MADE[path]
    store = Store.open(path, create=False)
    try:
        found = store._one(
            "SELECT a.id FROM audits a JOIN programmes p ON p.id = a.programme_id WHERE p.name = ?",
            (ROUND,),
        )
        if found is None:
            programme = ProgrammeDesk(desk_for(store, LEE)).create(
                name=ROUND, kind="supervision", rubric_ids=["mini"], owner=""
            )
            audit_id = desk_for(store, ANN).start_audit("C-A1", "mini")
            with store.write() as conn:  # as `programmes assign` would have made it
                conn.execute(
                    "UPDATE audits SET programme_id = ? WHERE id = ?", (programme.id, audit_id)
                )
            found = {"id": audit_id}
    finally:
        store.close()
    _MADE[path] = int(found["id"])
    return _MADE[path]


def steps(w: World) -> list[Step]:
    audit_id = _supervision_audit(w.single)
    assert _supervision_audit(w.people) == audit_id
    facts = Facts(auditor=ANN, team="Team A")
    finding = f"finding:{w.audits['a_mod']}:child-seen"
    return [
        Step(
            "SupervisionDesk.is_supervision",
            "ann's",
            lambda d: SupervisionDesk(d.audit).is_supervision(audit_id),
            rule(Op.SEE_AUDIT, facts),
        ),
        Step(
            "SupervisionDesk.items",
            "ann's",
            lambda d: SupervisionDesk(d.audit).items(audit_id, include_worker_cases=True),
            rule(Op.SEE_AUDIT, facts),
        ),
        Step(
            "SupervisionDesk.unchecked",
            "ann's",
            lambda d: SupervisionDesk(d.audit).unchecked(audit_id),
            rule(Op.SEE_AUDIT, facts),
        ),
        Step(
            "SupervisionDesk.check",
            "ann's",
            lambda d: SupervisionDesk(d.audit).check(
                audit_id, finding, discussed="yes", agreed="Seen alone weekly"
            ),
            rule(Op.GRADE_AUDIT, facts),
        ),
        Step(
            "SupervisionDesk.discussed_share",
            "",
            lambda d: SupervisionDesk(d.audit).discussed_share(by="quarter"),
            rule(Op.SEE_FIGURES),
        ),
    ]
