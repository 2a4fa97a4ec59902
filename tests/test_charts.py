"""Charts people look at: the trend with its quiet months kept and each point's sample
size, the team x criterion heat map, the auditor-against-moderator grid and an action
plan item's line; colours that read in every theme; plotext imported only for a chart.

Real SQLite files in tmp_path and the real app; figures are checked against counts
made here straight from the audits and moderations tables.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import COHORTS, MINI_RUBRICS, TEAMS, _submit, settle
from rich.style import Style
from rich.text import Text
from test_themes_actions import AFD, plan, submit
from test_tui_dashboard import choose
from textual.color import Color
from textual.theme import BUILTIN_THEMES
from textual.widgets import DataTable, Static

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.dashboard import (
    DashboardDesk,
    months_from_to,
    quarters_from_to,
    trend,
    trend_span,
)
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.domain.dashboard_records import Figures, Filters
from qa_tui.domain.plan_records import Measure
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app
from qa_tui.tui.screens.dashboard_charts import HeatScale, heat
from qa_tui.tui.theme import HIGH_CONTRAST, HIGH_CONTRAST_THEME
from qa_tui.tui.widgets.tones import MIN_CONTRAST, TONES, contrast, grounds, readable, shade

ROOT = Path(__file__).resolve().parents[1]


def style_of(text: Text) -> Style:
    """A cell's own style, whether given as a Style or a style string."""
    return text.style if isinstance(text.style, Style) else Style.parse(text.style)


GAP_MONTHS = ("2025-01", "2025-02", "2025-05")  # March and April have no audits
SIZES = [(80, 24), (120, 36)]


