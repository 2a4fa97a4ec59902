"""The programmes screen's dialogs: the forms that create a programme (n), set the
sampling rule (s) and name the auditors (a), and `Confirm`, the preview a step shows
before it records anything.

They live apart from the programmes screen because each form is a small job of its own
(its fields and the checks on what was typed), beside listing programmes and their
progress. They only ask and check; what is asked for is done by `ProgrammeActions`
through `ProgrammeDesk`. Typed values, titles and lines are shown literally, through
`tui/widgets/shown.py`.
"""

from __future__ import annotations

import random
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from qa_tui.domain.sampling import PROGRAMME_KINDS, SamplingRule
from qa_tui.tui.screens.moderation_steering import moderation_terms_problem
from qa_tui.tui.widgets.dialogs import Form, quoted
from qa_tui.tui.widgets.shown import block, line


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class ProgrammeForm(Form):
    heading = "New programme"
    note = "An audit round: what is audited, against which rubrics, by when."
    compact = True

    def __init__(self, rubric_ids: list[str], owner: str):
        super().__init__()
        self.rubric_ids = rubric_ids
        self.owner = owner

    def fields(self) -> list[tuple[str, str, str]]:
        return [
            ("Name", "e.g. CIN dip sample, December", ""),
            (f"Type ({', '.join(PROGRAMME_KINDS)})", "dip_sample", "dip_sample"),
            (
                f"Rubrics, comma separated ({', '.join(self.rubric_ids)})",
                "voice-of-the-child",
                self.rubric_ids[0] if self.rubric_ids else "",
            ),
            ("Due date", "YYYY-MM-DD", ""),
            ("Owner", "e.g. Head of QA", self.owner),
            ("Look-back months", "12", "12"),
            ("Judgement months", "6", "6"),
            ("Moderation share, percent of other audits", "10", "10"),
            ("Blind moderation (yes or no)", "no", "no"),
        ]

    def check(self, values: tuple[str, ...]) -> str | None:
        name, kind, rubrics, due, _owner, lookback, judgement, share, blind = values
        if not name:
            return "A programme needs a name."
        if kind not in PROGRAMME_KINDS:
            return f"Type must be one of {', '.join(PROGRAMME_KINDS)}."
        unknown = [quoted(r) for r in _split(rubrics) if r not in self.rubric_ids]
        if not _split(rubrics) or unknown:
            return f"Unknown rubric {', '.join(unknown) or '(none given)'}."
        if due:
            try:
                date.fromisoformat(due)
            except ValueError:
                return f"{quoted(due)} is not a date: use YYYY-MM-DD."
        if not (lookback.isdigit() and judgement.isdigit()):
            return "Months are whole numbers."
        return moderation_terms_problem(share, blind)


class SampleForm(Form):
    heading = "Draw the sample"
    note = "Leave a filter empty to take every value. The same seed gives the same sample."
    compact = True

    def __init__(self, rule: dict | None):
        super().__init__()
        self.rule = rule or {}

    def fields(self) -> list[tuple[str, str, str]]:
        r = self.rule
        attrs = "; ".join(f"{k}={v}" for k, vs in r.get("attributes", {}).items() for v in vs)
        return [
            ("Seed", "a whole number", str(random.randrange(1, 10_000))),
            ("Cohorts (e.g. CIN, CP)", "every cohort", ", ".join(r.get("cohorts", []))),
            ("Teams", "every team", ", ".join(r.get("teams", []))),
            ("Case attributes NAME=VALUE; ...", "e.g. age_band=11-15", attrs),
            ("Opened since", "YYYY-MM-DD", r.get("opened_since") or ""),
            ("Cases per team (N), or", "", str(r.get("per_team") or "")),
            ("Percent per team", "", str(r.get("per_team_percent") or "")),
            ("Minimum per team (with a percent)", "1", str(r.get("per_team_minimum", 1))),
            (
                "Leave out cases audited within months",
                "12",
                str(r.get("exclude_audited_within_months", 12)),
            ),
        ]

    def check(self, values: tuple[str, ...]) -> str | None:
        try:
            self.parsed(values)
        except ValueError as exc:
            return str(exc).splitlines()[-1].removeprefix("  Value error, ")
        return None

    @staticmethod
    def parsed(values: tuple[str, ...]) -> tuple[SamplingRule, int]:
        seed, cohorts, teams, attrs, since, per_team, percent, minimum, months = values
        if not seed.lstrip("-").isdigit():
            raise ValueError("The seed is a whole number.")
        attributes: dict[str, list[str]] = {}
        for item in [a for a in attrs.split(";") if a.strip()]:
            name, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"{quoted(item.strip())} is not NAME=VALUE.")
            attributes.setdefault(name.strip(), []).append(value.strip())
        try:
            rule = SamplingRule(
                cohorts=_split(cohorts),
                teams=_split(teams),
                attributes=attributes,
                opened_since=date.fromisoformat(since) if since else None,
                per_team=int(per_team) if per_team else None,
                per_team_percent=float(percent) if percent else None,
                per_team_minimum=int(minimum or 1),
                exclude_audited_within_months=int(months or 12),
            )
        except ValueError as exc:
            message = str(exc).splitlines()
            raise ValueError(message[-1].strip().removeprefix("Value error, ")) from None
        return rule, int(seed)


class AssignForm(Form):
    heading = "Assign the sample"
    note = "Auditors never get cases from a team they belong to or manage."
    compact = True

    def __init__(self, known: list[str]):
        super().__init__()
        self.known = known

    def fields(self) -> list[tuple[str, str, str]]:
        return [
            (
                "Auditors, comma separated",
                ", ".join(self.known) or "e.g. qa.birch",
                ", ".join(self.known),
            ),
            ("Relax independence? Reason (else leave empty)", "", ""),
        ]

    def check(self, values: tuple[str, ...]) -> str | None:
        return None if _split(values[0]) else "Name at least one auditor."


class Confirm(ModalScreen[bool]):
    """A preview with its consequences; enter does it, escape does not.

    The title, a str body and the lines are shown literally; a body that needs styling
    is passed as Content, built from data with `shown`."""

    BINDINGS = [
        Binding("enter", "yes", "Do it", id="confirm.yes", tooltip="Do what is shown"),
        Binding("escape", "no", "Cancel", id="confirm.no", tooltip="Do nothing"),
    ]

    def __init__(self, title: str, body: str | Content, lines: list[str]):
        super().__init__()
        self.confirm_title, self.body, self.lines = title, body, lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="confirm-box"):
            yield Label(line(self.confirm_title, "bold"))
            yield Static(block(self.body) if isinstance(self.body, str) else self.body)
            yield Static(
                Content("\n").join([line(text) for text in self.lines]), id="confirm-lines"
            )
            yield Label(Content.from_markup("[dim]enter: do it · escape: cancel[/dim]"))

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
