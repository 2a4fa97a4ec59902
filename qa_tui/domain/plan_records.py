"""Records of themes and the improvement action plan, as screens and exports read them.

Frozen dataclasses, built by ThemeDesk (themes.py) and ActionDesk (actions.py); the
exports turn them into JSON, CSV, XLSX and Markdown without knowing any SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qa_tui.domain.dashboard_records import Figures

POLARITIES = ("strength", "area_for_development")
ACTION_STATUSES = ("not_started", "on_track", "at_risk", "off_track", "complete")
ACTION_STATUS_LABELS = {
    "not_started": "Not started",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
    "complete": "Complete",
}


@dataclass(frozen=True)
class ThemeCount:
    """How many audits in scope show a theme, among those of one team or criterion."""

    name: str  # a team, or a criterion's question ('' criterion = whole audit)
    audits: int
    rubric_id: str = ""
    criterion_id: str = ""


@dataclass(frozen=True)
class ThemeRow:
    """One theme ranked for a filter: how many audits show it, and how that changed."""

    theme: str
    polarity: str  # strength | area_for_development
    audits: int  # audits in scope that show the theme
    share: float | None  # audits / audits in scope
    teams: list[ThemeCount]  # most affected first
    criteria: list[ThemeCount]  # the criteria it was tagged on, most first
    grades: Figures  # overall counted grades of the audits behind it
    previous_audits: int | None = None  # in the previous period or earlier round
    previous_share: float | None = None

    @property
    def change(self) -> float | None:
        """Change in share since the previous period, in percentage points."""
        if self.share is None or self.previous_share is None:
            return None
        return (self.share - self.previous_share) * 100


@dataclass(frozen=True)
class ThemeRanking:
    scope_audits: int  # submitted audits in scope (the share's base)
    previous_label: str | None  # what "change" compares with, or None
    previous_scope_audits: int | None
    rows: list[ThemeRow]


@dataclass(frozen=True)
class Measure:
    """A success measure bound to a figure the tool computes from audits: the share of
    graded answers in `bucket` for a rubric's criterion ('' = overall judgement), in a
    cohort, team or programme if given."""

    rubric_id: str
    criterion_id: str
    bucket: str  # good | inadequate | v1 (Yes, for compliance)
    cohort: str | None = None
    team: str | None = None
    programme_id: int | None = None

    @property
    def higher_is_better(self) -> bool:
        return self.bucket != "inadequate"


@dataclass(frozen=True)
class Progress:
    """A measure's baseline, where it stands on audits submitted since, and the target."""

    baseline: float | None  # share when the measure was set
    baseline_audits: int
    current: float | None  # share on audits submitted since it was set
    current_audits: int
    target: float | None
    expected: float | None  # where the trajectory says it should be today
    suggested_status: str


@dataclass(frozen=True)
class ActionItem:
    id: int
    title: str
    description: str
    owner: str
    due_on: str | None
    status: str  # the status that stands (override, or suggested)
    suggested_status: str
    status_reason: str  # why the owner overrode the suggestion ('' if not)
    themes: list[tuple[str, str]]  # (theme, polarity)
    recommendation: str | None  # the inspection recommendation it serves
    measure: Measure | None
    measure_label: str
    measure_set_on: str | None
    target_value: float | None  # a share, 0..1
    target_on: str | None
    progress: Progress | None
    smart_problems: list[str] = field(default_factory=list)
    created_at: str = ""
    created_by: str = ""