@pytest.fixture
def gap_history(store: Store) -> list[int]:
    """30 mini audits, 10 in each of January, February and May 2025."""
    rng = random.Random(11)
    cases = [Case(f"G-{i:03d}", TEAMS[i % 3], cohort=COHORTS[(i // 3) % 3]) for i in range(30)]
    store.upsert_cases(cases, "lead", "test")
    ids = []
    for i, case in enumerate(cases):
        audit_id = _submit(
            AuditDesk(store, ["alice", "bob"][i % 2], MINI_RUBRICS), case.case_ref, rng
        )
        store.backdate_submission(audit_id, f"{GAP_MONTHS[i % 3]}-15T10:00:00+00:00", "test")
        ids.append(audit_id)
    return ids


def moderate_everything_queued(store: Store) -> None:
    """Complete every waiting moderation, the moderator's overall a grade off the
    auditor's now and then (with a reason), so the grid has cells off its diagonal."""
    lead = ModerationDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    rng = random.Random(5)
    for row in lead.queue():
        audit_id = row["audit_id"]
        view = lead.open(audit_id)
        for criterion in view.audit.rubric.criteria:
            lead.agree(audit_id, criterion.id)
        mine = view.audit.audit.overall_grade_value or 2
        moved = min(max(mine + rng.choice((0, 0, 1, -1)), 1), 4)
        lead.set_overall(audit_id, moved, "" if moved == mine else "read differently")
        lead.complete(audit_id)


# -- the trend: every month or quarter, the quiet ones kept ---------------------------


def test_months_run_across_the_turn_of_a_year() -> None:
    assert months_from_to("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert quarters_from_to("2024-12", "2025-04") == [
        ("2024 Q4", "2024-12", "2024-12"),
        ("2025 Q1", "2025-01", "2025-03"),
        ("2025 Q2", "2025-04", "2025-04"),
    ]


def test_empty_months_are_kept_with_their_sample_size_of_nought() -> None:
    jan, may = Figures(counted=12, v2=6, v4=1, worst=1), Figures(counted=3, v1=3)
    points = trend({"2025-01": jan, "2025-05": may}, "month", ("2025-01", "2025-06"))
    assert [(p.period, p.counted) for p in points] == [
        ("2025-01", 12),
        ("2025-02", 0),
        ("2025-03", 0),
        ("2025-04", 0),
        ("2025-05", 3),
        ("2025-06", 0),
    ]
    assert points[0].steady and not points[4].steady  # 3 grades: too few to draw
    assert points[1].figures.share("good") is None


def test_quarters_sum_their_months_and_an_empty_quarter_stays() -> None:
    by_month = {"2024-11": Figures(counted=4, v2=4), "2025-04": Figures(counted=6, v4=6, worst=6)}
    points = trend(by_month, "quarter", ("2024-11", "2025-05"))
    assert [(p.period, p.month_from, p.month_to, p.counted) for p in points] == [
        ("2024 Q4", "2024-11", "2024-12", 4),
        ("2025 Q1", "2025-01", "2025-03", 0),
        ("2025 Q2", "2025-04", "2025-05", 6),
    ]


def test_the_span_is_the_period_asked_for() -> None:
    today, months = date(2025, 9, 14), ["2025-01", "2025-05"]
    assert trend_span(Filters(), months, today) == ("2025-01", "2025-05")  # all time: the data
    # "The last 12 months" runs to this month, so the quiet months since show as quiet.
    assert trend_span(Filters(month_from="2024-10"), months, today) == ("2024-10", "2025-09")
    # A year still under way stops at this month, not at December.
    assert trend_span(Filters("2025-01", "2025-12"), months, today) == ("2025-01", "2025-09")
    assert trend_span(Filters(), [], today) is None


def test_the_desks_trend_keeps_march_and_april_and_counts_as_the_audits_do(
    store: Store, gap_history: list[int]
) -> None:
    overview = DashboardDesk(AuditDesk(store, "reader")).overview(Filters())
    points = trend(
        overview.by_month, "month", trend_span(Filters(), overview.by_month, date.today())
    )
    counted = dict(
        store.conn.execute(
            "SELECT substr(submitted_at, 1, 7), count(*) FROM audits "
            "WHERE status = 'submitted' GROUP BY 1"
        ).fetchall()
    )
    assert [p.period for p in points] == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
    assert {p.period: p.counted for p in points} == {
        m: counted.get(m, 0) for m in months_from_to("2025-01", "2025-05")
    }


# -- the auditor-against-moderator grid ----------------------------------------------


def test_the_grid_counts_what_the_moderations_table_says(store: Store, seeded: list[int]) -> None:
    moderate_everything_queued(store)
    lead = ModerationDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    for auditor in (None, "alice", "bob"):
        grid = lead.agreement_grid(auditor)
        raw = [[0] * 4 for _ in range(4)]
        for a, m, n in store.conn.execute(
            "SELECT a.overall_grade_value, m.overall_grade_value, count(*) FROM moderations m "
            "JOIN audits a ON a.id = m.audit_id WHERE m.status = 'done' "
            "AND (? IS NULL OR a.auditor = ?) GROUP BY 1, 2",
            (auditor, auditor),
        ):
            raw[a - 1][m - 1] = n
        assert [list(row) for row in grid.counts] == raw
        assert grid.total == sum(map(sum, raw)) > 0
        diagonal = sum(raw[i][i] for i in range(4))
        assert grid.agreement.exact == pytest.approx(diagonal / grid.total)
    whole = lead.agreement_grid()
    assert sum(whole.counts[i][j] for i in range(4) for j in range(4) if i != j) > 0


# -- colours that read in every theme --------------------------------------------------


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", HIGH_CONTRAST])
def test_every_tone_reads_as_text_on_the_background_and_the_tables(theme: str) -> None:
    themes = {**BUILTIN_THEMES, HIGH_CONTRAST: HIGH_CONTRAST_THEME}
    variables = themes[theme].to_color_system().generate()
    background, surface = grounds(variables)
    for name in TONES:
        color = readable(variables, name)
        assert contrast(color, background) >= MIN_CONTRAST, (theme, name)
        assert contrast(color, surface) >= MIN_CONTRAST, (theme, name)
    for share in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):  # heat-map cells: their own text
        assert contrast(*shade(variables, share)) >= MIN_CONTRAST, (theme, share)


def test_the_heat_maps_shades_spread_over_the_shares_shown() -> None:
    cells = [Figures(counted=100, v2=n) for n in (61, 70, 78, 86, 94)] + [Figures(counted=3)]
    scale = HeatScale.of(cells)
    assert (scale.low, scale.high) == (60, 95)  # the three grades of a small cell ignored
    assert scale.ranges() == ["60-66", "67-73", "74-80", "81-87", "88-95"]
    assert [scale.step(p) for p in (61, 70, 78, 86, 94, 95)] == [0, 1, 2, 3, 4, 4]
    narrow = HeatScale.of([Figures(counted=10, v2=9), Figures(counted=10, v2=10)])
    assert (narrow.low, narrow.high) == (75, 100)  # never less than 5 points a shade


def test_a_cell_of_fewer_than_five_grades_shows_no_share() -> None:
    variables = BUILTIN_THEMES["textual-dark"].to_color_system().generate()
    scale = HeatScale(0, 100, 9)
    assert heat(variables, Figures(counted=4, v1=4), scale).plain == "<5"
    shaded = heat(variables, Figures(counted=5, v1=4), scale)
    assert shaded.plain == "  80% (5)" and style_of(shaded).bgcolor is not None


async def test_strength_to_develop_and_grade_colours_read_in_every_theme_they_switch_to(
    store: Store,
) -> None:
    month = date.today().strftime("%Y-%m")
    for i, seen in enumerate(["good", "inadequate", "requires-improvement", "outstanding"]):
        tags = (("child-seen", "Child not seen alone", AFD), ("", "Good direct work", "strength"))
        submit(store, f"T-{i}", "MASH", month, seen=seen, themes=tags)
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        seen = set()
        for theme in ("textual-dark", "textual-light", HIGH_CONTRAST):
            app.theme = theme  # the dashboard draws its figures again in the new theme
            await settle(pilot, app)
            background, surface = grounds(app.theme_variables)
            themes_table = app.screen.query_one("#dash-themes", DataTable)
            grades = app.screen.query_one("#dash-grades", DataTable)
            cells = [themes_table.get_row_at(i)[1] for i in range(themes_table.row_count)]
            cells += [grades.get_row_at(i)[3] for i in range(grades.row_count)]
            assert {c.plain for c in cells[:2]} == {"strength", "to develop"}
            for text in cells:
                color = Color.from_rich_color(style_of(text).color)
                assert min(contrast(color, background), contrast(color, surface)) >= MIN_CONTRAST
            seen.add(style_of(cells[0]).color)
        assert len(seen) == 3  # each theme its own colour


# -- plotext only for a chart -------------------------------------------------------------

_PROBE = """
import asyncio, json, sys
from qa_tui.desks.audits import AuditDesk
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app

seen = {}
def loaded():
    return sorted(m for m in ("plotext", "textual_plotext") if m in sys.modules)

async def main():
    app = make_app(AuditDesk(Store.open(sys.argv[1]), "qa.lead"))
    async with app.run_test(size=(80, 24)) as pilot:
        for step, keys in (("home", ()), ("dashboard", ("d",)), ("trend tab", ("4",))):
            await pilot.press(*keys)
            for _ in range(100):
                await pilot.pause(0.05)
                if app.runner.idle():
                    break
            await pilot.pause(0.2)
            seen[step] = (type(app.screen).__name__, loaded())

asyncio.run(main())
print(json.dumps(seen))
"""


def test_plotext_is_imported_when_the_trend_is_shown_and_not_before(
    db_path: Path, seeded: list[int]
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(db_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["home"] == ["HomeScreen", []]
    assert seen["dashboard"] == ["DashboardScreen", []]
    assert seen["trend tab"] == ["DashboardScreen", ["plotext", "textual_plotext"]]


# -- each chart on screen, with real data, at 80x24 and 120x36 --------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_the_dashboards_charts_are_shown(
    store: Store, gap_history: list[int], size: tuple[int, int]
) -> None:
    from qa_tui.tui.widgets.charts import TrendChart

    moderate_everything_queued(store)
    grid = ModerationDesk(AuditDesk(store, "qa.lead", MINI_RUBRICS)).agreement_grid()
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        await choose(pilot, app, "d", "All time")
        await choose(pilot, app, "b", "Mini rubric for tests")

        await pilot.press("2")  # the heat map: shaded cells, each with its figure
        await settle(pilot, app)
        teams = app.screen.query_one("#dash-teams", DataTable)
        shaded = [
            c
            for i in range(teams.row_count)
            for c in teams.get_row_at(i)[1:]
            if style_of(c).bgcolor is not None
        ]
        assert shaded and all("%" in c.plain for c in shaded)
        legend = str(app.screen.query_one("#dash-heat-legend", Static).render())
        assert "%: " in legend and "<5: too few to show" in legend

        await pilot.press("3")  # the grid under the grades, as the desk counts it
        await settle(pilot, app)
        table = app.screen.query_one("#dash-agreement", DataTable)
        shown = [[int(str(c).strip()) for c in table.get_row_at(r)[1:5]] for r in range(4)]
        assert shown == [list(row) for row in grid.counts]
        note = str(app.screen.query_one("#dash-agreement-note", Static).render())
        assert f"of {grid.total:,} moderated audits" in note

        await pilot.press("4")  # the trend: drawn, March and April kept in its table
        await settle(pilot, app)
        chart = app.screen.query_one(TrendChart)
        drawn = chart.render().plain  # type: ignore[union-attr]
        assert "Good or better" in drawn and "Inadequate" in drawn and "needs" not in drawn
        trend_table = app.screen.query_one("#dash-trend", DataTable)
        rows = [[str(c) for c in trend_table.get_row_at(i)] for i in range(trend_table.row_count)]
        assert [r[0] for r in rows] == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
        assert [r[1] for r in rows] == ["10", "10", "0", "0", "10"]
        await pilot.press("y")
        await settle(pilot, app)
        assert [str(trend_table.get_row_at(i)[0]) for i in range(trend_table.row_count)] == [
            "2025 Q1",
            "2025 Q2",
        ]


@pytest.mark.parametrize("size", SIZES)
async def test_an_action_plan_items_line_is_drawn_with_its_quarters(
    store: Store, size: tuple[int, int]
) -> None:
    from qa_tui.tui.widgets.charts import PlanChart

    for i in range(5):  # the baseline, the 12 months to March 2025: 3 of 5 Good
        submit(store, f"B-{i}", "MASH", "2025-02", seen="good" if i < 3 else "inadequate")
    for i in range(12):  # Q2 2025: 6 graded (4 Good), Q3: 6 graded (5 Good)
        month, seen = (
            ("2025-05", "2025-08")[i // 6],
            ("good" if i % 6 < 4 + i // 6 else "inadequate"),
        )
        submit(store, f"P-{i}", "MASH", month, seen=seen)
    desk = plan(store)
    item = desk.create("Child seen alone", owner="Head of service", due_on="2027-03-31")
    desk.set_measure(
        item,
        Measure("mini", "child-seen", "good"),
        target=0.9,
        target_on="2027-03-31",
        today=date(2025, 3, 31),
    )
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        await pilot.press("a")
        await settle(pilot, app)
        chart = app.screen.query_one(PlanChart)
        assert chart.line is not None and chart.line.target == 0.9
        assert [round(v, 2) for _, v in chart.line.actual] == [0.67, 0.83]
        drawn = chart.render().plain  # type: ignore[union-attr]
        assert "target 90%" in drawn and "◆" in drawn and "needs" not in drawn
        words = str(app.screen.query_one("#plan-line-words", Static).render())
        assert "2025 Q2 67% (6)" in words and "2025 Q3 83% (6)" in words
