"""A workbook written as its rows come (openpyxl's write-only mode), for exports too
big to hold: each sheet's rows go to its own temporary file as they are appended.

A write-only sheet's column widths, frozen header and filter must be set before its
first row, so each sheet keeps its first rows (as many as `formats.column_width`
judges widths from) until it has seen them, and its filter's range comes from the row
count the caller read first. The cells are `formats.xlsx_cells`'s: typed, and text
never run as a formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

from qa_tui.exports.formats import Column, column_width, xlsx_cells, xlsx_formats, xlsx_text

_JUDGED_ROWS = 2000  # rows a sheet holds back to judge its widths (as formats does)


@dataclass
class _Sheet:
    ws: Any
    columns: list[Column]
    rows: int
    kinds: list[str]
    formats: list[str | None]
    waiting: list[list[Any]] | None = field(default_factory=list)  # None once started


class StreamedBook:
    """Sheets added in order, rows appended to any of them, saved once."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self.book = Workbook(write_only=True)
        self.sheets: dict[str, _Sheet] = {}

    def add(self, title: str, columns: list[Column], rows: int) -> None:
        """A sheet of `columns` that will hold about `rows` rows (for its filter)."""
        kinds, formats = xlsx_formats(columns)
        ws = self.book.create_sheet(title)
        self.sheets[title] = _Sheet(ws, columns, rows, kinds, formats)

    def append(self, title: str, row: list[Any]) -> None:
        sheet = self.sheets[title]
        if sheet.waiting is None:
            sheet.ws.append(xlsx_cells(sheet.ws, row, sheet.kinds, sheet.formats))
            return
        sheet.waiting.append(row)
        if len(sheet.waiting) >= _JUDGED_ROWS:
            self._start(sheet)

    def save(self, out: IO[bytes]) -> None:
        for sheet in self.sheets.values():
            if sheet.waiting is not None:
                self._start(sheet)
        self.book.save(out)

    def _start(self, sheet: _Sheet) -> None:
        """Widths, frozen bold header and filter, then the rows held back."""
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        ws, waiting = sheet.ws, sheet.waiting or []
        for n, column in enumerate(sheet.columns):
            ws.column_dimensions[get_column_letter(n + 1)].width = column_width(column, waiting, n)
        ws.freeze_panes = "A2"
        rows = max(sheet.rows, len(waiting))
        if rows:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{rows + 1}"
        bold = Font(bold=True)
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(ws, value=xlsx_text(column.title))
            cell.font = bold
            header.append(cell)
        ws.append(header)
        sheet.waiting = None
        for row in waiting:
            ws.append(xlsx_cells(ws, row, sheet.kinds, sheet.formats))
