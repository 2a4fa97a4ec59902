"""Binding an action plan item to a measure (`m` on the action plan): the rubric, then
the criterion, then what to count, then the target and its date, each asked in turn.

It lives apart from the action plan screen because it is a conversation of its own (four
dialogs, one read of the rubrics' criteria first), as the forms it uses live apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from qa_tui.desks.opening import dashboard_desk, plan_desk
from qa_tui.domain.plan_records import ActionItem, Measure
from qa_tui.tui.screens.action_plan_forms import TargetForm
from qa_tui.tui.widgets.dialogs import Choose

if TYPE_CHECKING:
    from textual.screen import Screen

    from qa_tui.tui.base import DeskAccess


def ask_measure(access: DeskAccess, item: ActionItem, refresh: Callable[[], None]) -> None:
    """Rubric, then criterion, then what to count, then the target; `refresh` reads the
    plan again once the measure is set. `access` is the action plan screen."""
    screen = cast("Screen[None]", access)
    plan, grades = plan_desk(access.desk), dashboard_desk(access.desk)

    def read() -> tuple[list[tuple[str, str]], dict, dict]:
        return (grades.choices()["rubric"], grades.criterion_labels(), grades.criterion_kinds())

    def ask(found: tuple[list[tuple[str, str]], dict, dict]) -> None:
        rubrics, labels, kinds = found

        def rubric_chosen(rubric_id: str | None) -> None:
            if rubric_id is None:
                return
            criteria = [("Overall judgement", "")] + [
                (question, cid)
                for cid, (_, question) in sorted(
                    labels.get(rubric_id, {}).items(), key=lambda kv: kv[1][0]
                )
            ]

            def criterion_chosen(criterion_id: str | None) -> None:
                if criterion_id is None:
                    return
                compliance = kinds.get((rubric_id, criterion_id)) == "compliance"
                buckets = (
                    [("Share answered Yes", "v1")]
                    if compliance
                    else [
                        ("Share Good or better", "good"),
                        ("Share Inadequate (to fall)", "inadequate"),
                    ]
                )

                def bucket_chosen(bucket: str | None) -> None:
                    if bucket is None:
                        return

                    def targeted(values: tuple[str, ...] | None) -> None:
                        if values is None:
                            return
                        cohort, team, target, target_on = values
                        measure = Measure(
                            rubric_id=rubric_id,
                            criterion_id=criterion_id,
                            bucket=bucket,
                            cohort=cohort or None,
                            team=team or None,
                        )
                        access.runner.fetch(
                            "set the measure",
                            lambda: plan.set_measure(
                                item.id,
                                measure,
                                target=float(target.rstrip("%")) / 100,
                                target_on=target_on,
                            ),
                            screen,
                            lambda _: refresh(),
                        )

                    screen.app.push_screen(TargetForm(item.due_on), targeted)

                screen.app.push_screen(Choose("What to count", buckets), bucket_chosen)

            screen.app.push_screen(Choose("Criterion", criteria), criterion_chosen)

        screen.app.push_screen(
            Choose("Measure: which rubric?", [(title, rid) for rid, title in rubrics]),
            rubric_chosen,
        )

    access.runner.fetch("read the rubrics", read, screen, ask)
