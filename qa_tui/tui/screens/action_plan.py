"""The improvement action plan (`a` from home): every item as a board would review it.

Items are grouped by status, worst first, each with its owner, due date, and its
measure from baseline to where audits since put it, to the target; SMART problems
stand out; the highlighted item's line from baseline to target is drawn beside its
detail (action_plan_chart.py). `n` adds an item, `s` overrides the suggested status
(with a reason), `Q` keeps the plan as a quarter's review for the board
(plan_snapshot_form.py), and a theme becomes an item from the dashboard's Themes tab (`+`).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from qa_tui.desks.opening import plan_desk
from qa_tui.desks.plan import ActionDesk
from qa_tui.domain.dashboard_records import percent
from qa_tui.domain.permissions import Op
from qa_tui.domain.plan_records import ACTION_STATUS_LABELS, ActionItem
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.failures import report_failure
from qa_tui.tui.messages import DatabaseFailed
from qa_tui.tui.screens.action_plan_chart import ItemLine
from qa_tui.tui.screens.action_plan_forms import (
    EditItemForm,
    PlanItemForm,
    create_item,
)
from qa_tui.tui.screens.action_plan_measure import ask_measure
from qa_tui.tui.screens.plan_snapshot_form import take_snapshot
from qa_tui.tui.widgets.shown import cell, clip, line
from qa_tui.tui.widgets.tones import toned

BOARD_ORDER = ("off_track", "at_risk", "not_started", "on_track", "complete")
STATUS_TONE = {  # status -> (tone, bold): worst first in the eye as on the board
    "off_track": ("bad", True),
    "at_risk": ("watch", True),
    "on_track": ("good", False),
    "complete": ("good", True),
    "not_started": ("muted", False),
}


def action_desk(desk) -> ActionDesk:  # type: ignore[no-untyped-def]
    return plan_desk(desk)


class ActionPlanScreen(DeskAccess, Screen[None]):
    TITLE = "Action plan"
    GUARDS = dict.fromkeys(("new_item", "status", "edit", "measure", "snapshot"), Op.EDIT_PLAN)
    BINDINGS = [
        Binding("n", "new_item", "New item", id="plan.new", tooltip="Add an action plan item"),
        Binding(
            "s",
            "status",
            "Status…",
            id="plan.status",
            tooltip="Override the suggested status, with a reason (or go back to it)",
        ),
        Binding(
            "e",
            "edit",
            "Edit…",
            id="plan.edit",
            tooltip="Change the title, description, owner, due date or recommendation",
        ),
        Binding(
            "m",
            "measure",
            "Measure…",
            id="plan.measure",
            tooltip="Bind the item to a figure from audits, with its target",
        ),
        Binding(
            "Q",
            "snapshot",
            "Quarter…",
            id="plan.snapshot",
            tooltip="Keep every item as it stands as a quarter's review, for the board",
        ),
        Binding(
            "r",
            "refresh",
            "Refresh",
            id="plan.refresh",
            show=False,
            tooltip="Recompute progress from the audits",
        ),
        Binding("escape", "back", "Back", id="plan.back", tooltip="Back"),
    ]
    HELP_EXTRA = [
        ("↑ ↓", "Move between items"),
        ("+ on a theme (dashboard tab 5)", "Promote a theme to an item"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[ActionItem] = []
        self.rows: dict[int, ActionItem] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="plan-summary")
        yield DataTable(id="plan-items", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="plan-detail-row"):
            yield Static("", id="plan-detail")
            yield ItemLine(id="plan-line")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#plan-items", DataTable)
        table.add_columns("Status", "Action", "Baseline → now → target", "SMART", "Owner", "Due")
        table.focus()
        self.action_refresh()
        self.app.theme_changed_signal.subscribe(self, lambda _: self._show(self.items))

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        desk, today = action_desk(self.desk), self.today()
        self.query_one(ItemLine).forget()
        self.runner.fetch(
            "work out the plan's progress", lambda: desk.items(today), self, self._show
        )

    def _show(self, items: list[ActionItem]) -> None:
        self.items = items
        table = self.query_one("#plan-items", DataTable)
        keep = table.cursor_row
        table.clear()
        self.rows = {}
        counts = {s: sum(1 for i in items if i.status == s) for s in BOARD_ORDER}
        variables = self.app.theme_variables
        for status in BOARD_ORDER:
            for item in (i for i in items if i.status == status):
                p = item.progress
                label = ACTION_STATUS_LABELS[item.status] + ("*" if item.status_reason else "")
                progress = ""
                if p is not None:
                    now = percent(p.current) + (
                        f" ({p.current_audits})" if p.current_audits else ""
                    )
                    progress = f"{percent(p.baseline)} → {now} → {percent(p.target)}"
                table.add_row(  # Text cells: DataTable reads a str cell as markup
                    toned(variables, label, *STATUS_TONE[item.status]),
                    cell(clip(item.title, 34)),
                    cell(progress),
                    toned(variables, "✓", "good")
                    if not item.smart_problems
                    else toned(variables, f"✗ {len(item.smart_problems)}", "bad", bold=True),
                    cell(item.owner[:24]),
                    cell(item.due_on or ""),
                    key=str(item.id),
                )
                self.rows[table.row_count - 1] = item
        self.query_one("#plan-summary", Static).update(
            Content.from_markup(  # figures only
                f"[b]Quarterly review[/b] · {len(items)} item(s): "
                + " · ".join(
                    f"{ACTION_STATUS_LABELS[s]} {counts[s]}" for s in BOARD_ORDER if counts[s]
                )
                + (
                    ""
                    if items
                    else " — add one with [b]n[/b], or promote a theme from the "
                    "dashboard (d, then 5, then +)"
                )
            )
        )
        if items:
            table.move_cursor(row=min(keep, len(items) - 1))
            self._detail(self.rows.get(table.cursor_row))

    @on(DataTable.RowHighlighted, "#plan-items")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(self.rows.get(event.cursor_row))

    def _detail(self, item: ActionItem | None) -> None:
        self.query_one(ItemLine).show(item)
        if item is None:
            self.query_one("#plan-detail", Static).update("")
            return
        p = item.progress
        lines = [
            Content.assemble(
                line(item.title, "bold"), line(f" — {item.description}" if item.description else "")
            )
        ]
        if item.measure_label:
            lines.append(line(f"Measure: {item.measure_label}"))
        if p is not None:
            lines.append(
                line(
                    f"Baseline {percent(p.baseline)} ({p.baseline_audits} graded, set "
                    f"{item.measure_set_on}) → now {percent(p.current)} ({p.current_audits} since)"
                    f" → target {percent(p.target)} by {item.target_on}; on the trajectory "
                    f"{percent(p.expected)} today; suggested: "
                    f"{ACTION_STATUS_LABELS[p.suggested_status]}"
                )
            )
        if item.status_reason:
            lines.append(
                line(
                    f"Status set by the owner: {ACTION_STATUS_LABELS[item.status]} — "
                    f"{item.status_reason}"
                )
            )
        if item.themes:
            lines.append(line("Themes: " + "; ".join(t for t, _ in item.themes)))
        if item.recommendation:
            lines.append(line(f"Recommendation {item.recommendation}"))
        if item.smart_problems:
            lines.append(
                line(f"Not SMART yet: {', '.join(item.smart_problems)}", "bold $text-error")
            )
        self.query_one("#plan-detail", Static).update(Content("\n").join(lines))

    def _item(self) -> ActionItem | None:
        return self.rows.get(self.query_one("#plan-items", DataTable).cursor_row)

    def action_new_item(self) -> None:
        desk = action_desk(self.desk)

        def made(values: tuple[str, ...] | None) -> None:
            if values is not None:
                self.runner.fetch(
                    "add the action",
                    lambda: create_item(desk, values, None, ()),
                    self,
                    lambda _: self.action_refresh(),
                )

        self.app.push_screen(PlanItemForm(), made)

    def action_status(self) -> None:
        item = self._item()
        if item is None:
            return
        from qa_tui.tui.widgets.dialogs import Choose, TextPrompt

        desk = action_desk(self.desk)
        choices = [(f"Suggested ({ACTION_STATUS_LABELS[item.suggested_status]})", "")] + [
            (ACTION_STATUS_LABELS[s], s) for s in BOARD_ORDER
        ]

        def chosen(status: str | None) -> None:
            if status is None:
                return
            if status == "":
                self.runner.fetch(
                    "set the status",
                    lambda: desk.override_status(item.id, None, ""),
                    self,
                    lambda _: self.action_refresh(),
                )
                return

            def reasoned(reason: str | None) -> None:
                if not reason or not reason.strip():
                    self.notify(
                        "A status other than the suggested one needs a reason.", severity="warning"
                    )
                    return
                self.runner.fetch(
                    "set the status",
                    lambda: desk.override_status(item.id, status, reason),
                    self,
                    lambda _: self.action_refresh(),
                )

            self.app.push_screen(
                TextPrompt(
                    f"Why is it {ACTION_STATUS_LABELS[status]}?", "the reason the board will read"
                ),
                reasoned,
            )

        self.app.push_screen(Choose("Status", choices), chosen)

    def action_edit(self) -> None:
        item = self._item()
        if item is None:
            return
        desk = action_desk(self.desk)
        code = (item.recommendation or "").split(":")[0]

        def edited(values: tuple[str, ...] | None) -> None:
            if values is None:
                return
            title, description, owner, due, recommendation = values
            self.runner.fetch(
                "change the action",
                lambda: desk.edit(
                    item.id,
                    title=title,
                    description=description,
                    owner=owner,
                    due_on=due or None,
                    recommendation=recommendation or None,
                ),
                self,
                lambda _: self.action_refresh(),
            )

        self.app.push_screen(
            EditItemForm(item.title, item.description, item.owner, item.due_on or "", code), edited
        )

    def action_measure(self) -> None:
        """Rubric, then criterion, then what to count, then the target."""
        item = self._item()
        if item is not None:
            ask_measure(self, item, self.action_refresh)

    def action_snapshot(self) -> None:
        """Record every item as it stands as a quarter's review, with notes."""
        take_snapshot(self, self.items)

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(DatabaseFailed)
    def _failed(self, message: DatabaseFailed) -> None:
        message.stop()  # said here, not again by the app
        report_failure(self, message, timeout=8)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("New action plan item", "Add an item", self.action_new_item)
        yield SystemCommand("Set an item's status", "Override with a reason", self.action_status)
