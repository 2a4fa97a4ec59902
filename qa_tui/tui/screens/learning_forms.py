"""The learning events' dialogs: plan (or change) a practice workshop or training need,
and record how many came from each team.

Apart from the events screen because they are what a QA lead fills in; the dashboard's
themes tab opens the plan form too, with the highlighted theme already in it.
"""

from __future__ import annotations

from datetime import date

from qa_tui.domain.learning import LearningEvent, kind_words, parse_kind
from qa_tui.tui.widgets.dialogs import Form

SEPARATOR = ";"


def split(text: str) -> list[str]:
    """Themes or teams typed in one field, `;` between them."""
    return [part.strip() for part in text.split(SEPARATOR) if part.strip()]


class LearningEventForm(Form):
    """A new learning event (or one changed): kind, title, themes, teams, date, facilitator.
    Dismissed with the six values as typed; the desk checks the themes exist."""

    compact = True
    note = "Themes and teams: separate several with ;"

    def __init__(
        self,
        *,
        themes: str = "",
        teams: str = "",
        event: LearningEvent | None = None,
        today: date | None = None,
    ):
        super().__init__()
        self.heading = "Change learning event" if event else "Plan a workshop or training need"
        if event is None:
            self.values = (
                "practice workshop",
                "",
                themes,
                teams,
                (today or date.today()).isoformat(),
                "",
            )
        else:
            self.values = (
                kind_words(event.kind),
                event.title,
                f"{SEPARATOR} ".join(t.theme for t in event.themes),
                f"{SEPARATOR} ".join(t.team for t in event.teams),
                event.held_on,
                event.facilitator,
            )

    def fields(self) -> list[tuple[str, str, str]]:
        kind, title, themes, teams, held_on, facilitator = self.values
        return [
            ("Kind", "practice workshop or training need", kind),
            ("Title", "e.g. Hearing the child's voice", title),
            ("Themes it answers", "theme; another theme", themes),
            ("Teams it is for", "team; another team", teams),
            ("Date", "YYYY-MM-DD", held_on),
            ("Facilitator", "optional", facilitator),
        ]

    def check(self, values: tuple[str, ...]) -> str | None:
        try:
            parse_kind(values[0])
        except ValueError:
            return "The kind is 'practice workshop' or 'training need'."
        if not values[1]:
            return "A learning event needs a title."
        if not split(values[2]):
            return "Name at least one theme it answers."
        try:
            date.fromisoformat(values[4])
        except ValueError:
            return "The date must be YYYY-MM-DD."
        return None


class AttendanceForm(Form):
    """How many came from each team the event was for (blank: not known yet)."""

    compact = True
    heading = "Record attendance"
    note = "How many came from each team; 0 if nobody came, blank if not known."

    def __init__(self, event: LearningEvent):
        super().__init__()
        self.teams = [t.team for t in event.teams]
        self.counts = ["" if t.attended is None else str(t.attended) for t in event.teams]

    def fields(self) -> list[tuple[str, str, str]]:
        return [(team, "how many came", n) for team, n in zip(self.teams, self.counts, strict=True)]

    def check(self, values: tuple[str, ...]) -> str | None:
        for team, value in zip(self.teams, values, strict=True):
            if value and not value.isdigit():
                return f"How many came from {team}: a number, or blank."
        return None

    def attendance(self, values: tuple[str, ...]) -> dict[str, int | None]:
        return {team: int(v) if v else None for team, v in zip(self.teams, values, strict=True)}
