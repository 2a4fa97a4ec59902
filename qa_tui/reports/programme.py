"""A round's report for the board: the sample and how it was drawn, grades by criterion
and by team, themes against the earlier round, re-audit changes, the case actions raised
and where they stand, and the QA lead's recommendations.

Everything is read through the desks (ProgrammeDesk, DashboardDesk, ThemeDesk,
ProgrammeReportDesk, RecommendationDesk), so the report holds the permission table as the
screens do and its figures are the dashboard's. The earlier round themes are compared
with is the one this round repeats (`repeat_of`), else the latest earlier programme of
the same kind. Team figures follow the exports' small-number rules: a team's count of
graded audits under the threshold is shown as "<N", and a share that would give a small
count away is not shown.

`programme_report` returns plain data; `render` makes Markdown or HTML of it (escaped,
from templates) and `programme_sheets.py` an XLSX workbook.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from qa_tui.desks.council_settings import quarter_style
from qa_tui.desks.dashboard import DashboardDesk
from qa_tui.desks.programme_recommendations import RecommendationDesk
from qa_tui.desks.programme_report import ProgrammeReportDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.desks.themes import ThemeDesk
from qa_tui.domain.dashboard_records import Filters, Overview
from qa_tui.domain.quarters import quarter_of
from qa_tui.domain.reaudits import Change
from qa_tui.domain.records import Programme
from qa_tui.domain.rubric import criterion_name
from qa_tui.exports.formats import DEFAULT_SUPPRESS_BELOW, is_small, suppress
from qa_tui.exports.small_numbers import gives_count_away

if TYPE_CHECKING:
    from qa_tui.desks.audits import AuditDesk

POLARITY = {"strength": "Strength", "area_for_development": "Area for development"}
OUTCOMES = (
    ("sampled", "Sampled"),
    ("added", "Added by hand"),
    ("removed", "Removed by hand"),
    ("excluded", "Left out"),
    ("not_drawn", "Eligible, not drawn"),
)


def describe_rule(rule: dict[str, Any] | None) -> list[str]:
    """The sampling rule in words, one line per part."""
    if not rule:
        return ["No sample was drawn by rule (cases were added by hand)."]
    out = []
    if rule.get("per_team") is not None:
        out.append(f"{rule['per_team']} case(s) drawn at random from each team")
    elif rule.get("per_team_percent") is not None:
        out.append(
            f"{rule['per_team_percent']:g}% of each team's eligible cases "
            f"(at least {rule.get('per_team_minimum', 1)})"
        )
    out.append("cohorts: " + (", ".join(rule.get("cohorts") or []) or "every cohort"))
    out.append("teams: " + (", ".join(rule.get("teams") or []) or "every team"))
    for name, values in (rule.get("attributes") or {}).items():
        out.append(f"{name}: {', '.join(values)}")
    if rule.get("opened_since"):
        out.append(f"cases opened since {rule['opened_since']}")
    months = rule.get("exclude_audited_within_months")
    if months:
        out.append(f"cases audited in the last {months} months left out")
    return out


def earlier_round(programme: Programme, programmes: list[Programme]) -> Programme | None:
    """The round this one repeats, else the latest earlier programme of the same kind:
    earlier by due date (by the order they were made when either has none)."""
    by_id = {p.id: p for p in programmes}
    if programme.repeat_of is not None and programme.repeat_of in by_id:
        return by_id[programme.repeat_of]

    def when(p: Programme) -> tuple[str, int]:
        # When the round ran, as its due date says (a round set up afterwards to hold
        # history is still earlier); without one, the order rounds were made in.
        return (p.due_on or "9999-12-31", p.id)

    earlier = [p for p in programmes if p.kind == programme.kind and when(p) < when(programme)]
    return max(earlier, key=when) if earlier else None


def _figures(counted: int, good: float | None, bad: float | None) -> dict[str, Any]:
    return {"counted": counted, "good": good, "inadequate": bad}


def _criteria(overview: Overview) -> list[dict[str, Any]]:
    return [
        {
            # The short name: a board reads twenty rows, not twenty questions.
            "label": criterion_name(row.criterion_id) if row.criterion_id else row.label,
            "kind": row.kind,
            **_figures(
                row.figures.counted, row.figures.share("good"), row.figures.share("inadequate")
            ),
            "yes": row.figures.share("v1") if row.kind == "compliance" else None,
        }
        for row in overview.criteria
    ]


def _teams(overview: Overview, rubric_id: str, below: int) -> list[dict[str, Any]]:
    """Each team's overall grades, small numbers kept back."""
    out = []
    for team, cells in overview.teams.items():
        f = cells.get((rubric_id, ""))
        if f is None or not f.counted:
            continue
        small = is_small(f.counted, below)
        good, bad = f.share("good"), f.share("inadequate")
        out.append(
            {
                "team": team,
                "counted": suppress(f.counted, below),
                "counted_text": f"<{below}" if small else str(f.counted),
                "good": None if small or gives_count_away(good, f.counted, below) else good,
                "inadequate": None if small or gives_count_away(bad, f.counted, below) else bad,
            }
        )
    return out


