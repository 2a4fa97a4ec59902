"""Import a case list in the TUI: preview the first rows, map the columns, import.

The mapping form starts from a saved mapping whose headers are all in the file, or from
the names case-management exports commonly use; completion offers the file's own
headers. Columns that look like direct identifiers are named in the form and left out
unless mapped to a field or named to keep. Reading the file (which for a large
workbook takes a while) runs on a thread of its own (`runner.read`), neither the UI's
nor the desk's, whose queue of saves must not wait behind it; then the short database
work goes through `runner.fetch`. The import is the same service call the command line makes.
Everything the file holds is shown as plain text, escaped (`for_terminal`), never as
markup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.case_list import KNOWN_COLUMNS, REQUIRED_COLUMNS, CaseList, IdentifyingColumn
from qa_tui.domain.errors import CaseListError
from qa_tui.domain.text import for_terminal
from qa_tui.tui.widgets.dialogs import Form, SignedSuggester
from qa_tui.tui.widgets.fields import PlainInput
from qa_tui.tui.widgets.shown import line, visible

MAX_SHOWN_PROBLEMS = 200


class ImportPreviewed(Message):
    def __init__(
        self,
        path: Path,
        header: list[str],
        rows: list[list[str]],
        mapping: dict[str, str],
        saved_name: str | None,
        identifying: list[IdentifyingColumn] | None = None,
    ):
        super().__init__()
        self.path, self.header, self.rows = path, header, rows
        self.mapping, self.saved_name = mapping, saved_name
        self.identifying = identifying or []


class CasesImported(Message):
    def __init__(
        self,
        path: Path,
        added: int,
        updated: int,
        closed: int,
        dropped: list[IdentifyingColumn] | None = None,
        kept: list[str] | None = None,
    ):
        super().__init__()
        self.path, self.added, self.updated, self.closed = path, added, updated, closed
        self.dropped = dropped or []
        self.kept = kept or []


def read_preview(path: Path) -> tuple[list[str], list[list[str]]]:
    """Runs on the reading thread: the header (checked) and the first rows."""
    from qa_tui.domain.case_list import preview_case_list

    return preview_case_list(path)


def preview(
    desk: AuditDesk, path: Path, header: list[str], rows: list[list[str]]
) -> ImportPreviewed:
    """Runs in the database thread: guess the mapping, from a saved one if one fits."""
    from qa_tui.domain.case_list import guess_mapping, identifying_columns

    mapping, saved_name = guess_mapping(header, desk.case_mappings())
    return ImportPreviewed(
        path, header, rows, mapping, saved_name, identifying_columns(header, mapping)
    )


def read_rows(path: Path, mapping: dict[str, str], keep_columns: list[str]) -> CaseList:
    """Runs on the reading thread: the whole file is checked before anything is written."""
    from qa_tui.domain.case_list import read_case_list

    return read_case_list(path, mapping, keep_columns)


def import_with(
    desk: AuditDesk,
    path: Path,
    rows: CaseList,
    mapping: dict[str, str],
    close_missing: bool,
    save_as: str,
) -> CasesImported:
    """Runs in the database thread: one transaction for the rows already checked."""
    added, updated, closed = desk.import_case_rows(
        rows, str(path), close_missing=close_missing, kept_columns=rows.kept
    )
    if save_as:
        desk.save_case_mapping(save_as, mapping)
    return CasesImported(path, added, updated, closed, rows.dropped, rows.kept)


def _described(columns: list[IdentifyingColumn]) -> str:
    return ", ".join(f"'{c.header}' ({c.reason})" for c in columns)


def _split_names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


class MappingForm(Form):
    """Which column holds each field; the first rows shown above to judge by eye."""

    heading = "Import a case list"
    compact = True

    def __init__(self, previewed: ImportPreviewed):
        super().__init__()
        self.previewed = previewed
        used = f" (from saved mapping '{previewed.saved_name}')" if previewed.saved_name else ""
        self.note = (
            f"{previewed.path.name}: {len(previewed.header)} columns. Type the column "
            f"that holds each field{used}; → completes a header; leave a field empty "
            "if the file has none. case_ref and team are required."
        )
        if previewed.identifying:
            self.note += (
                "\nThese columns look like direct identifiers and are left out "
                "unless mapped to a field or named in the last box: "
                + _described(previewed.identifying)
                + "."
            )

    def fields(self) -> list[tuple[str, str, str]]:
        rows = [
            (f"{field}", "column header", self.previewed.mapping.get(field, ""))
            for field in KNOWN_COLUMNS
        ]
        name = self.previewed.saved_name or ""
        rows += [
            ("Save this mapping as (optional)", "e.g. mosaic-export", name),
            ("Close open cases missing from this file? (yes/no)", "no", "no"),
        ]
        if self.previewed.identifying:
            rows.append(
                (
                    "Keep these identifying columns anyway (comma-separated; recorded)",
                    "leave empty to leave them out",
                    "",
                )
            )
        return rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="import-form"):
            yield Label(f"[b]{self.heading}[/b]")
            yield Static(
                Text("\n".join(for_terminal(line) for line in self.note.split("\n"))),
                classes="dialog-note",
            )
            table = Table(show_lines=False, expand=False, padding=(0, 1))
            for header in self.previewed.header:
                table.add_column(Text(for_terminal(header[:14])))
            for row in self.previewed.rows:
                table.add_row(
                    *[Text(for_terminal(cell[:14])) for cell in row[: len(self.previewed.header)]]
                )
            yield Static(table, id="import-preview")
            suggester = SignedSuggester(self.previewed.header)
            for n, (label, placeholder, value) in enumerate(self.fields()):
                yield Static(line(label), classes="field-label")
                yield PlainInput(
                    visible(value),
                    placeholder=visible(placeholder),
                    id=f"field-{n}",
                    compact=True,
                    suggester=suggester if n < len(KNOWN_COLUMNS) else None,
                )
            yield Label("", id="form-error")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#field-0", Input))

    def check(self, values: tuple[str, ...]) -> str | None:
        headers = {h.strip().casefold() for h in self.previewed.header}
        for field, value in zip(KNOWN_COLUMNS, values, strict=False):
            if field in REQUIRED_COLUMNS and not value:
                return f"{field} is required: which column holds it?"
            if value and value.strip().casefold() not in headers:
                return f"{for_terminal(value)!r} is not a column of this file."
        _mapping, _save_as, _close, keep = self.mapping_of(values)
        for name in keep:
            if name.casefold() not in headers:
                return f"{for_terminal(name)!r} (to keep) is not a column of this file."
        if values[len(KNOWN_COLUMNS) + 1].casefold() not in ("yes", "no", "y", "n"):
            return "Close missing cases: answer yes or no."
        return None

    @staticmethod
    def mapping_of(values: tuple[str, ...]) -> tuple[dict[str, str], str, bool, list[str]]:
        """(mapping, save the mapping as, close missing cases, columns to keep)."""
        n = len(KNOWN_COLUMNS)
        mapping = {
            field: value for field, value in zip(KNOWN_COLUMNS, values, strict=False) if value
        }
        keep = _split_names(values[n + 2]) if len(values) > n + 2 else []
        return mapping, values[n], values[n + 1].casefold() in ("yes", "y"), keep


class ImportReport(ModalScreen[None]):
    """What an import did or why it could not: every line shown as plain text."""

    BINDINGS = [
        Binding(
            "escape,enter", "dismiss", "Close", id="import-report.close", tooltip="Close the report"
        )
    ]

    def __init__(self, title: str, lines: list[str]):
        super().__init__()
        self.report_title = title
        shown = lines[:MAX_SHOWN_PROBLEMS]
        if len(lines) > len(shown):
            shown.append(f"… and {len(lines) - len(shown)} more")
        self.lines = shown

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="import-report"):
            yield Static(Text(for_terminal(self.report_title), style="bold"))
            yield Static(
                Text("\n".join(for_terminal(line) for line in self.lines)), id="import-report-lines"
            )
            yield Label("[dim]enter or escape closes[/dim]")


def _read_in_background(
    screen: Any, what: str, read: Callable[[], Any], then: Callable[[Any], None]
) -> None:
    """Read a file on a thread of its own (`runner.read`), then call `then(result)` on
    the UI thread; a bad file comes back as a report on screen instead."""

    def guarded() -> Any:
        try:
            return read()
        except CaseListError as exc:
            return exc

    def done(result: Any) -> None:
        if isinstance(result, CaseListError):
            screen.app.push_screen(ImportReport(f"Could not {what}", result.problems))
        else:
            then(result)

    screen.runner.read(what, guarded, screen, done)


def _prompt_path(screen) -> None:  # type: ignore[no-untyped-def]
    """Ask for the file, then preview it; used from the programmes screen and the palette."""
    from qa_tui.tui.widgets.dialogs import TextPrompt

    def chosen(text: str | None) -> None:
        if text and text.strip():
            path = Path(text.strip()).expanduser()
            _read_in_background(
                screen,
                "read the case list",
                lambda: read_preview(path),
                lambda read: _previewed(screen, path, *read),
            )

    screen.app.push_screen(TextPrompt("Import a case list", "path to a .csv or .xlsx file"), chosen)


def _previewed(
    screen: Any,
    path: Path,
    header: list[str],
    rows: list[list[str]],
) -> None:
    desk = screen.desk
    screen.runner.fetch(
        "read the saved mappings",
        lambda: preview(desk, path, header, rows),
        screen,
        lambda previewed: _ask_mapping(screen, previewed),
    )


def _ask_mapping(screen, previewed: ImportPreviewed) -> None:  # type: ignore[no-untyped-def]
    desk = screen.desk

    def mapped(values: tuple[str, ...] | None) -> None:
        if not values:
            return
        mapping, save_as, close_missing, keep = MappingForm.mapping_of(values)

        def write(rows: CaseList) -> None:
            screen.runner.fetch(
                "import the case list",
                lambda: import_with(desk, previewed.path, rows, mapping, close_missing, save_as),
                screen,
                lambda imported: _report(screen, imported),
            )

        _read_in_background(
            screen, "import the case list", lambda: read_rows(previewed.path, mapping, keep), write
        )

    screen.app.push_screen(MappingForm(previewed), mapped)


def _report(screen, imported: CasesImported) -> None:  # type: ignore[no-untyped-def]
    """Counts in a notification; the columns left out or kept in a report to be read."""
    summary = (
        f"{imported.path.name}: {imported.added} case(s) added, {imported.updated} "
        f"updated, {imported.closed} closed."
    )
    if not imported.dropped and not imported.kept:
        screen.notify(for_terminal(summary), timeout=8, markup=False)
        return
    lines = [summary]
    lines += [
        f"Left out: '{c.header}', which looks like {c.reason}, a direct identifier."
        for c in imported.dropped
    ]
    lines += [
        f"Imported as asked, although it looks like a direct identifier (recorded): '{header}'."
        for header in imported.kept
    ]
    if imported.dropped:
        lines.append(
            "To import a column left out, import the file again and name it in "
            "the last box of the form."
        )
    screen.app.push_screen(ImportReport("Case list imported", lines))
