"""The permission walk of feedback to practice (tests/test_permissions.py finds it).

Changing a feedback row needs one to exist: the first time the walk is built for a
world, one row is recorded on ann's submitted audit (a_sub) and one on bob's (b_sub) in
both of the world's files, by their own auditors, so every walked copy holds them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from permission_steps import Step, rule, signed_in
from permission_world import ANN, BOB, World, desk_for

from qa_tui.desks.feedback import FeedbackDesk
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.permissions import Op
from qa_tui.store.database import Store

DESKS = [FeedbackDesk]
TODAY = date.today().isoformat()
_PREPARED: dict[Path, dict[str, int]] = {}


def _feedback_rows(w: World) -> dict[str, int]:
    """The ids of the feedback rows on a_sub and b_sub, recorded once per world."""
    if w.people not in _PREPARED:
        ids: dict[Path, dict[str, int]] = {}
        for path in (w.single, w.people):
            store = Store.open(path, create=False)
            try:
                ids[path] = {
                    key: FeedbackDesk(desk_for(store, who))
                    .record(w.audits[key], given_to="worker", given_on=TODAY, how="in_person")
                    .id
                    for key, who in (("a_sub", ANN), ("b_sub", BOB))
                }
            finally:
                store.close()
        assert ids[w.single] == ids[w.people], "both files must hold the same ids"
        _PREPARED[w.people] = ids[w.people]
    return _PREPARED[w.people]


def steps(w: World) -> list[Step]:
    rows = _feedback_rows(w)
    a, f = w.audits, w.facts
    result = [
        Step("FeedbackDesk.awaiting", "", lambda d: FeedbackDesk(d.audit).awaiting(), signed_in),
        Step(
            "FeedbackDesk.timeliness",
            "",
            lambda d: FeedbackDesk(d.audit).timeliness(Filters()),
            rule(Op.SEE_FIGURES),
        ),
    ]
    for key in ("a_mod", "a_sub", "b_sub", "l_sub"):
        result += [
            Step(
                "FeedbackDesk.record",
                key,
                lambda d, i=a[key]: FeedbackDesk(d.audit).record(
                    i, given_to="manager", given_on=TODAY, how="in_writing"
                ),
                rule(Op.RECORD_FEEDBACK, f[key]),
            ),
            Step(
                "FeedbackDesk.for_audit",
                key,
                lambda d, i=a[key]: FeedbackDesk(d.audit).for_audit(i),
                rule(Op.SEE_AUDIT, f[key]),
            ),
        ]
    for key in ("a_sub", "b_sub"):
        result.append(
            Step(
                "FeedbackDesk.change",
                key,
                lambda d, i=rows[key]: FeedbackDesk(d.audit).change(
                    i, response="disagrees", reasons="The visits were in time"
                ),
                rule(Op.RECORD_FEEDBACK, f[key]),
            )
        )
    return result
