"""What every export shares: small-number suppression, CSV, XLSX and Markdown helpers.

An export is first a JSON-shaped document (a dict); the CSV, XLSX and Markdown forms
are rendered from that document, so all four always say the same thing. Nothing here
knows SQL or Textual; openpyxl is imported only when a workbook is made.

Suppression: a count of 1 to N-1 audits can point to a child or a worker, so it is
published as null (JSON) or "<N" (text), and so is every share worked out from it.
How a group of counts under a published total is kept from giving a hidden one away
(by subtraction, or by a listed row implying at least one audit) is each export's own
rule: see `exports/small_numbers.py`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from qa_tui.domain.errors import InputProblems
from qa_tui.domain.text import for_file, for_spreadsheet, for_terminal
from qa_tui.exports.grades import excel_safe

DEFAULT_SUPPRESS_BELOW = 5
SUPPRESSED_TEXT = "suppressed"  # a share or change worked out from a hidden count
XLSX_MAX_ROWS = 1_048_576  # Excel's limit, the header row included
POLARITY_LABELS = {"strength": "Strength", "area_for_development": "Area for development"}


class ExportError(InputProblems):
    """An export that cannot be made as asked; the message says why."""

    def __init__(self, message: str):
        super().__init__([message])


def generated_at() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def rounded(share: float | None, places: int = 4) -> float | None:
    return None if share is None else round(share, places)


# -- suppression ------------------------------------------------------------------------


def is_small(count: int | None, below: int) -> bool:
    """A count that could point to a person: 1 to below-1 (0 points to nobody)."""
    return count is not None and 0 < count < below


def suppress(count: int | None, below: int) -> int | None:
    return None if is_small(count, below) else count


def count_text(count: int | None, below: int) -> str:
    """A count as a table shows it: hidden counts as "<N"."""
    return f"<{below}" if count is None else str(count)


def percent_text(share: float | None, hidden: bool = False) -> str:
    if hidden:
        return SUPPRESSED_TEXT
    return "–" if share is None else f"{round(share * 100)}%"


def points_text(change: float | None, hidden: bool = False) -> str:
    if hidden:
        return SUPPRESSED_TEXT
    return "–" if change is None else f"{change:+.1f} pts"


# -- filters, as the document records them and a title describes them -------------------


def describe_filters(filters: dict[str, Any]) -> str:
    """'2025-01 to 2025-04 · team MASH' for a title; 'all audits' without filters."""
    parts = []
    start, end = filters.get("from"), filters.get("to")
    if start and end:
        parts.append(f"{start} to {end}")
    elif start:
        parts.append(f"from {start}")
    elif end:
        parts.append(f"to {end}")
    for key, word in (
        ("programme", "programme"),
        ("team", "team"),
        ("rubric", "rubric"),
        ("cohort", "cohort"),
        ("auditor", "auditor"),
    ):
        if filters.get(key):
            parts.append(f"{word} {filters[key]}")
    return " · ".join(parts) or "all audits"


# -- CSV -------------------------------------------------------------------------------


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Excel-safe CSV (the caller writes it with a BOM): no cell can run as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else excel_safe(v) for v in row])
    return buffer.getvalue()


# -- Markdown --------------------------------------------------------------------------


# A backslash, a pipe, and a `<` that could open an HTML tag or comment ("<5" cannot).
_MD_ESCAPED = re.compile(r"([\\|]|<(?=[A-Za-z/!?]))")


def md_text(value: Any) -> str:
    """Text on one line, safe inside a table cell: line breaks become spaces, control
    characters visible escapes; a backslash, `|` or a tag's `<` is escaped, so nothing
    stored can end a cell, break the table or open raw HTML."""
    text = "" if value is None else str(value)
    return _MD_ESCAPED.sub(r"\\\1", for_terminal(" ".join(text.split())))


def md_table(header: Sequence[str], rows: Iterable[Sequence[Any]], align: str) -> list[str]:
    """A GitHub-style table; `align` has one letter per column, l or r."""
    lines = [
        "| " + " | ".join(md_text(h) for h in header) + " |",
        "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|",
    ]
    lines += ["| " + " | ".join(md_text(v) for v in row) + " |" for row in rows]
    return lines


def shorten(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# -- XLSX ------------------------------------------------------------------------------

_FORMATS = {
    "share": "0%",
    "points": "+0.0;-0.0;0.0",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
}
_MIN_WIDTH, _MAX_WIDTH = 6, 60
_MAX_TEXT = 32_767  # characters an Excel cell holds


@dataclass(frozen=True)
class Column:
    """A sheet column: kind text | int | share (0..1, shown as %) | points | date |
    datetime (ISO text in the document, a real date or time in the sheet)."""

    title: str
    kind: str = "text"
    width: int | None = None


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)


def _cell_value(value: Any, kind: str) -> Any:
    """The value a cell holds: numbers as numbers, dates as dates; text (such as a
    suppressed count's "<5") stays text."""
    if value is None or value == "":
        return None
    if (
        kind in ("int", "share", "points")
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ):
        return value
    if kind == "date" and isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return value
    if kind == "datetime" and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        # Excel has no time zones: UTC, as stored.
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        return moment
    if isinstance(value, bool):
        return "yes" if value else "no"
    return xlsx_text(str(value))


def xlsx_text(text: str) -> str:
    """Text as a cell holds it: control characters (but newline and tab) as visible
    escapes, nothing XML forbids (U+FFFF makes a workbook nothing can open), at most
    the characters Excel allows in a cell."""
    return for_spreadsheet(for_file(text))[:_MAX_TEXT]


def _width(column: Column, rows: list[list[Any]], index: int) -> float:
    if column.width is not None:
        return column.width
    longest = len(column.title)
    for row in rows[:2000]:  # enough to judge; a huge sheet is not measured cell by cell
        value = row[index]
        if column.kind in ("share", "points") and not isinstance(value, str):
            size = 6
        elif column.kind == "date":
            size = 10
        elif column.kind == "datetime":
            size = 16
        else:
            size = len(str(value)) if value is not None else 0
        longest = max(longest, size)
    return max(_MIN_WIDTH, min(_MAX_WIDTH, longest + 2))


def xlsx_cells(ws: Any, row: Sequence[Any], kinds: list[str], formats: list[str | None]) -> list:
    """A row's cells for a write-only sheet: typed, formatted, and text that starts
    with "=" stored as text, so it never runs as a formula."""
    from openpyxl.cell import WriteOnlyCell

    cells: list[Any] = []
    for value, kind, number_format in zip(row, kinds, formats, strict=True):
        content = _cell_value(value, kind)
        if isinstance(content, str) and content.startswith("="):
            cell = WriteOnlyCell(ws)
            cell._value = content  # stored as text: it never runs as a formula
            cell.data_type = "s"
            cells.append(cell)
        elif number_format and content is not None and not isinstance(content, str):
            cell = WriteOnlyCell(ws, value=content)
            cell.number_format = number_format
            cells.append(cell)
        else:  # a plain value: openpyxl makes the cell (and is quicker about it)
            cells.append(content)
    return cells


def xlsx_formats(columns: Sequence[Column]) -> tuple[list[str], list[str | None]]:
    """Each column's kind and number format."""
    return [c.kind for c in columns], [_FORMATS.get(c.kind) for c in columns]


def column_width(column: Column, rows: list[list[Any]], index: int) -> float:
    """A column's width, judged from its title and the first rows."""
    return _width(column, rows, index)


def too_many_rows(title: str, rows: int, limit: int = XLSX_MAX_ROWS) -> ExportError | None:
    """The refusal for a sheet of `rows` rows (its header makes one more), if it is one."""
    if rows < limit:
        return None
    return ExportError(
        f"{rows:,} rows will not fit on the sheet {title!r} (Excel's limit is "
        f"{limit - 1:,}); narrow the export with --from and --to, or use csv"
    )


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook, one sheet per table: a bold, frozen header row, sensible widths,
    typed cells. Text is always stored as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for sheet in sheets:
        refusal = too_many_rows(sheet.title, len(sheet.rows))
        if refusal:
            raise refusal
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = book.create_sheet(sheet.title)
        for n, column in enumerate(sheet.columns):
            ws.column_dimensions[get_column_letter(n + 1)].width = _width(column, sheet.rows, n)
        ws.freeze_panes = "A2"
        if sheet.rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{len(sheet.rows) + 1}"
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(ws, value=xlsx_text(column.title))
            cell.font = bold
            header.append(cell)
        ws.append(header)
        formats = [_FORMATS.get(c.kind) for c in sheet.columns]
        kinds = [c.kind for c in sheet.columns]
        for row in sheet.rows:
            ws.append(xlsx_cells(ws, row, kinds, formats))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def about_sheet(pairs: Sequence[tuple[str, Any]]) -> Sheet:
    """What a workbook holds: the filters, when it was made, what was suppressed."""
    return Sheet(
        "About", [Column("Field", width=24), Column("Value", width=70)], [[k, v] for k, v in pairs]
    )
