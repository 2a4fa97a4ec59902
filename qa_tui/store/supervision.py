"""SQL for supervision audits: the earlier findings and open case actions a supervision
audit asks about, the checks recorded of them, and the counts behind the share of
findings discussed in supervision.

Part of the store layer. What a supervision audit and a finding are is said once, in
qa_tui/domain/supervision.py; the counted grade is COUNTED's rule (store/summaries.py):
the moderated grade once a moderation is complete, else the auditor's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qa_tui.domain.errors import AuditLocked, StoreError
from qa_tui.domain.supervision import (
    SUPERVISION_PROGRAMME,
    SUPERVISION_RUBRIC,
    SupervisionItem,
    action_key,
    finding_key,
    is_finding,
)
from qa_tui.store.database import Store, now

_AUDIT = """
SELECT a.id, a.case_ref, a.status, a.submitted_at, r.rubric_id,
       p.kind AS programme_kind, nullif(trim(coalesce(c.worker, '')), '') AS worker
  FROM audits a
  JOIN rubric_versions r ON r.hash = a.rubric_hash
  JOIN cases c ON c.case_ref = a.case_ref
  LEFT JOIN programmes p ON p.id = a.programme_id
 WHERE a.id = ?
"""

# The earlier audits the findings and actions come from: submitted, not this one, and
# before this one was submitted (while it is open, every one so far).
_FROM = """
  FROM audits a
  JOIN cases c ON c.case_ref = a.case_ref
  JOIN rubric_versions r ON r.hash = a.rubric_hash
  LEFT JOIN programmes p ON p.id = a.programme_id
"""
_EARLIER = """
 WHERE a.status = 'submitted' AND a.id <> :me
   AND (:until IS NULL OR a.submitted_at < :until)
   AND {cases}
"""
# Findings come from audits other than supervision audits themselves.
_NOT_SUPERVISION = f"""
   AND r.rubric_id <> '{SUPERVISION_RUBRIC}' AND coalesce(p.kind, '') <> '{SUPERVISION_PROGRAMME}'
"""

_FINDINGS = (
    """
SELECT a.id AS source_audit_id, a.case_ref, a.submitted_at, rc.criterion_id, rc.question,
       rc.grades, rc.position,
       CASE WHEN y.audit_id IS NOT NULL THEN y.grade_value ELSE x.grade_value END AS value,
       CASE WHEN y.audit_id IS NOT NULL THEN y.grade_label ELSE x.grade_label END AS label,
       CASE WHEN y.audit_id IS NOT NULL THEN y.not_applicable
            ELSE coalesce(x.not_applicable, 0) END AS na
"""
    + _FROM
    + """
  JOIN rubric_criteria rc ON rc.rubric_hash = a.rubric_hash AND rc.kind <> 'overall'
  LEFT JOIN answers x ON x.audit_id = a.id AND x.criterion_id = rc.criterion_id
  LEFT JOIN moderations m ON m.audit_id = a.id AND m.status = 'done'
  LEFT JOIN moderation_answers y ON y.audit_id = m.audit_id AND y.criterion_id = rc.criterion_id
