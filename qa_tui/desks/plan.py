"""The improvement action plan: items with a measure the audits prove or disprove.

An item's success measure is a figure worked out from audits (the share of graded
answers in a bucket, for one criterion or the overall judgement, optionally in one
cohort, team or programme). Its baseline is the 12 months up to and including the month
the measure is set; progress is the same figure over audits submitted in the months
after. The trajectory runs straight from baseline to target between those dates, and
the status suggests itself from where progress stands against it; the owner may
override it with a reason. No SQL here.

Reading the plan is SEE_PLAN; changing it (items, measures, statuses, recommendations)
is EDIT_PLAN, a head of service's or a QA lead's.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING

from qa_tui.desks.dashboard import level_for
from qa_tui.desks.plan_status import (
    AT_RISK_SLACK,
    ON_TRACK_SLACK,
    smart_problems,
    suggest_status,
    trajectory,
)
from qa_tui.desks.themes import shift_month
from qa_tui.domain.dashboard_records import Figures, Filters
from qa_tui.domain.permissions import Op
from qa_tui.domain.plan_records import ACTION_STATUSES, ActionItem, Measure, Progress
from qa_tui.domain.text import clean_line, clean_typed
from qa_tui.store.dashboard import DashboardStore
from qa_tui.store.database import StoreError
from qa_tui.store.plan import ActionStore

if TYPE_CHECKING:
    from qa_tui.desks.identity import PersonAtDesk

__all__ = [
    "AT_RISK_SLACK",
    "ON_TRACK_SLACK",
    "ActionDesk",
    "ActionError",
    "measure_for_theme",
    "smart_problems",
    "suggest_status",
    "trajectory",
]

BUCKET_LABELS = {"good": "Good or better", "inadequate": "Inadequate", "v1": "Yes"}
# rubric titles, criterion questions by rubric, programme names
Names = tuple[dict[str, str], dict[str, dict[str, tuple[int, str]]], dict[int, str]]


class ActionError(ValueError):
    """A change to the plan that cannot be made, in words for the QA lead."""


class ActionDesk:
    """The action plan's use cases, for the person at `desk`."""

    def __init__(self, desk: PersonAtDesk):
        self.desk = desk
        self.store = ActionStore(desk.store)
        self.grades = DashboardStore(desk.store)

    @property
    def user(self) -> str:
        return self.desk.user

    # -- measures ----------------------------------------------------------------------

    def figure(self, measure: Measure, month_from: str | None, month_to: str | None) -> Figures:
        """The measure's counted grades over a span of months."""
        self.desk.require(Op.SEE_PLAN)
        filters = Filters(
            month_from=month_from,
            month_to=month_to,
            rubric_id=measure.rubric_id,
            team=measure.team,
            cohort=measure.cohort,
            programme_id=measure.programme_id,
        )
        kinds = ("overall",) if not measure.criterion_id else ("quality", "compliance")
        rows = self.grades.cells(
            filters,
            level_for(filters.dims()),
            kinds=kinds,
            group=("kind",),
            criteria=(measure.criterion_id,),
        )
        return sum((Figures.from_row(r) for r in rows), Figures())

    def baseline(self, measure: Measure, set_on: date) -> Figures:
        self.desk.require(Op.SEE_PLAN)
        month = set_on.strftime("%Y-%m")
        return self.figure(measure, shift_month(month, -11), month)

    def progress(self, item: dict, today: date) -> Progress | None:
        self.desk.require(Op.SEE_PLAN)
        if not item.get("measure") or not item.get("measure_set_on"):
            return None
        measure = Measure(**item["measure"])
        since = shift_month(item["measure_set_on"][:7], 1)
        now_figures = self.figure(measure, since, None)
        current = now_figures.share(measure.bucket)  # type: ignore[arg-type]
        expected = trajectory(
            item["baseline_value"],
            item["target_value"],
            item["measure_set_on"],
            item["target_on"],
            today,
        )
        return Progress(
            baseline=item["baseline_value"],
            baseline_audits=item["baseline_audits"] or 0,
            current=current,
            current_audits=now_figures.counted,
            target=item["target_value"],
            expected=expected,
            suggested_status=suggest_status(
                current,
                now_figures.counted,
                item["baseline_value"],
                item["target_value"],
                expected,
                measure.higher_is_better,
            ),
        )

    def measure_label(self, measure: Measure | None, names: Names | None = None) -> str:
        """The measure in words; `names` (from `names()`) saves reading them per item."""
        self.desk.require(Op.SEE_PLAN)
        if measure is None:
            return ""
        titles, labels, programmes = names or self.names()
        what = (
            (
                labels.get(measure.rubric_id, {}).get(measure.criterion_id, (0, ""))[1]
                or measure.criterion_id
            )
            if measure.criterion_id
            else "overall judgement"
        )
        programme = (
            programmes.get(measure.programme_id, str(measure.programme_id))
            if measure.programme_id is not None
            else ""
        )
        scope = [
            f"cohort {measure.cohort}" if measure.cohort else "",
            f"team {measure.team}" if measure.team else "",
            f"programme {programme}" if programme else "",
        ]
        return (
            f"{BUCKET_LABELS.get(measure.bucket, measure.bucket)}: "
            f"{titles.get(measure.rubric_id, measure.rubric_id)} · {what}"
            + "".join(f" · {s}" for s in scope if s)
        )

    def names(self) -> Names:
        """Rubric titles, criterion questions and programme names, read once."""
        self.desk.require(Op.SEE_PLAN)
        return (
            self.grades.rubric_titles(),
            self.grades.criterion_labels(),
            self.grades.programme_names(),
        )

    # -- the plan --------------------------------------------------------------------

    def items(self, today: date | None = None) -> list[ActionItem]:
        self.desk.require(Op.SEE_PLAN)
        today = today or date.today()
        names = self.names()
        out = []
        for r in self.store.items():
            progress = self.progress(r, today)
            suggested = progress.suggested_status if progress else "not_started"
            measure = Measure(**r["measure"]) if r["measure"] else None
            out.append(
                ActionItem(
                    id=r["id"],
                    title=r["title"],
                    description=r["description"],
                    owner=r["owner"],
                    due_on=r["due_on"],
                    status=r["status_override"] or suggested,
                    suggested_status=suggested,
                    status_reason=r["status_reason"],
                    themes=r["themes"],
                    recommendation=(
                        f"{r['recommendation_code']}: {r['recommendation_text']}"
                        if r["recommendation_code"]
                        else None
                    ),
                    measure=measure,
                    measure_label=self.measure_label(measure, names),
                    measure_set_on=r["measure_set_on"],
                    target_value=r["target_value"],
                    target_on=r["target_on"],
                    progress=progress,
                    smart_problems=smart_problems(r),
                    created_at=r["created_at"],
                    created_by=r["created_by"],
                )
            )
        return out

    def create(
        self,
        title: str,
        *,
        owner: str = "",
        due_on: str | None = None,
        description: str = "",
        themes: tuple[tuple[str, str], ...] = (),
        recommendation: str | None = None,
    ) -> int:
        self.desk.require(Op.EDIT_PLAN)
        if not clean_line(title).strip():
            raise ActionError("an action needs a title")
        _check_date(due_on, "due date")
        return self._guard(
            lambda: self.store.create(
                title=clean_line(title).strip(),
                description=clean_typed(description).strip(),
                owner=clean_line(owner).strip(),
                due_on=due_on or None,
                themes=themes,
                recommendation_id=self._recommendation_id(recommendation),
                who=self.user,
            )
        )

    def set_measure(
        self,
        action_id: int,
        measure: Measure,
        *,
        target: float,
        target_on: str,
        today: date | None = None,
    ) -> Figures:
        """Bind the item to a figure, work out its baseline now, and set the target
        (a share, 0..1, reached by target_on)."""
        self.desk.require(Op.EDIT_PLAN)
        today = today or date.today()
        if measure.bucket not in BUCKET_LABELS:
            raise ActionError(f"a measure counts {', '.join(BUCKET_LABELS)}")
        if not 0 <= target <= 1:
            raise ActionError("the target is a share between 0% and 100%")
        _check_date(target_on, "target date")
        if date.fromisoformat(target_on) <= today:
            raise ActionError("the target date must be after today")
        base = self.baseline(measure, today)
        self._guard(
            lambda: self.store.set_measure(
                action_id,
                asdict(measure),
                today.isoformat(),
                base.share(measure.bucket),  # type: ignore[arg-type]
                base.counted,
                self.user,
            )
        )
        self._guard(
            lambda: self.store.update(
                action_id, self.user, target_value=target, target_on=target_on
            )
        )
        return base

    def override_status(self, action_id: int, status: str | None, reason: str) -> None:
        """The owner's status, with why; None goes back to the suggested one."""
        self.desk.require(Op.EDIT_PLAN)
        if status is not None and status not in ACTION_STATUSES:
            raise ActionError(f"status is one of {', '.join(ACTION_STATUSES)}")
        if status is not None and not clean_typed(reason).strip():
            raise ActionError("overriding the suggested status needs a reason")
        reason = clean_typed(reason).strip()
        self._guard(lambda: self.store.override_status(action_id, status, reason, self.user))

    def update(self, action_id: int, **fields: object) -> None:
        self.desk.require(Op.EDIT_PLAN)
        if "due_on" in fields:
            _check_date(fields["due_on"], "due date")  # type: ignore[arg-type]
        self._guard(lambda: self.store.update(action_id, self.user, **fields))

    def edit(
        self,
        action_id: int,
        *,
        title: str,
        description: str,
        owner: str,
        due_on: str | None,
        recommendation: str | None,
    ) -> None:
        """Change what an item says, who owns it and by when (each change recorded)."""
        self.desk.require(Op.EDIT_PLAN)
        if not clean_line(title).strip():
            raise ActionError("an action needs a title")
        _check_date(due_on, "due date")
        self._guard(
            lambda: self.store.update(
                action_id,
                self.user,
                title=clean_line(title).strip(),
                description=clean_typed(description).strip(),
                owner=clean_line(owner).strip(),
                due_on=due_on or None,
                recommendation_id=self._recommendation_id(recommendation),
            )
        )

    def recommendations(self) -> list[dict]:
        self.desk.require(Op.SEE_PLAN)
        return self.store.recommendations()

    def add_recommendation(self, code: str, text: str, source: str) -> int:
        """An inspection recommendation an action can serve (the list is the service's)."""
        self.desk.require(Op.EDIT_PLAN)
        return int(
            self._guard(lambda: self.store.add_recommendation(code, text, source, self.user))
        )

    def _recommendation_id(self, code: str | None) -> int | None:
        if not code:
            return None
        for r in self.store.recommendations():
            if r["code"] == code:
                return int(r["id"])
        raise ActionError(f"no recommendation {code!r}")

    @staticmethod
    def _guard(call):  # type: ignore[no-untyped-def]
        try:
            return call()
        except StoreError as exc:
            raise ActionError(str(exc)) from None


def _check_date(value: str | None, what: str) -> None:
    if not value:
        return
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ActionError(f"the {what} {value!r} is not a date (use YYYY-MM-DD)") from None


def measure_for_theme(criteria: list[tuple[str, str, str]], filters: Filters) -> Measure | None:
    """The measure an action on a theme most likely wants: Good or better (Yes for a
    compliance check) on the criterion the theme was tagged on most, in the filter's
    cohort, team and programme. `criteria` are (rubric_id, criterion_id, kind), most
    tagged first."""
    for rubric_id, criterion_id, kind in criteria:
        if rubric_id:
            return Measure(
                rubric_id=rubric_id,
                criterion_id=criterion_id,
                bucket="v1" if kind == "compliance" else "good",
                cohort=filters.cohort,
                team=filters.team,
                programme_id=filters.programme_id,
            )
    return None
