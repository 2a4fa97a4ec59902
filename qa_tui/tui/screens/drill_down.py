"""The audits behind a dashboard figure, a page at a time; enter opens one.

The list is read from the database in pages as the cursor nears its end, so a figure
behind fifty thousand audits opens as fast as one behind five.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from qa_tui.desks.moderation_steering import ModerationSteering
from qa_tui.domain.permissions import Op
from qa_tui.domain.rubric import OFSTED, YES_PARTLY_NO
from qa_tui.tui.base import DeskAccess, short_grade
from qa_tui.tui.messages import DatabaseFailed
from qa_tui.tui.screens.moderation_steering import PickForm, QueueChanged
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted_table import FittedTable
from qa_tui.tui.widgets.shown import brief, cell, line

PAGE = 100
# Each column's (heading, fewest cells, most before the room is shared, weight): the
# evidence, when shown, takes most of the room; names share the rest.
COLUMNS = (
    ("Audit", Column(5, 8)),
    ("Case", Column(13, 24)),
    ("Grade", Column(6, 6)),
    ("Evidence", Column(16, 60, 3)),
    ("Submitted", Column(10, 10)),
    ("Team", Column(8, 30, 1)),
    ("Auditor", Column(8, 20, 1)),
    ("Cohort", Column(3, 10)),
    ("Moderated", Column(3, 9)),
    ("Programme", Column(5, 30, 1)),
)


def counted_label(row: dict) -> str:
    """The grade that counted, shortened: quality and overall on the Ofsted scale,
    compliance checks on Yes / Partly / No."""
    if "grade" in row:
        return short_grade(row["grade"])
    if row["na"]:
        return "N/A"
    if row["value"] is None:
        return ""
    scale = YES_PARTLY_NO if row.get("kind") == "compliance" else OFSTED
    if not 1 <= row["value"] <= len(scale.grades):
        return str(row["value"])
    return short_grade(scale.by_value(row["value"]).label)


class AuditTable(FittedTable):
    """A list that grows as it is read: `end` goes to the last audit read so far (and so
    reads the next page), rather than only scrolling."""

    def action_scroll_end(self) -> None:
        self.move_cursor(row=self.row_count - 1)

    def action_scroll_home(self) -> None:
        self.move_cursor(row=0)


class DrillDownScreen(DeskAccess, Screen[None]):
    TITLE = "Audits behind a figure"
    BINDINGS = [
        Binding("escape", "back", "Back", id="drill.back", tooltip="Back to the dashboard"),
        Binding(
            "v",
            "evidence",
            "Evidence",
            id="drill.evidence",
            tooltip="Show or hide the evidence notes behind a theme",
        ),
        Binding(
            "p",
            "pick_for_moderation",
            "Moderate…",
            id="drill.moderate",
            tooltip="Pick the highlighted audit for moderation, with a reason (QA leads)",
        ),
    ]
    HELP_EXTRA = [("enter", "Open the highlighted audit")]
    GUARDS = {"pick_for_moderation": Op.STEER_MODERATION}

    def __init__(
        self,
        title: str,
        page: Callable[[int, int], list[dict]],
        evidence_page: Callable[[int, int], list[dict]] | None = None,
    ):
        super().__init__()
        self.evidence_page = evidence_page
        self.plain_page = page
        self.with_evidence = False
        self.drill_title = title
        self.fetch_page = page
        self.loaded = 0
        self.exhausted = False
        # A page is on its way. Not `loading`: that is Textual's own flag, which covers
        # the screen with a spinner.
        self.reading = False
        self.ids: list[int] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(line(self.drill_title), id="drill-title")
        yield AuditTable(id="drill-audits", cursor_type="row", zebra_stripes=True)
        yield Static("", id="drill-count")
        yield Footer()

    def on_mount(self) -> None:
        self._columns()
        self.query_one(DataTable).focus()
        self.more()

    def _columns(self) -> None:
        table = self.query_one(AuditTable)
        table.clear(columns=True)
        shown = [(h, c) for h, c in COLUMNS if h != "Evidence" or self.with_evidence]
        table.add_columns(*(heading for heading, _ in shown))
        table.fit([column for _, column in shown])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "evidence":
            return self.evidence_page is not None
        return super().check_action(action, parameters)

    def action_evidence(self) -> None:
        """Evidence quotes only when asked for: they can name people."""
        if self.evidence_page is None or self.reading:
            return
        self.with_evidence = not self.with_evidence
        self.fetch_page = self.evidence_page if self.with_evidence else self.plain_page
        self.loaded, self.exhausted, self.ids = 0, False, []
        self._columns()
        self.more()

    def more(self) -> None:
        if self.exhausted or self.reading:
            return
        self.reading = True
        offset, fetch = self.loaded, self.fetch_page
        self.runner.fetch("list the audits", lambda: fetch(offset, PAGE), self, self._rows)

    def _rows(self, rows: list[dict]) -> None:
        self.reading = False
        table = self.query_one(DataTable)
        for r in rows:  # cells as Text: a str cell would be read as markup
            table.add_row(
                str(r["audit_id"]),
                cell(brief(r["case_ref"])),
                cell(counted_label(r)),
                *([cell(brief(r.get("evidence") or ""))] if self.with_evidence else []),
                cell((r["submitted_at"] or "")[:10]),
                cell(brief(r["team"])),
                cell(brief(r["auditor"])),
                cell(brief(r["cohort"] or "")),
                "yes" if r["moderated"] else "",
                cell(brief(r["programme"] or "")),
                key=str(r["audit_id"]),
            )
            self.ids.append(r["audit_id"])
        self.loaded += len(rows)
        self.exhausted = len(rows) < PAGE
        self.query_one("#drill-count", Static).update(
            Content.from_markup(
                f"{self.loaded} audit(s)"
                + ("" if self.exhausted else " so far, more as you scroll")
                + "  [dim]enter opens the audit[/dim]"
            )
        )

    @on(DataTable.RowHighlighted)
    def _near_end(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.loaded - PAGE // 2:
            self.more()

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_audit(int(event.row_key.value))

    def action_pick_for_moderation(self) -> None:
        """A QA lead reading the audits behind a figure picks one to moderate by hand."""
        table = self.query_one(AuditTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        steering = ModerationSteering(self.desk)

        def picked(values: tuple[str, ...] | None) -> None:
            if not values:
                return
            number, reason, blind = values
            flag = None if not blind else blind.lower().startswith("y")
            self.runner.run(
                "pick the audit for moderation",
                lambda: steering.pick(int(number), reason, flag),
                self,
                lambda _result: QueueChanged(f"Audit {number} is in the moderation queue"),
            )

        self.app.push_screen(PickForm(None if key is None else int(key)), picked)

    def on_queue_changed(self, message: QueueChanged) -> None:
        self.notify(message.said, timeout=3)

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(DatabaseFailed)
    def _failed(self, message: DatabaseFailed) -> None:
        self.reading = False  # the app reports it; the next page can be asked for again
