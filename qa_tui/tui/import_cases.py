"""Import a case list in the TUI: preview the first rows, map the columns, import.

The mapping form starts from a saved mapping whose headers are all in the file, or from
the names case-management exports commonly use; completion offers the file's own
headers. The import itself is the same service call the command line makes.
"""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Static

from qa_tui.case_list import KNOWN_COLUMNS, REQUIRED_COLUMNS
from qa_tui.services import AuditDesk
from qa_tui.tui.dialogs import Form, SignedSuggester


class ImportPreviewed(Message):
    def __init__(self, path: Path, header: list[str], rows: list[list[str]],
                 mapping: dict[str, str], saved_name: str | None):
        super().__init__()
        self.path, self.header, self.rows = path, header, rows
        self.mapping, self.saved_name = mapping, saved_name


class CasesImported(Message):
    def __init__(self, path: Path, added: int, updated: int, closed: int):
        super().__init__()
        self.path, self.added, self.updated, self.closed = path, added, updated, closed


def preview(desk: AuditDesk, path: Path) -> ImportPreviewed:
    """Runs in the database thread: read the first rows and guess the mapping."""
    from qa_tui.case_list import guess_mapping, preview_case_list

    header, rows = preview_case_list(path)
    mapping, saved_name = guess_mapping(header, desk.case_mappings())
    return ImportPreviewed(path, header, rows, mapping, saved_name)


def import_with(desk: AuditDesk, path: Path, mapping: dict[str, str], close_missing: bool,
                save_as: str) -> CasesImported:
    """Runs in the database thread: the whole file is checked before anything is written."""
    from qa_tui.case_list import read_case_list

    rows = read_case_list(path, mapping)
    added, updated, closed = desk.import_case_rows(rows, str(path), close_missing=close_missing)
    if save_as:
        desk.save_case_mapping(save_as, mapping)
    return CasesImported(path, added, updated, closed)


class MappingForm(Form):
    """Which column holds each field; the first rows shown above to judge by eye."""

    heading = "Import a case list"
    compact = True

    def __init__(self, previewed: ImportPreviewed):
        super().__init__()
        self.previewed = previewed
        used = f" (from saved mapping '{previewed.saved_name}')" if previewed.saved_name else ""
        self.note = (f"{previewed.path.name}: {len(previewed.header)} columns. Type the column "
                     f"that holds each field{used}; → completes a header; leave a field empty "
                     "if the file has none. case_ref and team are required.")

    def fields(self) -> list[tuple[str, str, str]]:
        rows = [(f"{field}", "column header", self.previewed.mapping.get(field, ""))
                for field in KNOWN_COLUMNS]
        name = self.previewed.saved_name or ""
        return [*rows,
                ("Save this mapping as (optional)", "e.g. mosaic-export", name),
                ("Close open cases missing from this file? (yes/no)", "no", "no")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="import-form"):
            yield Label(f"[b]{self.heading}[/b]")
            yield Static(self.note, classes="dialog-note")
            table = Table(*[h[:14] for h in self.previewed.header], show_lines=False,
                          expand=False, padding=(0, 1))
            for row in self.previewed.rows:
                table.add_row(*[cell[:14] for cell in row[:len(self.previewed.header)]])
            yield Static(table, id="import-preview")
            suggester = SignedSuggester(self.previewed.header)
            for n, (label, placeholder, value) in enumerate(self.fields()):
                yield Static(label, classes="field-label")
                yield Input(value, placeholder=placeholder, id=f"field-{n}", compact=True,
                            suggester=suggester if n < len(KNOWN_COLUMNS) else None)
            yield Label("", id="form-error")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#field-0", Input))

    def check(self, values: tuple[str, ...]) -> str | None:
        headers = {h.strip().casefold() for h in self.previewed.header}
        for field, value in zip(KNOWN_COLUMNS, values, strict=False):
            if field in REQUIRED_COLUMNS and not value:
                return f"{field} is required: which column holds it?"
            if value and value.strip().casefold() not in headers:
                return f"{value!r} is not a column of this file."
        if values[-1].casefold() not in ("yes", "no", "y", "n"):
            return "Close missing cases: answer yes or no."
        return None

    @staticmethod
    def mapping_of(values: tuple[str, ...]) -> tuple[dict[str, str], str, bool]:
        mapping = {field: value for field, value in zip(KNOWN_COLUMNS, values, strict=False)
                   if value}
        return mapping, values[len(KNOWN_COLUMNS)], values[-1].casefold() in ("yes", "y")


def _prompt_path(screen) -> None:  # type: ignore[no-untyped-def]
    """Ask for the file, then preview it; used from the programmes screen and the palette."""
    from qa_tui.tui.dialogs import TextPrompt

    def chosen(text: str | None) -> None:
        if text and text.strip():
            path = Path(text.strip()).expanduser()
            desk = screen.desk
            screen.runner.run("read the case list", lambda: preview(desk, path), screen,
                              lambda m: m)

    screen.app.push_screen(TextPrompt("Import a case list", "path to a .csv or .xlsx file"),
                           chosen)


def _ask_mapping(screen, previewed: ImportPreviewed) -> None:  # type: ignore[no-untyped-def]
    desk = screen.desk

    def mapped(values: tuple[str, ...] | None) -> None:
        if not values:
            return
        mapping, save_as, close_missing = MappingForm.mapping_of(values)
        screen.runner.run("import the case list", lambda: import_with(
            desk, previewed.path, mapping, close_missing, save_as), screen, lambda m: m)

    screen.app.push_screen(MappingForm(previewed), mapped)
