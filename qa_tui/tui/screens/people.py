"""People (`u` from home, or "People" in the palette): who is who on this database.

QA leads and administrators see everyone; an administrator adds people (`a`), changes
them (`e`), disables or enables them (`d`: nothing about a person is ever deleted) and
sets a new passphrase (`r`); a QA lead sets the teams people belong to (`e`). Every
change goes through `PeopleDesk` on the database thread, and the keys a person may not
use are greyed and say why (`GUARDS`). Names and teams are shown literally.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from qa_tui.desks.opening import people_desk
from qa_tui.desks.people import PeopleDesk
from qa_tui.domain.people import Person, Role
from qa_tui.domain.permissions import Op
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.failures import detail_lines
from qa_tui.tui.messages import DatabaseFailed
from qa_tui.tui.widgets.columns import Column
from qa_tui.tui.widgets.fitted_table import FittedTable
from qa_tui.tui.widgets.shown import cell, fill, line, visible

ROLE_SHORT = {
    Role.AUDITOR: "auditor",
    Role.QA_LEAD: "QA lead",
    Role.MANAGER: "manager",
    Role.HEAD_OF_SERVICE: "head",
    Role.PARTNER: "partner",
    Role.ADMIN: "admin",
}
# (heading, column): the user name whole where it can be; name, roles and teams share
# the rest, so nothing scrolls sideways at 80 and a wide terminal shows them whole.
COLUMNS = (
    ("User", Column(12, 16)),
    ("Name", Column(8, 30, 1)),
    ("Roles", Column(8, 30, 1)),
    ("Teams", Column(6, 40, 2)),
    ("Manages", Column(6, 30, 1)),
)


def roles_cell(person: Person) -> str:
    """Roles short enough for a column; a partner's agency follows their role."""
    words = [ROLE_SHORT[r] for r in Role if r in person.roles]
    if Role.PARTNER in person.roles and person.agency:
        words[words.index("partner")] = f"partner ({person.agency})"
    return ", ".join(words) or "no role"


def person_row(person: Person) -> list[Text]:
    style = "dim" if person.disabled else ""
    roles = cell("disabled", "italic") if person.disabled else cell(roles_cell(person))
    return [
        cell(person.user_name, "bold" if not person.disabled else style),
        cell(person.display_name, style),
        roles,
        cell(", ".join(person.teams), style),
        cell(", ".join(person.manages), style),
    ]


class PeopleListed(Message):
    def __init__(self, people: list[Person]):
        super().__init__()
        self.people = people


class PersonChanged(Message):
    def __init__(self, person: Person, said: str):
        super().__init__()
        self.person = person
        self.said = said


