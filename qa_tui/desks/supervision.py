"""Supervision audits that check audit findings reached the team: the use cases.

A supervision audit (see qa_tui/domain/supervision.py) lists the case's earlier findings
and open case actions; its auditor records of each whether it was discussed in
supervision and what was agreed, saved the moment it is made. The figure is the share
of findings checked in submitted supervision audits that were discussed, by team or
period, with the counts behind it.

Reading the items is reading the supervision audit (Op.SEE_AUDIT); recording a check is
the supervision auditor's work on their own audit (Op.GRADE_AUDIT) and, like a grade, is
refused once the audit is submitted. The figure is the dashboard's (Op.SEE_FIGURES).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.domain.errors import StoreError
from qa_tui.domain.permissions import Op
from qa_tui.domain.supervision import (
    DISCUSSED,
    DiscussedShare,
    ShareBy,
    SupervisionItem,
    is_supervision_audit,
    key_kind,
    merge_checks,
    shares,
)
from qa_tui.domain.text import clean_typed
from qa_tui.store import supervision as supervision_store

_MONTH_WORDS = "a month is YYYY-MM"


@dataclass(frozen=True)
class DiscussedFigures:
    """The share discussed in supervision by team or period, and over all of them."""

    by: ShareBy
    rows: list[DiscussedShare]
    total: DiscussedShare

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "rows": [r.as_dict() for r in self.rows],
            "total": self.total.as_dict(),
        }


def _month(value: str) -> str:
    value = value.strip()
    year, sep, month = value.partition("-")
    if not (sep and len(year) == 4 and year.isdigit() and month.isdigit() and len(month) == 2):
        raise ServiceError(f"{value!r} is not a month ({_MONTH_WORDS})")
    if not 1 <= int(month) <= 12:
        raise ServiceError(f"{value!r} is not a month ({_MONTH_WORDS})")
    return value


class SupervisionDesk:
    def __init__(self, desk: AuditDesk):
        self.desk = desk

    def _audit(self, audit_id: int) -> dict[str, Any]:
        audit = supervision_store.supervision_audit(self.desk.store, audit_id)
        if audit is None:
            raise ServiceError(f"audit {audit_id} does not exist")
        return audit

    def is_supervision(self, audit_id: int) -> bool:
        """Whether the audit asks about earlier findings (the audit screen's key shows)."""
        self.desk.require_on_audit(Op.SEE_AUDIT, audit_id)
        audit = self._audit(audit_id)
        return is_supervision_audit(audit["rubric_id"], audit["programme_kind"])

    def items(self, audit_id: int, *, include_worker_cases: bool = False) -> list[SupervisionItem]:
        """The earlier findings and open case actions of the audit's case (and, with
        `include_worker_cases`, of the worker's other cases), each with the check already
        recorded; then any recorded check whose item is no longer live, as it was shown."""
        self.desk.require_on_audit(Op.SEE_AUDIT, audit_id)
        audit = self._supervision_audit(audit_id)
        live = supervision_store.live_items(
            self.desk.store, audit, worker_cases=include_worker_cases
        )
        return merge_checks(live, supervision_store.recorded_checks(self.desk.store, audit_id))

    def unchecked(self, audit_id: int) -> int:
        """How many of the case's own items have no answer yet: submitting warns of them
        (never blocks: a finding may not have come up in supervision at all)."""
        return sum(1 for i in self.items(audit_id) if i.own_case and not i.checked)

    def check(
        self,
        audit_id: int,
        item_key: str,
        discussed: str | None = None,
        agreed: str | None = None,
    ) -> SupervisionItem:
        """Record whether an item was discussed in supervision (yes, partly, no; '' takes
        the answer back) and what was agreed; None leaves that part as it is. Saved at
        once, with an event; refused once the audit is submitted."""
        self.desk.require_on_audit(Op.GRADE_AUDIT, audit_id)
        if discussed is not None:
            discussed = discussed.strip().lower()
            if discussed and discussed not in DISCUSSED:
                raise ServiceError(f"discussed must be one of {', '.join(DISCUSSED)}")
        if agreed is not None:
            agreed = clean_typed(agreed).strip()
        if discussed is None and agreed is None:
            raise ServiceError("say whether it was discussed, or what was agreed, or both")
        if key_kind(item_key) is None:
            raise ServiceError(
                f"{item_key!r} is not an item (finding:AUDIT:CRITERION or action:ID)"
            )
        audit = self._supervision_audit(audit_id)
        if audit["status"] == "submitted":
            raise ServiceError("this audit is submitted; reopen it to change its checks")
        item = self._item(audit, item_key)
        try:
            row = supervision_store.save_check(
                self.desk.store, audit_id, item, discussed, agreed, self.desk.user
            )
        except StoreError as exc:
            raise ServiceError(str(exc)) from None
        return SupervisionItem(
            item_key=item.item_key,
            kind=item.kind,
            source_audit_id=item.source_audit_id,
            case_ref=item.case_ref,
            summary=row["summary"],
            own_case=item.own_case,
            discussed=row["discussed"],
            agreed=row["agreed"],
            updated_at=row["updated_at"],
            updated_by=row["updated_by"],
            current=item.current,
        )

    def discussed_share(
        self,
        *,
        by: ShareBy = "team",
        months: Sequence[str] | None = None,
        from_month: str | None = None,
        to_month: str | None = None,
    ) -> DiscussedFigures:
        """Of the findings checked in submitted supervision audits, the share discussed in
        supervision (partly counted apart), by the supervision audit's team, month or
        quarter of submission; for the months listed, or from/to (YYYY-MM), or all."""
        self.desk.require(Op.SEE_FIGURES)
        if by not in ("team", "month", "quarter"):
            raise ServiceError("by must be team, month or quarter")
        listed = None if months is None else [_month(m) for m in months]
        first = None if from_month is None else _month(from_month)
        last = None if to_month is None else _month(to_month)
        if first and last and first > last:
            raise ServiceError(f"--from {first} is after --to {last}")
        rows = supervision_store.discussed_counts(
            self.desk.store, months=listed, from_month=first, to_month=last
        )
        from qa_tui.desks.council_settings import quarter_style

        grouped, total = shares(
            rows, by, quarter_style(self.desk) if by == "quarter" else "calendar"
        )
        return DiscussedFigures(by, grouped, total)

    # -- reading ---------------------------------------------------------------------

    def _supervision_audit(self, audit_id: int) -> dict[str, Any]:
        audit = self._audit(audit_id)
        if not is_supervision_audit(audit["rubric_id"], audit["programme_kind"]):
            raise ServiceError(
                f"audit {audit_id} is not a supervision audit (graded against the "
                "supervision rubric or in a supervision programme)"
            )
        return audit

    def _item(self, audit: dict[str, Any], item_key: str) -> SupervisionItem:
        """The item as shown now (the worker's other cases included), or as checked."""
        store = self.desk.store
        for item in supervision_store.live_items(store, audit, worker_cases=True):
            if item.item_key == item_key:
                return item
        for item in merge_checks([], supervision_store.recorded_checks(store, audit["id"])):
            if item.item_key == item_key:
                return item
        raise ServiceError(
            f"{item_key!r} is not an earlier finding or open action of audit {audit['id']}'s "
            "case (see `qa-tui supervision items`)"
        )
