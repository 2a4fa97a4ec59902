"""Quarters the council's way: calendar ("2026-Q3") or financial year from April
("Q4-23/24" is January to March 2024), one setting followed by the dashboard's periods
and trend, the action plan's chart and the reports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_RUBRICS, settle
from textual.widgets import DataTable, OptionList

from qa_tui.cli.main import cli
from qa_tui.desks.audits import AuditDesk, ServiceError
from qa_tui.desks.council_settings import CouncilSettingsDesk
from qa_tui.desks.dashboard import quarters_from_to, trend
from qa_tui.domain.dashboard_records import Figures
from qa_tui.domain.quarters import (
    Quarter,
    last_ended,
    parse_quarter,
    quarter_of,
    quarters_between,
)
from qa_tui.store.database import Store
from qa_tui.tui.app import make_app
from qa_tui.tui.screens.dashboard_filters import period_choices


def test_a_calendar_quarter_is_named_by_its_year() -> None:
    q = quarter_of(date(2026, 8, 14))
    assert (q.label, q.short, q.start, q.end) == (
        "2026-Q3",
        "2026 Q3",
        date(2026, 7, 1),
        date(2026, 9, 30),
    )


def test_the_financial_year_starts_in_april() -> None:
    assert quarter_of(date(2024, 4, 1), "financial").label == "Q1-24/25"
    assert quarter_of(date(2024, 3, 31), "financial").label == "Q4-23/24"
    assert quarter_of("2023-12", "financial").label == "Q3-23/24"
    assert quarter_of("1999-11", "financial").label == "Q3-99/00"


def test_q4_23_24_is_january_to_march_2024() -> None:
    q = parse_quarter("Q4-23/24")
    assert (q.start, q.end, q.months) == (
        date(2024, 1, 1),
        date(2024, 3, 31),
        ("2024-01", "2024-03"),
    )
    assert q.named("calendar").label == "2024-Q1"
    assert parse_quarter("2024-Q1", "financial") == q


@pytest.mark.parametrize(
    "text", ["2026-Q3", "2026 Q3", "2026q3", "Q4-23/24", "q1-99/00", "2023/24-Q4", "2023/24 Q4"]
)
def test_parse_round_trips_in_both_styles(text: str) -> None:
    q = parse_quarter(text)
    assert parse_quarter(q.label) == q
    for style in ("calendar", "financial"):
        named = q.named(style)  # type: ignore[arg-type]
        assert parse_quarter(named.label) == named
        assert named.start == q.start


@pytest.mark.parametrize("text", ["2026-Q5", "Q4-23/25", "spring", "2026", ""])
def test_parse_refuses_what_is_not_a_quarter(text: str) -> None:
    with pytest.raises(ValueError, match=r"quarter|runs into"):
        parse_quarter(text)


def test_quarters_between_and_the_last_ended() -> None:
    labels = [q.label for q in quarters_between("2023-11", "2024-05", "financial")]
    assert labels == ["Q3-23/24", "Q4-23/24", "Q1-24/25"]
    assert last_ended(date(2024, 4, 1), "financial").label == "Q4-23/24"
    assert last_ended(date(2024, 4, 1)).label == "2024-Q1"
    with pytest.raises(ValueError):
        Quarter(date(2024, 2, 1))


def test_the_dashboards_calendar_quarters_are_as_before() -> None:
    assert quarters_from_to("2024-12", "2025-04") == [
        ("2024 Q4", "2024-12", "2024-12"),
        ("2025 Q1", "2025-01", "2025-03"),
        ("2025 Q2", "2025-04", "2025-04"),
    ]
    choices = period_choices(["2024-12", "2025-02"], date(2025, 3, 10))
    assert choices[4:] == [
        ("2025", ("2025-01", "2025-12")),
        ("2024", ("2024-01", "2024-12")),
        ("2025 Q1", ("2025-01", "2025-03")),
        ("2024 Q4", ("2024-10", "2024-12")),
    ]


def test_dashboard_periods_follow_the_financial_setting() -> None:
    choices = period_choices(["2024-03", "2024-04", "2025-02"], date(2025, 3, 10), "financial")
    assert choices[4:] == [
        ("2024/25", ("2024-04", "2025-03")),
        ("2023/24", ("2023-04", "2024-03")),
        ("Q4-24/25", ("2025-01", "2025-03")),
        ("Q1-24/25", ("2024-04", "2024-06")),
        ("Q4-23/24", ("2024-01", "2024-03")),
    ]
    points = trend({"2024-03": Figures(counted=2)}, "quarter", ("2024-03", "2024-05"), "financial")
    assert [(p.period, p.month_from, p.month_to, p.counted) for p in points] == [
        ("Q4-23/24", "2024-03", "2024-03", 2),
        ("Q1-24/25", "2024-04", "2024-05", 0),
    ]


def test_the_setting_is_a_qa_leads_and_calendar_until_chosen(store: Store) -> None:
    settings = CouncilSettingsDesk(AuditDesk(store, "qa.lead"))
    assert settings.quarters() == "calendar"
    assert settings.set_quarters("financial") is True
    assert settings.set_quarters("financial") is False  # already so: nothing written
    assert settings.quarters() == "financial"
    with pytest.raises(ServiceError, match="calendar or financial"):
        settings.set_quarters("lunar")
    changes = store._rows(
        "SELECT old_value, new_value FROM events WHERE entity = ?", ("council_setting",)
    )
    assert [(c["old_value"], c["new_value"]) for c in changes] == [(None, "financial")]


def test_the_command_line_shows_and_sets_the_quarters(db_path: Path) -> None:
    Store.open(db_path).close()
    run = CliRunner()
    base = ["--db", str(db_path), "--user", "qa.lead", "db", "settings"]
    assert run.invoke(cli, base).output == "quarters = calendar\n"
    done = run.invoke(cli, [*base, "--quarters", "financial"])
    assert done.exit_code == 0 and "quarters = financial" in done.output
    bad = run.invoke(cli, [*base, "--quarters", "lunar"])
    assert bad.exit_code == 2


async def test_the_dashboard_offers_financial_quarters_once_chosen(
    store: Store, seeded: list[int]
) -> None:
    CouncilSettingsDesk(AuditDesk(store, "qa.lead")).set_quarters("financial")
    app = make_app(AuditDesk(store, "qa.lead", MINI_RUBRICS))
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        await pilot.press("d")
        await settle(pilot, app)
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "2024/25" in labels and "Q4-24/25" in labels and "Q1-25/26" in labels
        options.highlighted = labels.index("All time")
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("4", "y")  # the trend by quarter, named the council's way
        await settle(pilot, app)
        table = app.screen.query_one("#dash-trend", DataTable)
        rows = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert rows == ["Q4-24/25", "Q1-25/26"]


async def test_q_on_the_lead_desk_chooses_financial_quarters(store: Store) -> None:
    from qa_tui.tui.screens.lead_desk import LeadDeskScreen

    desk = AuditDesk(store, "qa.lead", MINI_RUBRICS)
    app = make_app(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.push_screen(LeadDeskScreen())
        await settle(pilot, app)
        await pilot.press("Q")
        await settle(pilot, app)
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 0  # calendar, as it stands
        await pilot.press("down", "enter")
        await settle(pilot, app)
    assert CouncilSettingsDesk(desk).quarters() == "financial"
