"""What followed an audit, as the grades export carries it (schema_version 2): its
programme, the audit it re-audits and the change since, its case actions, escalations,
the feedback given to practice, the family's view of the help, and the agency whose
records it reads in a multi-agency round.

Names (an action's owner, who was told of an escalation, who was given feedback) are
workers' names, so they are only included `with_workers`; free text written about the
case (an escalation's immediate action, closing notes, a worker's reasons and
reflection, what the family said about the help) only `with_evidence`. An action's
`what` is the action itself and is always included, as the audit screen and
follow-ups list show it. The change is the domain's one rule (domain/reaudits.py
`ReauditPair`), from the counted grades the store reads beside each re-audit, never
worked out here.
"""

from __future__ import annotations

from typing import Any

from qa_tui.domain.reaudits import ReauditPair

# The tables of what followed, as `--table` names them for CSV and the XLSX sheets hold.
FOLLOWED_TABLES = ("actions", "escalations", "feedback")

# Added to each audit's row in CSV, after every column of schema_version 1.
FOLLOWED_CSV_COLUMNS = [
    "programme_id",
    "programme_name",
    "previous_audit_id",
    "change",
    "case_actions_open",
    "case_actions_closed",
    "escalations_open",
    "escalations_closed",
    "feedback_given_on",
    "feedback_response",
    "agency",
]


def _case_action(row: dict[str, Any], evidence: bool, workers: bool) -> dict[str, Any]:
    return {
        "id": row["id"],
        "what": row["what"],
        **({"owner": row["owner"]} if workers else {}),
        "due_on": row["due_on"],
        "status": row["status"],
        "closed_at": row["closed_at"],
        **({"closing_note": row["closing_note"]} if evidence else {}),
    }


def _escalation(row: dict[str, Any], evidence: bool, workers: bool) -> dict[str, Any]:
    return {
        "id": row["id"],
        **({"told_who": row["told_who"]} if workers else {}),
        "told_at": row["told_at"],
        "status": row["status"],
        "closed_at": row["closed_at"],
        **(
            {"immediate_action": row["immediate_action"], "closing_note": row["closing_note"]}
            if evidence
            else {}
        ),
    }


def _feedback(row: dict[str, Any], evidence: bool, workers: bool) -> dict[str, Any]:
    return {
        "id": row["id"],
        "given_to": row["given_to"],
        **({"given_to_name": row["given_to_name"]} if workers else {}),
        "given_on": row["given_on"],
        "how": row["how"],
        "response": row["response"],
        **({"reasons": row["reasons"], "reflection": row["reflection"]} if evidence else {}),
    }


def followed_fields(row: dict[str, Any], evidence: bool, workers: bool) -> dict[str, Any]:
    """An audit record's fields of schema_version 2, from the store's export row."""
    programme_id = row["programme_id"]
    return {
        "programme": None
        if programme_id is None
        else {"id": programme_id, "name": row["programme_name"]},
        "previous_audit_id": row["previous_audit_id"],
        "change": _change(row),
        "case_actions": [_case_action(r, evidence, workers) for r in row["case_actions"]],
        "escalations": [_escalation(r, evidence, workers) for r in row["escalations"]],
        "feedback": [_feedback(r, evidence, workers) for r in row["feedback"]],
        "family_views": [_family_view(r, evidence) for r in row["family_views"]],
        "agency": row["agency"],
    }


def _family_view(row: dict[str, Any], evidence: bool) -> dict[str, Any]:
    return {
        "id": row["id"],
        "given_by": row["given_by"],
        "gathered_how": row["gathered_how"],
        "rating": row["rating"],
        "recorded_at": row["recorded_at"],
        **({"said": row["said"]} if evidence else {}),
    }


def _change(row: dict[str, Any]) -> str | None:
    """A re-audit's change since the audit it looks again at (better, same, worse;
    null until both have a counted overall grade, and for an audit that is no
    re-audit), by the domain's one rule, from the row the store read beside it."""
    pair = row["reaudit"]
    if pair is None:
        return None
    change = ReauditPair(audit_id=row["id"], **pair).change
    return None if change is None else change.value


def followed_summary(audit: dict[str, Any]) -> dict[str, Any]:
    """One audit's follow-up in a row: programme, re-audit link and change, open and
    closed counts, the first day feedback was given and the worker's latest response."""
    programme = audit["programme"] or {}
    actions, escalations = audit["case_actions"], audit["escalations"]
    feedback = audit["feedback"]  # oldest first
    to_worker = [f for f in feedback if f["given_to"] == "worker"]
    return {
        "programme_id": programme.get("id"),
        "programme_name": programme.get("name"),
        "previous_audit_id": audit["previous_audit_id"],
        "change": audit["change"],
        "case_actions_open": sum(1 for a in actions if a["status"] == "open"),
        "case_actions_closed": sum(1 for a in actions if a["status"] != "open"),
        "escalations_open": sum(1 for e in escalations if e["status"] == "open"),
        "escalations_closed": sum(1 for e in escalations if e["status"] != "open"),
        "feedback_given_on": min((f["given_on"] for f in feedback), default=None),
        "feedback_response": to_worker[-1]["response"] if to_worker else None,
        "agency": audit["agency"],
    }


def followed_csv_cells(audit: dict[str, Any]) -> list[Any]:
    summary = followed_summary(audit)
    return [summary[column] for column in FOLLOWED_CSV_COLUMNS]
