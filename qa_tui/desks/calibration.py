"""Calibration exercises: one case file or vignette graded independently by every auditor,
then the agreed grade recorded, and each auditor read against it.

A QA lead sets the exercise (`STEER_MODERATION`: it is the QA lead's steering of how
consistently people grade), records the agreed grades and closes it. Any auditor or QA
lead (`START_AUDIT`) grades it on their own; until it is closed nobody sees anyone
else's grades but the QA lead, so nobody can be led. Results, once closed, are for
whoever reads the agreement figures; the QA lead reads them at any time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from qa_tui.desks.audit_view import AuditReading, ServiceError
from qa_tui.domain.calibration import (
    AGREED,
    AuditorResult,
    CriterionSpread,
    Grades,
    auditor_results,
    spreads,
)
from qa_tui.domain.permissions import Op
from qa_tui.domain.text import clean_line, clean_typed
from qa_tui.store.calibration import CalibrationRecords
from qa_tui.store.database import StoreError

if TYPE_CHECKING:
    from qa_tui.domain.rubric import Rubric


@dataclass(frozen=True)
class Calibration:
    id: int
    title: str
    rubric: Rubric
    case_ref: str | None
    vignette: str | None
    created_by: str
    closed_at: str | None
    mine: dict[str, int | None]  # the reader's own grades (or the agreed ones)

    @property
    def open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class CalibrationResults:
    calibration_id: int
    title: str
    closed: bool
    criteria: list[CriterionSpread]
    auditors: list[AuditorResult]

    def as_dict(self) -> dict[str, Any]:
        return {
            "calibration_id": self.calibration_id,
            "title": self.title,
            "closed": self.closed,
            "criteria": [c.as_dict() for c in self.criteria],
            "auditors": [a.as_dict() for a in self.auditors],
        }


class CalibrationDesk:
    def __init__(self, desk: AuditReading):
        self.desk = desk
        self.records = CalibrationRecords(desk.store)

    def create(
        self, title: str, rubric_id: str, case_ref: str | None = None, vignette: str | None = None
    ) -> int:
        """Set an exercise on a case file from the case list, or a written vignette."""
        self.desk.require(Op.STEER_MODERATION)
        title = clean_line(title).strip()
        if not title:
            raise ServiceError("a calibration exercise needs a title")
        case = clean_line(case_ref or "").strip() or None
        story = clean_typed(vignette or "").strip() or None
        if (case is None) == (story is None):
            raise ServiceError("a calibration exercise is on one case file or one vignette")
        if case is not None and self.desk.store.case(case) is None:
            raise ServiceError(f"case {case} is not in the case list")
        digest = self.desk.store.save_rubric_version(self.desk.current_rubric(rubric_id))
        return self.records.create(title, digest, case, story, self.desk.user)

    def listed(self) -> list[dict[str, Any]]:
        self.desk.require(Op.START_AUDIT)
        return self.records.listed()

    def open(self, calibration_id: int, agreed: bool = False) -> Calibration:
        """The exercise with the reader's own grades, or with the agreed ones."""
        self.desk.require(Op.STEER_MODERATION if agreed else Op.START_AUDIT)
        row = self._row(calibration_id)
        mine = self._grades(calibration_id, AGREED if agreed else self.desk.user)
        return Calibration(
            id=row["id"],
            title=row["title"],
            rubric=_rubric(row),
            case_ref=row["case_ref"],
            vignette=row["vignette"],
            created_by=row["created_by"],
            closed_at=row["closed_at"],
            mine=mine,
        )

    def grade(
        self, calibration_id: int, criterion_id: str, number: int | None, agreed: bool = False
    ) -> Calibration:
        """Grade `number` (1 best) or None for not applicable: the reader's own, or the
        agreed grade (a QA lead's)."""
        calibration = self.open(calibration_id, agreed)
        try:
            criterion = calibration.rubric.criterion(criterion_id)
        except KeyError:
            known = ", ".join(c.id for c in calibration.rubric.criteria)
            raise ServiceError(f"no criterion {criterion_id!r} (known: {known})") from None
        scale = calibration.rubric.scale_for(criterion)
        if number is None:
            if not criterion.not_applicable and criterion.applies is None:
                raise ServiceError(f"{criterion_id} cannot be marked not applicable")
            grade = None
        elif not 1 <= number <= len(scale.grades):
            raise ServiceError(f"{criterion_id}'s scale has grades 1 to {len(scale.grades)}")
        else:
            grade = (scale.by_value(number).key, number)
        grader = AGREED if agreed else self.desk.user
        try:
            self.records.grade(calibration_id, grader, criterion_id, grade, self.desk.user)
        except StoreError as exc:
            raise ServiceError(str(exc)) from None
        return replace(calibration, mine=self._grades(calibration_id, grader))

    def close(self, calibration_id: int) -> None:
        """Close once every criterion has an agreed grade; nobody grades it after."""
        calibration = self.open(calibration_id, agreed=True)
        missing = [c.id for c in calibration.rubric.criteria if c.id not in calibration.mine]
        if missing:
            raise ServiceError("agree a grade first for: " + ", ".join(missing))
        try:
            self.records.close(calibration_id, self.desk.user)
        except StoreError as exc:
            raise ServiceError(str(exc)) from None

    def results(self, calibration_id: int) -> CalibrationResults:
        """Each criterion's spread and each auditor against the agreed grades: for the
        QA lead at any time, for others once it is closed."""
        row = self._row(calibration_id)
        if row["closed_at"] is None:
            self.desk.require(Op.STEER_MODERATION)
        else:
            self.desk.require(Op.SEE_FIGURES)
        rubric = _rubric(row)
        grades: Grades = {}
        for g in self.records.grades(calibration_id):
            value = None if g["not_applicable"] else g["grade_value"]
            grades.setdefault(g["grader"], {})[g["criterion_id"]] = value
        scales = {c.id: [g.label for g in rubric.scale_for(c).grades] for c in rubric.criteria}
        sizes = {cid: len(labels) for cid, labels in scales.items()}
        return CalibrationResults(
            calibration_id,
            row["title"],
            row["closed_at"] is not None,
            spreads(grades, scales),
            auditor_results(grades, sizes),
        )

    def _grades(self, calibration_id: int, grader: str) -> dict[str, int | None]:
        return {
            g["criterion_id"]: None if g["not_applicable"] else g["grade_value"]
            for g in self.records.grades(calibration_id, grader)
        }

    def _row(self, calibration_id: int) -> dict[str, Any]:
        row = self.records.calibration(calibration_id)
        if row is None:
            raise ServiceError(f"calibration {calibration_id} does not exist")
        return row


def _rubric(row: dict[str, Any]) -> Rubric:
    """The rubric version the exercise is graded against."""
    return _parsed(row["rubric_hash"], row["rubric_body"])


@lru_cache(maxsize=8)
def _parsed(rubric_hash: str, body: str) -> Rubric:
    """A rubric version never changes under its hash, so each grade key need not parse
    it again (pydantic: imported only here)."""
    from qa_tui.domain.rubric import Rubric

    return Rubric.model_validate_json(body)
