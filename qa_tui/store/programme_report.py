"""SQL for what a round's report reads that no other screen does: the case actions
raised from the round's audits, with their state. Part of the store layer."""

from __future__ import annotations

from typing import Any

from qa_tui.store.database import Store


def actions_raised(store: Store, programme_id: int) -> list[dict[str, Any]]:
    """Each case action of the round's audits, open ones first, then by due date."""
    return store._rows(
        "SELECT x.id, x.audit_id, a.case_ref, coalesce(a.team, c.team, '') AS team, x.what, "
        "x.owner, x.due_on, x.status, x.created_at FROM case_actions x "
        "JOIN audits a ON a.id = x.audit_id JOIN cases c ON c.case_ref = a.case_ref "
        "WHERE a.programme_id = ? ORDER BY x.status = 'done', x.due_on, x.id",
        (programme_id,),
    )
