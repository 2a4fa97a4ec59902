"""SQL for re-audits: each re-audit beside the audit it looks again at.

Part of the store layer. The counted overall grade is COUNTED's rule (store/summaries.py):
the moderated overall grade once a moderation is complete, else the auditor's; an audit
not yet submitted has none.
"""

from __future__ import annotations

from qa_tui.domain.reaudits import ReauditPair
from qa_tui.store.database import Store

_PAIRS = """
SELECT a.id AS audit_id, a.previous_audit_id, a.case_ref, coalesce(a.team, c.team, '') AS team,
       a.programme_id,
       CASE WHEN p.status = 'submitted'
            THEN coalesce(pm.overall_grade_value, p.overall_grade_value) END AS earlier_value,
       CASE WHEN p.status = 'submitted'
            THEN coalesce(pm.overall_grade_label, p.overall_grade_label) END AS earlier_label,
       CASE WHEN a.status = 'submitted'
            THEN coalesce(am.overall_grade_value, a.overall_grade_value) END AS later_value,
       CASE WHEN a.status = 'submitted'
            THEN coalesce(am.overall_grade_label, a.overall_grade_label) END AS later_label
  FROM audits a
  JOIN audits p ON p.id = a.previous_audit_id
  JOIN cases c ON c.case_ref = a.case_ref
  LEFT JOIN moderations pm ON pm.audit_id = p.id AND pm.status = 'done'
  LEFT JOIN moderations am ON am.audit_id = a.id AND am.status = 'done'
 WHERE a.previous_audit_id IS NOT NULL {where}
 ORDER BY a.case_ref, a.id
"""


def reaudit_pairs(
    store: Store, *, programme_id: int | None = None, audit_ids: list[int] | None = None
) -> list[ReauditPair]:
    """Every re-audit (of one programme, or these audits) with its earlier audit."""
    where, params = "", []
    if programme_id is not None:
        where += " AND a.programme_id = ?"
        params.append(programme_id)
    if audit_ids is not None:
        where += f" AND a.id IN ({','.join('?' * len(audit_ids))})"
        params.extend(audit_ids)
    return [ReauditPair(**row) for row in store._rows(_PAIRS.format(where=where), params)]
