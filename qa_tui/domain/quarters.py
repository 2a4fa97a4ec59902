"""Quarters, named the council's way: calendar ("2026-Q3") or financial year from April
("Q4-23/24" is January to March 2024).

Both ways cut the year into the same three-month spans (January, April, July and
October start one), so a quarter is its first day; the style only says how it is named
and which four quarters make a year. The dashboard, the action plan and the reports all
name quarters here, so a council that reports in financial years sees them everywhere.
Pure: no SQL, no clock (today is always handed in).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, cast

QuarterStyle = Literal["calendar", "financial"]
STYLES: tuple[QuarterStyle, ...] = ("calendar", "financial")
STYLE_LABELS = {
    "calendar": "calendar quarters (2026-Q3 = July to September 2026)",
    "financial": "financial-year quarters from April (Q4-23/24 = January to March 2024)",
}

_CALENDAR = re.compile(r"^\s*(\d{4})\s*[- ]?\s*Q([1-4])\s*$", re.IGNORECASE)
_FINANCIAL = re.compile(r"^\s*Q([1-4])\s*[- ]\s*(\d{2}|\d{4})\s*/\s*(\d{2})\s*$", re.IGNORECASE)
_FINANCIAL_YEAR_FIRST = re.compile(
    r"^\s*(\d{2}|\d{4})\s*/\s*(\d{2})\s*[- ]\s*Q([1-4])\s*$", re.IGNORECASE
)


def check_style(style: str) -> QuarterStyle:
    """The style, or ValueError naming the two there are."""
    if style not in STYLES:
        raise ValueError(f"quarters are {' or '.join(STYLES)}, not {style!r}")
    return cast(QuarterStyle, style)


@dataclass(frozen=True, order=True)
class Quarter:
    """Three months from `start` (the 1st of January, April, July or October)."""

    start: date
    style: QuarterStyle = "calendar"

    def __post_init__(self) -> None:
        if self.start.day != 1 or self.start.month not in (1, 4, 7, 10):
            raise ValueError(f"a quarter starts on the 1st of Jan, Apr, Jul or Oct: {self.start}")

    @property
    def end(self) -> date:
        """The quarter's last day."""
        return self.next.start - timedelta(days=1)

    @property
    def next(self) -> Quarter:
        month = self.start.month + 3
        year = self.start.year + (month > 12)
        return Quarter(date(year, (month - 1) % 12 + 1, 1), self.style)

    @property
    def previous(self) -> Quarter:
        month = self.start.month - 3
        year = self.start.year - (month < 1)
        return Quarter(date(year, (month - 1) % 12 + 1, 1), self.style)

    @property
    def number(self) -> int:
        """1 to 4 within its year: the calendar year, or the financial year from April."""
        calendar = (self.start.month - 1) // 3 + 1
        return calendar if self.style == "calendar" else (calendar + 2) % 4 + 1

    @property
    def year_start(self) -> int:
        """The year it belongs to (a financial year by the year it starts in)."""
        if self.style == "calendar" or self.start.month >= 4:
            return self.start.year
        return self.start.year - 1

    @property
    def year_label(self) -> str:
        """ "2026", or the financial year "2023/24"."""
        y = self.year_start
        return str(y) if self.style == "calendar" else f"{y}/{(y + 1) % 100:02d}"

    @property
    def label(self) -> str:
        """ "2026-Q3", or "Q4-23/24": what the command line prints and reads."""
        if self.style == "calendar":
            return f"{self.start.year}-Q{self.number}"
        y = self.year_start
        return f"Q{self.number}-{y % 100:02d}/{(y + 1) % 100:02d}"

    @property
    def short(self) -> str:
        """As the dashboard and the plan's chart have always shown a calendar quarter
        ("2026 Q3"); a financial one as its label."""
        return f"{self.start.year} Q{self.number}" if self.style == "calendar" else self.label

    @property
    def months(self) -> tuple[str, str]:
        """Its first and last month, 'YYYY-MM'."""
        return self.start.strftime("%Y-%m"), self.end.strftime("%Y-%m")

    def named(self, style: QuarterStyle) -> Quarter:
        """The same three months, named the other way."""
        return Quarter(self.start, style)

    def __str__(self) -> str:
        return self.label


def quarter_of(day: date | str, style: QuarterStyle = "calendar") -> Quarter:
    """The quarter a day (or a month, 'YYYY-MM', or 'YYYY-MM-DD') falls in."""
    if isinstance(day, str):
        day = date(int(day[:4]), int(day[5:7]), 1)
    return Quarter(date(day.year, (day.month - 1) // 3 * 3 + 1, 1), style)


def quarters_between(
    first: date | str, last: date | str, style: QuarterStyle = "calendar"
) -> list[Quarter]:
    """Every quarter from the one `first` falls in to the one `last` falls in."""
    q, end = quarter_of(first, style), quarter_of(last, style)
    out = []
    while q <= end:
        out.append(q)
        q = q.next
    return out


def last_ended(today: date, style: QuarterStyle = "calendar") -> Quarter:
    """The latest quarter that has ended by `today` (the one a quarterly review is of)."""
    return quarter_of(today, style).previous


def parse_quarter(text: str, style: QuarterStyle | None = None) -> Quarter:
    """A quarter from "2026-Q3" (or "2026 Q3"), "Q4-23/24" or "2023/24-Q4". Named in
    `style` when given, else the way it was written. ValueError says what is accepted."""
    found = _CALENDAR.match(text)
    if found:
        year, n = int(found[1]), int(found[2])
        q = Quarter(date(year, (n - 1) * 3 + 1, 1), "calendar")
        return q.named(style or "calendar")
    found = _FINANCIAL.match(text)
    if found:
        n, first, second = int(found[1]), found[2], found[3]
    else:
        found = _FINANCIAL_YEAR_FIRST.match(text)
        if not found:
            raise ValueError(
                f"{text.strip()!r} is not a quarter: write 2026-Q3 (calendar) "
                "or Q4-23/24 (financial year from April)"
            )
        first, second, n = found[1], found[2], int(found[3])
    year = int(first) if len(first) == 4 else 2000 + int(first)
    if (year + 1) % 100 != int(second):
        raise ValueError(f"{text.strip()!r}: a financial year runs into the next, as in 23/24")
    month = (n - 1) * 3 + 4  # Q1 starts in April
    q = Quarter(date(year + (month > 12), (month - 1) % 12 + 1, 1), "financial")
    return q.named(style or "financial")


def quarter_named_by_end(quarter_end: str, style: QuarterStyle) -> Quarter:
    """The quarter whose last day is `quarter_end` ('YYYY-MM-DD', as stored)."""
    return quarter_of(quarter_end[:10], style)
