"""What a council's warehouse export holds: its tables and columns, the council code,
and the keyed pseudonyms that stand for names and case references.

A region loads several councils' exports side by side, so every table carries the
council code and every column has one type whatever the council's data. People (the
auditor, the worker, the manager, an action's owner) and cases become stable keyed
pseudonyms: HMAC-SHA256 of the name (spacing and case folded) under the council's own
key, so a council's exports link up month after month while nobody without the key can
test a guessed name against them, and two councils' pseudonyms never link. Free text
(evidence, notes, rationale, action titles and descriptions) is never exported.
No SQL, no I/O.
"""

from __future__ import annotations

import hashlib
import hmac
import re

WAREHOUSE_SCHEMA_VERSION = 1
_COUNCIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{1,31}")
MIN_KEY_LENGTH = 16

# Columns read from the database that are replaced by a pseudonym, and their new names.
PSEUDONYMS = {
    "case_ref": ("case_key", "case"),
    "auditor": ("auditor_key", "person"),
    "worker": ("worker_key", "person"),
    "manager": ("manager_key", "person"),
    "owner": ("owner_key", "person"),
}

# Each table's columns as written (after `council`, before the `year` partition), with
# their DuckDB/Parquet types.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "audits": [
        ("audit_id", "BIGINT"),
        ("case_key", "VARCHAR"),
        ("auditor_key", "VARCHAR"),
        ("worker_key", "VARCHAR"),
        ("manager_key", "VARCHAR"),
        ("status", "VARCHAR"),
        ("rubric_id", "VARCHAR"),
        ("rubric_version", "VARCHAR"),
        ("team", "VARCHAR"),
        ("cohort", "VARCHAR"),
        ("programme_id", "BIGINT"),
        ("programme_name", "VARCHAR"),
        ("programme_kind", "VARCHAR"),
        ("previous_audit_id", "BIGINT"),
        ("submitted_on", "DATE"),
        ("month", "VARCHAR"),
        ("auditor_overall_value", "INTEGER"),
        ("moderation_status", "VARCHAR"),
        ("moderated_overall_value", "INTEGER"),
        ("counted_overall_value", "INTEGER"),
        ("counted_overall_label", "VARCHAR"),
        ("overall_grades", "INTEGER"),
    ],
    "counted_grades": [
        ("audit_id", "BIGINT"),
        ("auditor_key", "VARCHAR"),
        ("rubric_id", "VARCHAR"),
        ("criterion_id", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("month", "VARCHAR"),
        ("team", "VARCHAR"),
        ("cohort", "VARCHAR"),
        ("programme_id", "BIGINT"),
        ("value", "INTEGER"),
        ("na", "INTEGER"),
        ("grades", "INTEGER"),
        ("moderated", "INTEGER"),
    ],
    "themes": [
        ("audit_id", "BIGINT"),
        ("theme", "VARCHAR"),
        ("polarity", "VARCHAR"),
        ("criterion_id", "VARCHAR"),
        ("rubric_id", "VARCHAR"),
        ("month", "VARCHAR"),
        ("team", "VARCHAR"),
        ("cohort", "VARCHAR"),
        ("programme_id", "BIGINT"),
        ("counted_overall_value", "INTEGER"),
        ("overall_grades", "INTEGER"),
    ],
    "actions": [
        ("action_id", "BIGINT"),
        ("owner_key", "VARCHAR"),
        ("due_on", "DATE"),
        ("recommendation_code", "VARCHAR"),
        ("themes", "VARCHAR"),
        ("measure_rubric_id", "VARCHAR"),
        ("measure_criterion_id", "VARCHAR"),
        ("measure_bucket", "VARCHAR"),
        ("measure_team", "VARCHAR"),
        ("measure_cohort", "VARCHAR"),
        ("measure_programme_id", "BIGINT"),
        ("measure_set_on", "DATE"),
        ("baseline_value", "DOUBLE"),
        ("baseline_audits", "INTEGER"),
        ("target_value", "DOUBLE"),
        ("target_on", "DATE"),
        ("current_audits", "INTEGER"),
        ("current_value", "DOUBLE"),
        ("status_override", "VARCHAR"),
        ("created_on", "DATE"),
    ],
}


def council_code(text: str) -> str:
    """The council code as written into every row (upper case), or ValueError."""
    code = text.strip()
    if not _COUNCIL.fullmatch(code):
        raise ValueError(
            f"--council {text!r} is not a council code (2 to 32 letters, digits, '-' or '_', "
            "such as E09000033 or LEEDS)"
        )
    return code.upper()


def check_key(key: str) -> str:
    key = key.strip()
    if len(key) < MIN_KEY_LENGTH:
        raise ValueError(
            f"the pseudonym key is too short: use at least {MIN_KEY_LENGTH} characters"
        )
    return key


def pseudonym(key: str, kind: str, name: str | None) -> str | None:
    """A stable keyed pseudonym for a person or a case ('p-…' or 'c-…', 16 hex digits);
    None stays None and a blank name stays blank."""
    if name is None:
        return None
    folded = " ".join(name.split()).casefold()
    if not folded:
        return ""
    digest = hmac.new(key.encode("utf-8"), f"{kind}:{folded}".encode(), hashlib.sha256)
    return f"{kind[0]}-{digest.hexdigest()[:16]}"


def written_columns(table: str) -> list[str]:
    return ["council", *(name for name, _ in COLUMNS[table]), "year"]
