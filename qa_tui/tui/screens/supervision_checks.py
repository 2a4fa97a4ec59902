"""Supervision checks (`u` on a supervision audit): was each earlier audit finding and
open case action of the case discussed in supervision, and what was agreed.

One line an item: the answer (yes, partly, no, or not yet), finding or action, and the
finding as the auditor is shown it. `y` `p` `n` record the answer of the highlighted
item and `a` (or enter) what was agreed; each is saved at once and only that line is
painted again. `w` adds the findings of the worker's other cases, for a supervision
audit about the worker. Text from audits and people is shown literally.

The audit screen's `u`, shown only on a supervision audit, is in supervision_key.py.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.desks.supervision import SupervisionDesk
from qa_tui.domain.permissions import Op
from qa_tui.domain.supervision import DISCUSSED_WORDS, SupervisionItem
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted import FittedList
from qa_tui.tui.widgets.shown import block, clip, fill, line

_LONG_GRADE = "Requires improvement to be good"
_SHORT = {"yes": "Yes", "partly": "Partly", "no": "No", None: "–"}
_STYLE = {"yes": "bold $success", "partly": "bold $warning", "no": "bold $error", None: "dim"}

# The answer, finding or action, then the item itself, which takes the room left.
COLUMNS = (
    Column(min=6, ideal=6),
    Column(min=7, ideal=7),
    Column(min=20, ideal=90, weight=1),
)


class ChecksListed(Message):
    def __init__(self, items: list[SupervisionItem], case_ref: str, submitted: bool):
        super().__init__()
        self.items = items
        self.case_ref = case_ref
        self.submitted = submitted


class CheckSaved(Message):
    def __init__(self, item: SupervisionItem):
        super().__init__()
        self.item = item


def item_cells(item: SupervisionItem) -> tuple[Content, ...]:
    """The answer, the kind, and the item (its grade said short: the detail says it whole)."""
    where = "" if item.own_case else f"[{item.case_ref}] "
    gone = "" if item.current else " (no longer open)"
    summary = item.summary
    if item.kind == "finding" and summary.startswith(_LONG_GRADE):
        summary = "RI" + summary.removeprefix(_LONG_GRADE)
    return (
        line(_SHORT[item.discussed], _STYLE[item.discussed]),
        line("Finding" if item.kind == "finding" else "Action", "dim"),
        line(f"{where}{summary}{gone}"),
    )


class SupervisionChecksScreen(DeskAccess, Screen[None]):
    TITLE = "Supervision checks"
    DEFAULT_CSS = """
    #supervision-summary { height: auto; padding: 0 1; background: $boost; }
    #supervision-items { height: 1fr; border: none; }
    #supervision-detail { height: auto; max-height: 6; padding: 0 1; background: $boost; }
    """
    GUARDS = dict.fromkeys(("discussed", "agreed"), Op.GRADE_AUDIT)
    BINDINGS = [
        Binding(
            "y",
            "discussed('yes')",
            "Discussed",
            id="supervision.yes",
            tooltip="This finding or action was discussed in supervision",
        ),
        Binding(
            "p",
            "discussed('partly')",
            "Partly",
            id="supervision.partly",
            tooltip="It was partly discussed in supervision",
        ),
        Binding(
            "n",
            "discussed('no')",
            "Not discussed",
            id="supervision.no",
            tooltip="It was not discussed in supervision",
        ),
        Binding(
            "a",
            "agreed",
            "Agreed…",
            id="supervision.agreed",
            tooltip="Write what was agreed in supervision about it",
        ),
        Binding(
            "w",
            "worker_cases",
            "Worker's cases",
            id="supervision.worker",
            tooltip="Show or hide findings from the worker's other cases",
        ),
        Binding("escape", "back", "Back", id="supervision.back", tooltip="Back to the audit"),
    ]
    HELP_EXTRA = [("↑ ↓", "Move between findings and actions"), ("enter", "What was agreed")]

    def __init__(self, audit_id: int):
        super().__init__()
        self.audit_id = audit_id
        self.include_worker_cases = False
        self.items: dict[str, SupervisionItem] = {}
        self.submitted = False
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("loading…", id="supervision-summary")
        yield FittedList(COLUMNS, id="supervision-items")
        yield Static("", id="supervision-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#supervision-items", OptionList).focus()
        self.load()

    def load(self) -> None:
        desk, audit_id, worker = self.desk, self.audit_id, self.include_worker_cases

        def listed() -> ChecksListed:
            items = SupervisionDesk(desk).items(audit_id, include_worker_cases=worker)
            audit = desk.open_audit(audit_id).audit
            return ChecksListed(items, audit.case.case_ref, audit.submitted)

        self.runner.run("list the supervision checks", listed, self, lambda m: m)

    # -- showing -----------------------------------------------------------------------

    @on(ChecksListed)
    def _listed(self, message: ChecksListed) -> None:
        self.loaded = True
        self.submitted = message.submitted
        self.sub_title = clip(message.case_ref, 60)
        options = self.query_one("#supervision-items", FittedList)
        keep = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        self.items = {item.item_key: item for item in message.items}
        for title, kind in (("Earlier findings", "finding"), ("Open case actions", "action")):
            group = [i for i in message.items if i.kind == kind]
            options.add_option(Option(Content.styled(title, "bold underline"), disabled=True))
            options.add_options(options.row(*item_cells(i), id=i.item_key) for i in group)
            if not group:
                options.add_option(Option(Content.styled("  none", "dim"), disabled=True))
        if keep in self.items:
            options.highlighted = options.get_option_index(keep)
        elif self.items:
            options.highlighted = options.get_option_index(next(iter(self.items)))
        self._show_summary()
        self._show_detail()

    def _show_summary(self) -> None:
        own = [i for i in self.items.values() if i.own_case]
        unchecked = sum(1 for i in own if not i.checked)
        self.query_one("#supervision-summary", Static).update(
            fill(
                "[b]$count[/b] finding(s) and action(s) · [b]$unchecked[/b] not yet asked"
                "$worker$state",
                count=len(own),
                unchecked=unchecked,
                worker=" · the worker's other cases shown" if self.include_worker_cases else "",
                state=" · submitted: read-only" if self.submitted else "",
            )
        )

    def _show_detail(self) -> None:
        item = self._item()
        detail = self.query_one("#supervision-detail", Static)
        if item is None:
            detail.update(line("Nothing to ask about: no earlier findings or open actions.", "dim"))
            return
        answer = DISCUSSED_WORDS.get(item.discussed or "", "Not yet asked")
        agreed = item.agreed or "(nothing recorded yet: press a)"
        detail.update(
            Content.assemble(
                line(f"{answer} · from audit {item.source_audit_id} of {item.case_ref}", "bold"),
                "\n",
                block(clip(item.summary, 300)),
                "\n",
                line("Agreed: ", "dim"),
                block(clip(agreed, 300)),
            )
        )

    @on(OptionList.OptionHighlighted, "#supervision-items")
    def _moved(self) -> None:
        self._show_detail()

    def _item(self) -> SupervisionItem | None:
        option = self.query_one("#supervision-items", OptionList).highlighted_option
        return self.items.get(option.id or "") if option is not None else None

    # -- recording -----------------------------------------------------------------------

    def _editable_item(self) -> SupervisionItem | None:
        item = self._item()
        if item is None or not self.loaded:
            return None
        if self.submitted:
            self.notify(
                "This audit is submitted and read-only. Reopen it to change its checks.",
                severity="warning",
            )
            return None
        return item

    def _save(self, item: SupervisionItem, discussed: str | None, agreed: str | None) -> None:
        desk, audit_id, key = self.desk, self.audit_id, item.item_key

        def save() -> CheckSaved:
            return CheckSaved(
                SupervisionDesk(desk).check(audit_id, key, discussed=discussed, agreed=agreed)
            )

        self.runner.run("record the supervision check", save, self, lambda m: m)

    def action_discussed(self, answer: str) -> None:
        item = self._editable_item()
        if item is not None:
            self._save(item, answer, None)

    def action_agreed(self) -> None:
        item = self._editable_item()
        if item is None:
            return
        from qa_tui.tui.widgets.dialogs import TextPrompt

        def agreed(text: str | None) -> None:
            if text is not None:
                self._save(item, None, text)

        self.app.push_screen(
            TextPrompt(
                f"Agreed in supervision: {clip(item.summary, 40)}",
                "what was agreed (saved at once)",
                value=item.agreed,
            ),
            agreed,
        )

    @on(OptionList.OptionSelected, "#supervision-items")
    def _selected(self) -> None:
        if not self.refused("agreed"):  # enter on the list, not the screen's key
            self.action_agreed()

    @on(CheckSaved)
    def _saved(self, message: CheckSaved) -> None:
        item = message.item
        shown = self.items.get(item.item_key)
        if shown is not None:
            item = SupervisionItem(**{**shown.__dict__, **_check_of(item)})
        self.items[item.item_key] = item
        options = self.query_one("#supervision-items", FittedList)
        options.replace_row(item.item_key, *item_cells(item))
        self._show_summary()
        self._show_detail()

    def action_worker_cases(self) -> None:
        self.include_worker_cases = not self.include_worker_cases
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()


def _check_of(item: SupervisionItem) -> dict[str, Any]:
    return {
        "discussed": item.discussed,
        "agreed": item.agreed,
        "updated_at": item.updated_at,
        "updated_by": item.updated_by,
    }
