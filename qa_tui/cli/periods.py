"""One date vocabulary for every `--from` and `--to` of the command line.

Each command counts in days (`export grades`: audits dated on or before a day) or in
months (`export themes`, `export actions`, `supervision share`), but a person should not
have to remember which: every one of them takes a day (2026-07-14), a month (2026-07) or
a quarter, calendar (2026-Q3) or financial from April (Q4-23/24), and turns it into what
the command counts in. A span is resolved by its end: `--from` is its first day (or
month), `--to` its last, so `--from 2026-Q3 --to 2026-Q3` is July to September and
`--to 2026-07` takes in the 31st. A day on a monthly command means its month.

A bad value is bad usage (exit 2) with the same message on every command.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

import click

from qa_tui.domain.quarters import parse_quarter

Grain = Literal["day", "month"]
Edge = Literal["from", "to"]

METAVAR = "DATE|MONTH|QUARTER"
FORMS = "use YYYY-MM-DD, YYYY-MM, or a quarter: 2026-Q3 (calendar) or Q4-23/24 (financial)"
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])", re.ASCII)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def span_of(text: str) -> tuple[date, date]:
    """The first and last day `text` names, or ValueError saying what is accepted."""
    value = text.strip()
    if _DAY.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{text!r} is not a date: {FORMS}") from None
        return day, day
    found = _MONTH.fullmatch(value)
    if found:
        first = date(int(found[1]), int(found[2]), 1)
        return first, _next_month(first) - timedelta(days=1)
    try:
        quarter = parse_quarter(value)
    except ValueError:
        raise ValueError(f"{text!r} is not a date: {FORMS}") from None
    return quarter.start, quarter.end


def _next_month(first: date) -> date:
    return date(first.year + (first.month == 12), first.month % 12 + 1, 1)


def resolve(text: str, edge: Edge, grain: Grain) -> str:
    """`text` as the command counts: 'YYYY-MM-DD' (days) or 'YYYY-MM' (months), the
    span's first for `--from`, its last for `--to`."""
    first, last = span_of(text)
    day = first if edge == "from" else last
    return day.isoformat() if grain == "day" else day.strftime("%Y-%m")


class Period(click.ParamType):
    """A click type for `--from` (edge "from") or `--to` (edge "to"): the value the
    command counts in, as text, or click's bad-usage error (exit 2)."""

    name = "period"

    def __init__(self, edge: Edge, grain: Grain):
        self.edge, self.grain = edge, grain

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return METAVAR

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        if not isinstance(value, str):
            self.fail(f"{value!r} is not a date: {FORMS}", param, ctx)
        try:
            return resolve(value, self.edge, self.grain)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


FROM_DAY, TO_DAY = Period("from", "day"), Period("to", "day")
FROM_MONTH, TO_MONTH = Period("from", "month"), Period("to", "month")