def _themes(
    themes: ThemeDesk, programme: Programme, earlier: Programme | None, month: str, below: int
) -> list[dict[str, Any]]:
    now = themes.ranking(Filters(programme_id=programme.id), month, with_teams=False)
    before = (
        themes.ranking(Filters(programme_id=earlier.id), month, with_teams=False)
        if earlier is not None
        else None
    )
    previous = {(r.theme, r.polarity): r for r in before.rows} if before else {}
    rows = []
    for r in now.rows:
        was = previous.get((r.theme, r.polarity))
        hidden = is_small(r.audits, below)
        earlier_share = (
            (was.share if was else 0.0) if before is not None and before.scope_audits else None
        )
        earlier_hidden = was is not None and is_small(was.audits, below)
        rows.append(
            {
                "theme": r.theme,
                "polarity": POLARITY.get(r.polarity, r.polarity),
                "audits": f"<{below}" if hidden else str(r.audits),
                "share": None if hidden else r.share,
                "earlier_share": None if earlier_hidden else earlier_share,
                "change": (
                    None
                    if hidden or earlier_hidden or r.share is None or earlier_share is None
                    else round((r.share - earlier_share) * 100)
                ),
            }
        )
    seen = {(r.theme, r.polarity) for r in now.rows}
    for was in before.rows if before is not None else []:
        if (was.theme, was.polarity) in seen:
            continue  # a theme gone from this round: the board asks what became of it
        earlier_hidden = is_small(was.audits, below)
        share = 0.0 if now.scope_audits else None
        rows.append(
            {
                "theme": was.theme,
                "polarity": POLARITY.get(was.polarity, was.polarity),
                "audits": "0",
                "share": share,
                "earlier_share": None if earlier_hidden else was.share,
                "change": (
                    None
                    if earlier_hidden or share is None or was.share is None
                    else round((share - was.share) * 100)
                ),
            }
        )
    return rows


def programme_report(
    desk: AuditDesk,
    programme: str | int,
    *,
    today: date | None = None,
    below: int = DEFAULT_SUPPRESS_BELOW,
) -> dict[str, Any]:
    """Everything the round's report shows, as plain data (see the module docstring)."""
    today = today or date.today()
    programmes = ProgrammeDesk(desk)
    p = programmes.get(programme)
    style = quarter_style(desk)
    earlier = earlier_round(p, programmes.all())
    progress = programmes.progress(p.id, today)
    decisions = programmes.decisions(p.id)
    outcomes = Counter(d.outcome for d in decisions)
    exclusions = Counter(
        d.reason for d in decisions if d.outcome in ("excluded", "added", "removed")
    )

    dashboard = DashboardDesk(desk)
    rubrics: list[dict[str, Any]] = []
    for rubric_id in p.rubric_ids:
        overview = dashboard.overview(Filters(programme_id=p.id, rubric_id=rubric_id))
        rubrics.append(
            {
                "title": overview.rubric_titles.get(rubric_id, rubric_id),
                "criteria": _criteria(overview),
                "teams": _teams(overview, rubric_id, below),
            }
        )

    report = ProgrammeReportDesk(desk)
    pairs = report.reaudits(p.id)
    changes = Counter(str(pair.change) if pair.change else "not yet" for pair in pairs)
    actions = report.actions(p.id)
    totals = progress.totals
    return {
        "programme": {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "status": p.status,
            "owner": p.owner,
            "due_on": p.due_on or "",
            "rubrics": ", ".join(r["title"] for r in rubrics),
            "quarter": quarter_of(p.sampled_at[:10], style).label if p.sampled_at else "",
            "earlier": earlier.name if earlier else "",
            "earlier_how": (
                ""
                if earlier is None
                else "the round it repeats"
                if p.repeat_of == earlier.id
                else "the latest earlier round of the same kind"
            ),
        },
        "generated_on": today.isoformat(),
        "quarter_now": quarter_of(today, style).label,
        "suppress_below": below,
        "sample": {
            "rule": describe_rule(p.rule),
            "seed": p.seed,
            "cases_listed": p.cases_listed,
            "cohort_size": p.cohort_size,
            "sampled_at": (p.sampled_at or "")[:10],
            "chosen": progress.chosen,
            "outcomes": [(label, outcomes[key]) for key, label in OUTCOMES if outcomes.get(key)],
            "exclusions": sorted(exclusions.items(), key=lambda kv: (-kv[1], kv[0])),
            "audits": totals["audits"],
            "submitted": totals["submitted"],
            "overdue": totals["overdue"],
        },
        "rubrics": rubrics,
        "themes": _themes(ThemeDesk(desk), p, earlier, today.strftime("%Y-%m"), below),
        "reaudits": [
            {
                "case_ref": pair.case_ref,
                "team": pair.team,
                "previous_audit_id": pair.previous_audit_id,
                "audit_id": pair.audit_id,
                "earlier": pair.earlier_label or "not submitted",
                "later": pair.later_label or "not submitted",
                "change": str(pair.change) if pair.change else "not yet",
            }
            for pair in pairs
        ],
        "reaudit_totals": [
            (label, changes.get(label, 0))
            for label in (*(str(c) for c in Change), "not yet")
            if changes.get(label) or label != "not yet"
        ],
        "actions": [
            {
                "audit_id": a.audit_id,
                "case_ref": a.case_ref,
                "team": a.team,
                "what": a.what,
                "owner": a.owner,
                "due_on": a.due_on,
                "state": _state(a.status, a.overdue(today)),
            }
            for a in actions
        ],
        "action_totals": [
            (state, sum(1 for a in actions if _state(a.status, a.overdue(today)) == state))
            for state in ("open", "overdue", "done")
        ],
        "recommendations": [r.text for r in RecommendationDesk(desk).list(p.id)],
        "agencies": _agencies(desk, p, below),
    }


def _agencies(desk: AuditDesk, p: Programme, below: int) -> dict[str, Any] | None:
    """Each agency beside the joint judgement, for a multi-agency round only."""
    if p.kind != "multi_agency":
        return None
    from qa_tui.reports.programme_agencies import agencies_section

    return agencies_section(desk, p.id, below)


def _state(status: str, overdue: bool) -> str:
    return "done" if status == "done" else "overdue" if overdue else "open"