"""
    + _EARLIER
    + _NOT_SUPERVISION
    + " ORDER BY a.case_ref <> :case, a.case_ref, a.submitted_at DESC, a.id DESC, rc.position"
)

_AREAS = (
    "SELECT a.id AS source_audit_id, a.case_ref, a.areas_for_development"
    + _FROM
    + _EARLIER
    + _NOT_SUPERVISION
    + " AND trim(a.areas_for_development) <> ''"
)

# Open actions of every earlier audit of the case, a supervision audit's too.
_ACTIONS = (
    "SELECT x.id, x.audit_id AS source_audit_id, a.case_ref, x.what, x.owner, x.due_on"
    + _FROM
    + " JOIN case_actions x ON x.audit_id = a.id"
    + _EARLIER
    + " AND x.status = 'open' ORDER BY a.case_ref <> :case, a.case_ref, x.due_on, x.id"
)


def _cases_clause(worker_cases: bool) -> str:
    if worker_cases:
        return (
            "(a.case_ref = :case OR (:worker IS NOT NULL "
            "AND trim(coalesce(c.worker, '')) = :worker))"
        )
    return "a.case_ref = :case"


def supervision_audit(store: Store, audit_id: int) -> dict[str, Any] | None:
    """The audit's case, status, rubric id, programme kind and the case's worker."""
    return store._one(_AUDIT, (audit_id,))


def live_items(
    store: Store, audit: dict[str, Any], *, worker_cases: bool = False
) -> list[SupervisionItem]:
    """The earlier findings (worst first by audit, criteria in rubric order, the areas for
    development after each audit's criteria) and the open case actions, as of now."""
    params = {
        "me": audit["id"],
        "case": audit["case_ref"],
        "until": audit["submitted_at"],
        "worker": audit["worker"],
    }
    cases = _cases_clause(worker_cases)
    areas = {
        row["source_audit_id"]: row["areas_for_development"].strip()
        for row in store._rows(_AREAS.format(cases=cases), params)
    }
    items: list[SupervisionItem] = []
    last: dict[str, Any] | None = None

    def areas_of(row: dict[str, Any]) -> None:
        text = areas.pop(row["source_audit_id"], None)
        if text:
            items.append(_finding(row, "", f"Areas for development: {text}", audit))

    for row in store._rows(_FINDINGS.format(cases=cases), params):
        if last is not None and last["source_audit_id"] != row["source_audit_id"]:
            areas_of(last)
        last = row
        if row["na"] or not is_finding(row["value"], row["grades"]):
            continue
        summary = f"{row['label']}: {row['question'].strip()}"
        items.append(_finding(row, row["criterion_id"], summary, audit))
    if last is not None:
        areas_of(last)
    for source_id, text in areas.items():  # an audit with no criteria rows (never, in practice)
        row = {"source_audit_id": source_id, "case_ref": audit["case_ref"]}
        items.append(_finding(row, "", f"Areas for development: {text}", audit))
    for row in store._rows(_ACTIONS.format(cases=cases), params):
        due = f", due {row['due_on']}" if row["due_on"] else ""
        items.append(
            SupervisionItem(
                item_key=action_key(row["id"]),
                kind="action",
                source_audit_id=row["source_audit_id"],
                case_ref=row["case_ref"],
                summary=f"{row['what'].strip()} (owner {row['owner']}{due})",
                own_case=row["case_ref"] == audit["case_ref"],
            )
        )
    return items


def _finding(
    row: dict[str, Any], criterion_id: str, summary: str, audit: dict[str, Any]
) -> SupervisionItem:
    return SupervisionItem(
        item_key=finding_key(row["source_audit_id"], criterion_id),
        kind="finding",
        source_audit_id=row["source_audit_id"],
        case_ref=row["case_ref"],
        summary=summary,
        own_case=row["case_ref"] == audit["case_ref"],
    )


def recorded_checks(store: Store, audit_id: int) -> list[dict[str, Any]]:
    """The checks recorded on a supervision audit, with the case each item came from."""
    return store._rows(
        "SELECT s.*, a.case_ref, a.case_ref = me.case_ref AS own_case "
        "FROM supervision_checks s JOIN audits a ON a.id = s.source_audit_id "
        "JOIN audits me ON me.id = s.audit_id WHERE s.audit_id = ? ORDER BY s.rowid",
        (audit_id,),
    )


def save_check(
    store: Store,
    audit_id: int,
    item: SupervisionItem,
    discussed: str | None,
    agreed: str | None,
    who: str,
) -> dict[str, Any]:
    """Record whether `item` was discussed and what was agreed (None: left as it is), in
    one transaction with an event per field changed; refused once the audit is submitted.
    Returns the check as saved."""
    with store.write() as conn:
        status = conn.execute("SELECT status FROM audits WHERE id = ?", (audit_id,)).fetchone()
        if status is None:
            raise StoreError(f"audit {audit_id} does not exist")
        if status[0] == "submitted":
            raise AuditLocked(f"audit {audit_id} is submitted; reopen it to change its checks")
        old = conn.execute(
            "SELECT discussed, agreed FROM supervision_checks WHERE audit_id = ? AND item_key = ?",
            (audit_id, item.item_key),
        ).fetchone()
        old_discussed, old_agreed = old if old else (None, "")
        new_discussed = old_discussed if discussed is None else (discussed or None)
        new_agreed = old_agreed if agreed is None else agreed
        stamp = now()
        if old is None or (new_discussed, new_agreed) != (old_discussed, old_agreed):
            conn.execute(
                "INSERT INTO supervision_checks (audit_id, item_key, item_kind, source_audit_id, "
                "summary, discussed, agreed, updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT (audit_id, item_key) DO UPDATE SET discussed = excluded.discussed, "
                "agreed = excluded.agreed, updated_at = excluded.updated_at, "
                "updated_by = excluded.updated_by",
                (
                    audit_id,
                    item.item_key,
                    item.kind,
                    item.source_audit_id,
                    item.summary,
                    new_discussed,
                    new_agreed,
                    stamp,
                    who,
                ),
            )
            field = f"supervision.{item.item_key}"
            if new_discussed != old_discussed:
                store._event(
                    conn, who, "audit", audit_id, f"{field}.discussed", old_discussed, new_discussed
                )
            if new_agreed != old_agreed:
                store._event(
                    conn, who, "audit", audit_id, f"{field}.agreed", old_agreed, new_agreed
                )
            conn.execute("UPDATE audits SET updated_at = ? WHERE id = ?", (stamp, audit_id))
    row = store._one(
        "SELECT * FROM supervision_checks WHERE audit_id = ? AND item_key = ?",
        (audit_id, item.item_key),
    )
    assert row is not None
    return row


def discussed_counts(
    store: Store,
    *,
    months: Sequence[str] | None = None,
    from_month: str | None = None,
    to_month: str | None = None,
) -> list[dict[str, Any]]:
    """Findings checked in submitted supervision audits: (team, month, audit_id,
    discussed, n), by the team and month of the supervision audit's submission; only the
    months listed, or those from `from_month` to `to_month` (YYYY-MM, both kept)."""
    where, params = "", []
    if months is not None:
        where += f" AND substr(a.submitted_at, 1, 7) IN ({','.join('?' * len(months))})"
        params += list(months)
    if from_month is not None:
        where += " AND substr(a.submitted_at, 1, 7) >= ?"
        params.append(from_month)
    if to_month is not None:
        where += " AND substr(a.submitted_at, 1, 7) <= ?"
        params.append(to_month)
    return store._rows(
        "SELECT coalesce(a.team, c.team, '') AS team, substr(a.submitted_at, 1, 7) AS month, "
        "a.id AS audit_id, s.discussed, count(*) AS n "
        "FROM supervision_checks s JOIN audits a ON a.id = s.audit_id "
        "JOIN cases c ON c.case_ref = a.case_ref "
        "WHERE a.status = 'submitted' AND s.item_kind = 'finding' AND s.discussed IS NOT NULL"
        f"{where} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2",
        params,
    )
