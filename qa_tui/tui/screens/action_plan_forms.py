"""The action plan's dialogs: a new item (with its target when it has a measure), an
item's edit, and a measure's scope and target; and `create_item`, which turns the new
item form's answers into an item.

They live apart from the action plan screen because they are the forms a QA lead fills
in, not the board the screen shows; the dashboard's Themes tab opens the new item form
too, when it promotes a theme (through the screen's module, which still names them).
"""

from __future__ import annotations

from datetime import date

from qa_tui.desks.plan import ActionDesk
from qa_tui.domain.plan_records import Measure
from qa_tui.tui.widgets.dialogs import Form


class PlanItemForm(Form):
    """A new action plan item; with a measure, its target too."""

    heading = "New action plan item"
    compact = True

    def __init__(
        self,
        *,
        title: str = "",
        measure_label: str = "",
        themes: str = "",
        today: date | None = None,
    ):
        super().__init__()
        today = today or date.today()
        self.defaults = (title, "", (today.replace(year=today.year + 1)).isoformat())
        self.has_measure = bool(measure_label)
        self.note = (f"Answers: {themes}\nMeasure: {measure_label}\n" if themes else "") + (
            "Target: the share to reach by the target date."
            if measure_label
            else "Who owns it and by when; a measure can be added later."
        )

    def fields(self) -> list[tuple[str, str, str]]:
        title, owner, due = self.defaults
        out = [
            ("Action", "what will be done", title),
            ("Owner", "a role or person, e.g. Head of service", owner),
            ("Due date", "YYYY-MM-DD", due),
            ("Recommendation", "optional code, e.g. 2023-7", ""),
        ]
        if self.has_measure:
            out += [("Target %", "e.g. 80", ""), ("Target date", "YYYY-MM-DD", due)]
        return out

    def check(self, values: tuple[str, ...]) -> str | None:
        if not values[0].strip():
            return "An action needs a title."
        if not values[1].strip():
            return "Who owns it? A SMART action has an owner."
        for value, what in (
            (values[2], "due date"),
            *([(values[5], "target date")] if self.has_measure else []),
        ):
            try:
                date.fromisoformat(value.strip())
            except ValueError:
                return f"The {what} must be a date (YYYY-MM-DD)."
        if self.has_measure:
            try:
                target = float(values[4].strip().rstrip("%"))
            except ValueError:
                return "The target is a percentage, e.g. 80."
            if not 0 <= target <= 100:
                return "The target is between 0 and 100."
        return None


class EditItemForm(Form):
    heading = "Edit action plan item"
    compact = True

    def __init__(self, title: str, description: str, owner: str, due_on: str, code: str):
        super().__init__()
        self.values = (title, description, owner, due_on, code)

    def fields(self) -> list[tuple[str, str, str]]:
        title, description, owner, due_on, code = self.values
        return [
            ("Action", "what will be done", title),
            ("Description", "optional", description),
            ("Owner", "a role or person", owner),
            ("Due date", "YYYY-MM-DD", due_on),
            ("Recommendation", "optional code, e.g. 2023-7", code),
        ]

    def check(self, values: tuple[str, ...]) -> str | None:
        if not values[0]:
            return "An action needs a title."
        if values[3]:
            try:
                date.fromisoformat(values[3])
            except ValueError:
                return "The due date must be a date (YYYY-MM-DD)."
        return None


class TargetForm(Form):
    heading = "Measure: scope and target"
    note = (
        "The baseline is worked out now, from the 12 months to this month; progress "
        "counts audits submitted from next month on."
    )
    compact = True

    def __init__(self, due_on: str | None):
        super().__init__()
        self.due_on = due_on or ""

    def fields(self) -> list[tuple[str, str, str]]:
        return [
            ("Cohort", "optional, e.g. CP", ""),
            ("Team", "optional", ""),
            ("Target %", "e.g. 80", ""),
            ("Target date", "YYYY-MM-DD", self.due_on),
        ]

    def check(self, values: tuple[str, ...]) -> str | None:
        try:
            target = float(values[2].rstrip("%"))
        except ValueError:
            return "The target is a percentage, e.g. 80."
        if not 0 <= target <= 100:
            return "The target is between 0 and 100."
        try:
            if date.fromisoformat(values[3]) <= date.today():
                return "The target date must be after today."
        except ValueError:
            return "The target date must be a date (YYYY-MM-DD)."
        return None


def create_item(
    desk: ActionDesk,
    values: tuple[str, ...],
    measure: Measure | None,
    themes: tuple[tuple[str, str], ...],
) -> int:
    """Create an item from the form's values (run in the database thread)."""
    title, owner, due, recommendation = (v.strip() for v in values[:4])
    action_id = desk.create(
        title, owner=owner, due_on=due, themes=themes, recommendation=recommendation or None
    )
    if measure is not None and len(values) > 4:
        desk.set_measure(
            action_id,
            measure,
            target=float(values[4].strip().rstrip("%")) / 100,
            target_on=values[5].strip(),
        )
    return action_id
