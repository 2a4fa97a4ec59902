"""Supervision audits that check audit findings reached the team: what counts as one,
which earlier findings it asks about, and the share discussed in supervision.

The service's six-monthly supervision audits "identify whether issues from case file
audits have been discussed in supervision". Defined once here so the audit screen, the
command line and the dashboard figure agree:

- A **supervision audit** is an audit graded against the supervision rubric
  (`SUPERVISION_RUBRIC`) or one in a programme of kind 'supervision'.
- Its **earlier findings** come from the case's earlier submitted audits, supervision
  audits apart: each criterion whose counted grade (the moderated one where a moderation
  is complete, else the auditor's) is one of the two worst of its scale (Requires
  improvement or Inadequate on Ofsted's four points; Partly or No on Yes / Partly / No),
  and the audit's areas for development, if written.
- Its **open actions** are the case actions of those audits not yet closed.
- Optionally (`include_worker_cases`) the same from the other cases of the case's worker,
  for a supervision audit about the worker rather than the one child.

Each item is asked: was it discussed in supervision (yes, partly, no), and what was
agreed. The figure counts findings checked in submitted supervision audits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

from qa_tui.domain.quarters import QuarterStyle, quarter_of

SUPERVISION_RUBRIC = "supervision-and-management-oversight"
SUPERVISION_PROGRAMME = "supervision"
DISCUSSED = ("yes", "partly", "no")
DISCUSSED_WORDS = {"yes": "Discussed", "partly": "Partly discussed", "no": "Not discussed"}
ItemKind = Literal["finding", "action"]
ShareBy = Literal["team", "month", "quarter"]


def is_supervision_audit(rubric_id: str, programme_kind: str | None) -> bool:
    return rubric_id == SUPERVISION_RUBRIC or programme_kind == SUPERVISION_PROGRAMME


def is_finding(value: int | None, grades: int) -> bool:
    """A counted grade among the two worst of a scale of `grades` (1 is the best); on a
    two-grade scale only the worse one. Not applicable and ungraded are never findings."""
    if value is None or grades < 2:
        return False
    return value >= max(grades - 1, 2)


def finding_key(audit_id: int, criterion_id: str) -> str:
    """A criterion's finding; criterion '' is the audit's areas for development."""
    return f"finding:{audit_id}:{criterion_id}"


def action_key(action_id: int) -> str:
    return f"action:{action_id}"


def key_kind(item_key: str) -> ItemKind | None:
    """'finding' or 'action' for a well-formed key, else None."""
    kind, _, rest = item_key.partition(":")
    if kind == "finding":
        audit, sep, _criterion = rest.partition(":")
        return "finding" if sep and audit.isdigit() else None
    if kind == "action":
        return "action" if rest.isdigit() else None
    return None


@dataclass(frozen=True)
class SupervisionItem:
    """An earlier finding or open case action, with the check recorded of it, if any.

    `current` is False for a check whose item is no longer live (an action closed since,
    a finding reopened): it is still shown, with the summary as the auditor saw it.
    """

    item_key: str
    kind: ItemKind
    source_audit_id: int
    case_ref: str
    summary: str
    own_case: bool = True  # False: another case of the same worker
    discussed: str | None = None
    agreed: str = ""
    updated_at: str | None = None
    updated_by: str | None = None
    current: bool = True

    @property
    def checked(self) -> bool:
        return self.discussed is not None


def merge_checks(
    live: Iterable[SupervisionItem], recorded: Iterable[dict[str, Any]]
) -> list[SupervisionItem]:
    """The live items with their recorded checks laid over them (the summary kept as it
    was shown when checked), then recorded checks of items no longer live."""
    checks = {row["item_key"]: row for row in recorded}
    items: list[SupervisionItem] = []
    for item in live:
        row = checks.pop(item.item_key, None)
        items.append(item if row is None else _with_check(item, row))
    for row in checks.values():
        item = SupervisionItem(
            item_key=row["item_key"],
            kind=row["item_kind"],
            source_audit_id=row["source_audit_id"],
            case_ref=row.get("case_ref") or "",
            summary=row["summary"],
            own_case=bool(row.get("own_case", True)),
            current=False,
        )
        items.append(_with_check(item, row))
    return items


def _with_check(item: SupervisionItem, row: dict[str, Any]) -> SupervisionItem:
    return replace(
        item,
        summary=row["summary"],
        discussed=row["discussed"],
        agreed=row["agreed"],
        updated_at=row["updated_at"],
        updated_by=row["updated_by"],
    )


@dataclass(frozen=True)
class DiscussedShare:
    """Findings checked in submitted supervision audits, for one team or period."""

    group: str
    yes: int = 0
    partly: int = 0
    no: int = 0
    audits: int = 0  # supervision audits behind the counts

    @property
    def checked(self) -> int:
        return self.yes + self.partly + self.no

    @property
    def share(self) -> float | None:
        """Discussed (yes) of those checked; partly is counted apart, never as discussed."""
        return self.yes / self.checked if self.checked else None

    @property
    def partly_share(self) -> float | None:
        return self.partly / self.checked if self.checked else None

    def as_dict(self) -> dict[str, object]:
        return {
            "group": self.group,
            "checked": self.checked,
            "discussed": self.yes,
            "partly": self.partly,
            "not_discussed": self.no,
            "share_discussed": self.share,
            "share_partly": self.partly_share,
            "supervision_audits": self.audits,
        }


def shares(
    rows: Iterable[dict[str, Any]], by: ShareBy, style: QuarterStyle = "calendar"
) -> tuple[list[DiscussedShare], DiscussedShare]:
    """Counts of checked findings (rows: team, month, audit_id, discussed, n) grouped by
    team, month or quarter (named as the council names quarters: `style`), in order, and
    the total over all of them."""
    order: dict[str, Any] = {}
    groups: dict[str, dict[str, int]] = {}
    audits: dict[str, set[int]] = {}
    every: set[int] = set()
    total = {"yes": 0, "partly": 0, "no": 0}
    for row in rows:
        month = row["month"]
        if by == "quarter":
            quarter = quarter_of(month, style)
            group = quarter.short
            order[group] = quarter.start.isoformat()
        else:
            group = row[by]
            order[group] = group
        counts = groups.setdefault(group, {"yes": 0, "partly": 0, "no": 0})
        counts[row["discussed"]] += row["n"]
        total[row["discussed"]] += row["n"]
        audits.setdefault(group, set()).add(row["audit_id"])
        every.add(row["audit_id"])
    listed = [
        DiscussedShare(group, audits=len(audits[group]), **counts)
        for group, counts in sorted(groups.items(), key=lambda item: order[item[0]])
    ]
    return listed, DiscussedShare("all", audits=len(every), **total)
