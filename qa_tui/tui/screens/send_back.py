"""Sent back to me (`b` from the auditor's home): the moderator's questions on my
audits, each with its comment, and enter to answer one in a small dialog.

The moderation of an audit waits for the answer, so the home says how many are waiting
and this screen lists them oldest first; an answered one leaves the list.
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

from qa_tui.desks.moderation_steering import ModerationSteering
from qa_tui.domain.permissions import Op
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.widgets.dialogs import TextPrompt
from qa_tui.tui.widgets.shown import block, brief, line


class SentBackListed(Message):
    def __init__(self, rows: list[dict[str, Any]]):
        super().__init__()
        self.rows = rows


class SentBackScreen(DeskAccess, Screen[None]):
    TITLE = "Sent back to me"
    GUARDS = {"answer": Op.GRADE_AUDIT}
    BINDINGS = [
        Binding(
            "enter",
            "answer",
            "Answer",
            id="sent_back.answer",
            tooltip="Answer the moderator's question on the highlighted audit",
        ),
        Binding("escape", "back", "Back", id="sent_back.back", tooltip="Back to my audits"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[int, dict[str, Any]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Content.styled("The moderator asks; the moderation waits for your answer.", "dim")
        )
        yield OptionList(id="sent-back")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#sent-back", OptionList).focus()
        self.load()

    def load(self) -> None:
        steering = ModerationSteering(self.desk)
        self.runner.run("read what was sent back", steering.waiting_answers, self, SentBackListed)

    @on(SentBackListed)
    def _listed(self, message: SentBackListed) -> None:
        options = self.query_one("#sent-back", OptionList)
        options.clear_options()
        self.rows = {r["id"]: r for r in message.rows}
        for r in message.rows:
            head = Content.assemble(
                line(brief(r["case_ref"]), "bold"),
                f" · audit {r['audit_id']} · ",
                line(brief(r["team"]), "dim"),
                f" · from {r['sent_by']}",
            )
            options.add_option(
                Option(Content("\n").join([head, block(r["comment"])]), id=f"s{r['id']}")
            )
        if not message.rows:
            options.add_option(
                Option(Content.styled("Nothing waits for your answer.", "dim"), disabled=True)
            )
        else:
            options.highlighted = 0

    @on(OptionList.OptionSelected, "#sent-back")
    def _selected(self) -> None:
        self.action_answer()

    def action_answer(self) -> None:
        option = self.query_one("#sent-back", OptionList).highlighted_option
        if option is None or not option.id or self.refused("answer"):
            return
        row = self.rows[int(option.id[1:])]
        steering = ModerationSteering(self.desk)

        def answered(text: str | None) -> None:
            if text and text.strip():

                def save() -> list[dict[str, Any]]:
                    steering.answer(row["audit_id"], row["id"], text)
                    return steering.waiting_answers()

                self.runner.run("save the answer", save, self, SentBackListed)

        self.app.push_screen(
            TextPrompt(f"Answer the moderator ({row['case_ref']})", "your answer"), answered
        )

    def action_back(self) -> None:
        self.app.pop_screen()