class PeopleScreen(DeskAccess, Screen[None]):
    TITLE = "People"
    GUARDS = {
        "add": Op.MANAGE_PEOPLE,
        "edit": Op.SET_TEAMS,
        "toggle_disabled": Op.MANAGE_PEOPLE,
        "reset_passphrase": Op.MANAGE_PEOPLE,
    }
    BINDINGS = [
        Binding("a", "add", "Add", id="people.add", tooltip="Add a person (administrators)"),
        Binding(
            "e",
            "edit",
            "Edit",
            id="people.edit",
            tooltip="Change the highlighted person (QA leads: their teams)",
        ),
        Binding(
            "d",
            "toggle_disabled",
            "Disable/enable",
            id="people.disable",
            tooltip="Disable the highlighted person, or enable them again",
        ),
        Binding(
            "r",
            "reset_passphrase",
            "Passphrase",
            id="people.reset",
            tooltip="Set a new passphrase for the highlighted person (lifts a lock)",
        ),
        Binding("escape", "back", "Back", id="people.back", tooltip="Back"),
    ]
    HELP_EXTRA = [("↑ ↓", "Move between people; below, the highlighted one in full")]

    def __init__(self) -> None:
        super().__init__()
        self.people: list[Person] = []

    @property
    def people_desk(self) -> PeopleDesk:
        return people_desk(self.desk)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="people-summary")
        yield FittedTable(id="people-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="people-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#people-table", FittedTable)
        for heading, _ in COLUMNS:
            table.add_column(heading, key=heading.lower())
        table.fit([column for _, column in COLUMNS])
        table.focus()
        self.load()

    def load(self) -> None:
        people = self.people_desk
        self.runner.run(
            "list the people", lambda: PeopleListed(people.everyone()), self, lambda m: m
        )

    @on(PeopleListed)
    def _listed(self, message: PeopleListed) -> None:
        table = self.query_one("#people-table", DataTable)
        keep = self._highlighted()
        self.people = message.people
        table.clear()
        for person in self.people:
            table.add_row(*person_row(person), key=person.user_name)
        disabled = sum(p.disabled for p in self.people)
        self.query_one("#people-summary", Static).update(
            fill(
                "$count people" + (" · $disabled disabled" if disabled else "") + "$hint",
                count=len(self.people),
                disabled=disabled,
                hint="" if self.people else "  —  none yet: the first must be an administrator",
            )
        )
        names = [p.user_name for p in self.people]
        if keep is not None and keep.user_name in names:
            table.move_cursor(row=names.index(keep.user_name))
        self._show_detail()

    @on(DatabaseFailed)
    def _failed(self, message: DatabaseFailed) -> None:
        """A refusal to list (or change) people is said here and in a notice."""
        words = " ".join(detail_lines(message))
        self.query_one("#people-summary", Static).update(line(words, "bold $error"))

    def _highlighted(self) -> Person | None:
        table = self.query_one("#people-table", DataTable)
        if not self.people or not 0 <= table.cursor_row < len(self.people):
            return None
        return self.people[table.cursor_row]

    @on(DataTable.RowHighlighted, "#people-table")
    def _show_detail(self) -> None:
        person = self._highlighted()
        detail = self.query_one("#people-detail", Static)
        if person is None:
            detail.update("")
            return
        state = "disabled: cannot sign in" if person.disabled else "can sign in"
        if not person.has_passphrase:
            state = "no passphrase yet (r sets one)" if not person.disabled else state
        detail.update(
            Content("\n").join(
                [
                    Content.assemble(
                        (visible(person.display_name), "bold"),
                        visible(f" ({person.user_name}) · {person.role_words}"),
                    ),
                    line(f"Teams: {', '.join(person.teams) or 'none'}"),
                    line(
                        f"Manages: {', '.join(person.manages) or 'none'} · "
                        f"Agency: {person.agency or 'none'} · {state}"
                    ),
                ]
            )
        )

    # -- changes -------------------------------------------------------------------

    def action_add(self) -> None:
        from qa_tui.tui.screens.people_forms import AddPersonForm

        first = not self.people
        was_single_user = self.desk.person.single_user

        def added(person: object) -> None:
            if isinstance(person, Person):
                self._changed(PersonChanged(person, f"Added {person.user_name}."))
                if first and was_single_user:
                    self.app.people_exist_now()  # type: ignore[attr-defined]

        self.app.push_screen(AddPersonForm(self.people_desk, first=first), added)

    def action_edit(self) -> None:
        from qa_tui.tui.screens.people_forms import EditPersonForm, TeamsForm

        person = self._highlighted()
        if person is None:
            return
        desk = self.people_desk
        form = (
            EditPersonForm(desk, person)
            if self.desk.may(Op.MANAGE_PEOPLE)
            else TeamsForm(desk, person)
        )

        def changed(after: object) -> None:
            if isinstance(after, Person):
                self._changed(PersonChanged(after, f"Changed {after.user_name}."))

        self.app.push_screen(form, changed)

    def action_toggle_disabled(self) -> None:
        from qa_tui.tui.screens.programme_forms import Confirm

        person = self._highlighted()
        if person is None:
            return
        people, enable = self.people_desk, person.disabled
        verb = "enable" if enable else "disable"
        body = (
            "They can sign in again, with the passphrase they had."
            if enable
            else "They can no longer sign in or use a token. Nothing about them is deleted: "
            "their audits keep their name, and they can be enabled again."
        )

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def toggle() -> PersonChanged:
                after = people.disable(person.user_name, disabled=not enable)
                people.desk.person  # noqa: B018 - read again here, not on the UI thread
                return PersonChanged(after, f"{verb.capitalize()}d {after.user_name}.")

            self.runner.run(f"{verb} {person.user_name}", toggle, self, lambda m: m)

        self.app.push_screen(
            Confirm(f"{verb.capitalize()} {person.user_name}?", body, []), confirmed
        )

    def action_reset_passphrase(self) -> None:
        from qa_tui.tui.screens.people_forms import ResetPassphraseForm

        person = self._highlighted()
        if person is None:
            return

        def done(result: object) -> None:
            if result is not None:
                self.notify(f"New passphrase set for {person.user_name}.", timeout=5)
                self.load()

        self.app.push_screen(ResetPassphraseForm(self.people_desk, person), done)

    @on(PersonChanged)
    def _changed(self, message: PersonChanged) -> None:
        self.notify(message.said, timeout=4)
        self.app.sub_title = self.app.who()  # type: ignore[attr-defined]
        self.refresh_bindings()
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Add a person", "Administrators", self.action_add)
        yield SystemCommand("Edit the person", "The highlighted one", self.action_edit)
        yield SystemCommand(
            "Disable or enable the person", "The highlighted one", self.action_toggle_disabled
        )
        yield SystemCommand(
            "Reset the passphrase", "Of the highlighted one", self.action_reset_passphrase
        )
