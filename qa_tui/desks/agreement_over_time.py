"""Agreement between auditors and moderators over a span of dates and quarter by quarter.

`ModerationDesk.agreement_by` reads the counted pairs of every moderation ever done,
which is what the moderation screen shows at a glance. A QA lead checking consistency
asks two more things: how did auditors grade in this period (the quarter an inspection
looks at), and is anyone drifting (an auditor whose agreement with the moderator falls
quarter after quarter). Both count the pairs of moderations completed in the span, by
the date each moderation was completed, in the council's quarters; quarter by quarter
also counts each auditor against the agreed grades of calibration exercises, by the
date each closed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.council_settings import quarter_style
from qa_tui.domain.agreement import Agreement, Pair, agreement_by_key, agreement_from_counts
from qa_tui.domain.permissions import Op
from qa_tui.domain.quarters import quarter_of
from qa_tui.store.calibration import CalibrationRecords
from qa_tui.store.moderation import ModerationStore

GROUPINGS = ("auditor", "criterion", "programme", "overall")


@dataclass(frozen=True)
class QuarterAgreement:
    """One auditor's criterion grades against the moderator's in one quarter, on scales
    of one size (a Yes/Partly/No answer is never compared as if it were Ofsted's)."""

    auditor: str
    quarter: str  # as the council names it: "2026-Q3" or "Q4-23/24"
    starts_on: str  # the quarter's first day, so scripts can sort and chart it
    scale_points: int
    agreement: Agreement
    calibration_pairs: int = 0  # of agreement.pairs, against a calibration's agreed grade

    def as_dict(self) -> dict[str, Any]:
        return {
            "auditor": self.auditor,
            "quarter": self.quarter,
            "quarter_starts_on": self.starts_on,
            "scale_points": self.scale_points,
            **self.agreement.__dict__,
            "calibration_pairs": self.calibration_pairs,
        }


class AgreementOverTime:
    def __init__(self, desk: AuditDesk):
        self.desk = desk
        self.store = ModerationStore(desk.store)

    def within(
        self,
        by: str,
        from_day: str | None = None,
        to_day: str | None = None,
        blind_only: bool = False,
    ) -> dict[str, Agreement]:
        """`ModerationDesk.agreement_by`, from moderations completed from `from_day` to
        `to_day` (YYYY-MM-DD, both included; either may be left open)."""
        self._check(by, from_day, to_day)
        return agreement_by_key(self.store.dated_pair_counts(by, from_day, to_day, blind_only))

    def by_quarter(
        self,
        from_day: str | None = None,
        to_day: str | None = None,
        blind_only: bool = False,
    ) -> list[QuarterAgreement]:
        """Each auditor's agreement on criterion grades in each quarter, oldest first:
        against the moderator, by when each moderation was completed, and against the
        agreed grades of calibration exercises, by when each closed (not with
        `blind_only`). Weighted kappa needs at least 5 pairs."""
        self._check("auditor", from_day, to_day)
        style = quarter_style(self.desk)
        counted: dict[tuple[str, Any, int], Counter[Pair]] = defaultdict(Counter)
        calibrated: Counter[tuple[str, Any, int]] = Counter()
        rows = [
            (r, False)
            for r in self.store.dated_pair_counts("auditor", from_day, to_day, blind_only)
        ]
        if not blind_only:
            rows += [
                (r, True) for r in CalibrationRecords(self.desk.store).dated_pairs(from_day, to_day)
            ]
        for r, calibration in rows:
            key = (r["key"], quarter_of(r["month"], style), r["size"])
            pair = (r["auditor_value"] or None, r["moderator_value"] or None)
            counted[key][pair] += r["pairs"]
            if calibration and None not in pair:
                calibrated[key] += r["pairs"]
        return [
            QuarterAgreement(
                auditor, quarter.label, quarter.start.isoformat(), size,
                agreement_from_counts(counts, size), calibrated[(auditor, quarter, size)],
            )
            for (auditor, quarter, size), counts in sorted(counted.items())
        ]  # fmt: skip

    def _check(self, by: str, from_day: str | None, to_day: str | None) -> None:
        self.desk.require(Op.SEE_FIGURES)
        if by not in GROUPINGS:
            raise ServiceError("by must be auditor, criterion, programme or overall")
        if from_day and to_day and from_day > to_day:
            raise ServiceError(f"--from {from_day} is after --to {to_day}")
