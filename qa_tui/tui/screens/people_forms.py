"""The people screen's forms, and a person's own passphrase form.

Each form checks what it can before it asks the desk (a user name's shape, the two
passphrases alike), then does the work through `PeopleDesk` on the database thread and
stays open until the desk has answered: a refusal is shown in the form in the desk's
words, with everything typed still there, and only a success closes it. Typed values and
names from the database are shown literally (`shown`), never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, SelectionList, Static

from qa_tui.domain.passphrases import passphrase_problem
from qa_tui.domain.people import Person, Role, user_name_problem
from qa_tui.tui.failures import detail_lines
from qa_tui.tui.messages import DatabaseFailed
from qa_tui.tui.widgets.fields import PlainInput
from qa_tui.tui.widgets.shown import block, line, visible

if TYPE_CHECKING:
    from qa_tui.desks.people import PeopleDesk

Values = dict[str, str]


def split_names(text: str) -> list[str]:
    """Teams as typed: comma separated, blanks dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: str = ""
    placeholder: str = ""
    password: bool = False


class FormSaved(Message):
    """The desk did what the form asked; `result` is what it returned."""

    def __init__(self, result: object):
        super().__init__()
        self.result = result


class DeskForm(ModalScreen[object]):
    """Labelled one-line fields (and, for people, a list of roles to tick); enter moves
    on, enter on the last field or ctrl+s saves through the desk, escape cancels."""

    BINDINGS = [
        Binding(
            "escape", "cancel", "Cancel", id="person-form.cancel", tooltip="Close, saving nothing"
        ),
        Binding("ctrl+s", "save", "Save", id="person-form.save", tooltip="Save the form as it is"),
    ]
    HELP_EXTRA = [
        ("tab / enter", "Next field"),
        ("space", "Tick or untick the highlighted role"),
        ("enter on the last field", "Save"),
    ]
    heading = ""
    note = ""
    what = "save"  # the desk's job, as a failure names it: "Could not ..."
    roles_after: str | None = None  # the field the roles list follows; None: no roles

    def __init__(self, people: PeopleDesk):
        super().__init__()
        self.people = people
        self.saving = False

    def fields(self) -> list[Field]:
        raise NotImplementedError

    def ticked(self) -> frozenset[Role]:
        """The roles ticked when the form opens."""
        return frozenset()

    def check(self, values: Values, roles: frozenset[Role]) -> str | None:
        """Why the form cannot be saved as it is, or None."""
        return None

    def job(self, values: Values, roles: frozenset[Role]) -> Callable[[], object]:
        """The desk's work, run on the database thread."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="person-form"):
            yield Label(line(self.heading, "bold"))
            if self.note:
                yield Static(block(self.note), classes="dialog-note")
            for field in self.fields():
                with Horizontal(classes="form-row"):
                    yield Label(line(field.label), classes="form-label")
                    yield PlainInput(
                        visible(field.value),
                        placeholder=visible(field.placeholder),
                        password=field.password,
                        compact=True,
                        id=f"field-{field.key}",
                    )
                if field.key == self.roles_after:
                    with Horizontal(classes="form-roles-row"):
                        yield Label("Roles (space)", classes="form-label")
                        yield SelectionList[str](
                            *[(role.label, role.value, role in self.ticked()) for role in Role],
                            id="form-roles",
                        )
            yield Static("", id="form-error")
            yield Label(
                Content.from_markup(
                    "[dim]enter: next · ctrl+s or enter on the last: save · escape: cancel[/dim]"
                )
            )

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    def values(self) -> Values:
        """Each field's text, trimmed (passphrases exactly as typed)."""
        return {
            (box.id or "").removeprefix("field-"): box.value if box.password else box.value.strip()
            for box in self.query(Input)
        }

    def roles(self) -> frozenset[Role]:
        found = self.query("#form-roles")
        if not found:
            return frozenset()
        chosen: SelectionList[str] = found.first(SelectionList)
        return frozenset(Role(value) for value in chosen.selected)

    def action_save(self) -> None:
        if self.saving:
            return
        values = self.values()
        roles = self.roles()
        problem = self.check(values, roles)
        if problem:
            self._say(problem, "bold $error")
            return
        self.saving = True
        self._say("saving…", "italic")
        self.app.runner.run(  # type: ignore[attr-defined]
            self.what, self.job(values, roles), self, FormSaved
        )

    @on(FormSaved)
    def _saved(self, message: FormSaved) -> None:
        message.stop()
        self.dismiss(True if message.result is None else message.result)  # None: cancelled

    @on(DatabaseFailed)
    def _refused(self, message: DatabaseFailed) -> None:
        """The desk's refusal, in the form: nothing typed is lost."""
        message.stop()
        self.saving = False
        self._say(" ".join(detail_lines(message)), "bold $error")  # as the desk says it

    def _say(self, text: str, style: str) -> None:
        self.query_one("#form-error", Static).update(block(text, style))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _two_passphrases(values: Values, *, needed: bool) -> str | None:
    new, again = values["passphrase"], values["again"]
    if not new and not again and not needed:
        return None
    if new != again:
        return "The two passphrases are not the same."
    problem = passphrase_problem(new)
    return problem[:1].upper() + problem[1:] + "." if problem else None


def _partner_problem(values: Values, roles: frozenset[Role]) -> str | None:
    if Role.PARTNER in roles and not values["agency"]:
        return "A partner agency person needs their agency's name."
    return None


def _person_fields(person: Person | None) -> list[Field]:
    p = person
    return [
        Field("display_name", "Display name", p.display_name if p else "", "e.g. Sam Jones"),
        Field("teams", "Teams (member)", ", ".join(p.teams) if p else "", "comma separated"),
        Field("manages", "Teams managed", ", ".join(p.manages) if p else "", "managers only"),
        Field("agency", "Agency", (p.agency or "") if p else "", "partner agencies only"),
    ]


class AddPersonForm(DeskForm):
    heading = "Add a person"
    what = "add the person"
    roles_after = "display_name"

    def __init__(self, people: PeopleDesk, *, first: bool):
        super().__init__(people)
        self.first = first
        self.note = (
            "The first person must be an administrator with a passphrase: from then on "
            "everyone signs in."
            if first
            else "Leave the passphrase empty to set one later (r on the list)."
        )

    def fields(self) -> list[Field]:
        return [
            Field("user_name", "User name", "", "e.g. sam.jones"),
            *_person_fields(None),
            Field("passphrase", "Passphrase", "", "10 characters or more", password=True),
            Field("again", "Passphrase again", "", "", password=True),
        ]

    def ticked(self) -> frozenset[Role]:
        return frozenset({Role.ADMIN}) if self.first else frozenset({Role.AUDITOR})

    def check(self, values: Values, roles: frozenset[Role]) -> str | None:
        problem = user_name_problem(values["user_name"])
        if problem:
            return problem[:1].upper() + problem[1:] + "."
        if not roles:
            return "Tick at least one role."
        return _partner_problem(values, roles) or _two_passphrases(values, needed=self.first)

    def job(self, values: Values, roles: frozenset[Role]) -> Callable[[], object]:
        people = self.people

        def add() -> Person:
            person = people.add(
                values["user_name"],
                values["display_name"],
                roles,
                teams=split_names(values["teams"]),
                manages=split_names(values["manages"]),
                agency=values["agency"] or None,
                passphrase=values["passphrase"] or None,
            )
            people.desk.person  # noqa: B018 - read again here, not on the UI thread
            return person

        return add


class EditPersonForm(DeskForm):
    """An administrator's: name, roles, teams, teams managed, agency."""

    what = "change the person"
    roles_after = "display_name"

    def __init__(self, people: PeopleDesk, person: Person):
        super().__init__(people)
        self.person = person
        self.heading = f"Change {person.user_name}"

    def fields(self) -> list[Field]:
        return _person_fields(self.person)

    def ticked(self) -> frozenset[Role]:
        return self.person.roles

    def check(self, values: Values, roles: frozenset[Role]) -> str | None:
        if not roles:
            return "Tick at least one role (disable the person instead)."
        return _partner_problem(values, roles)

    def job(self, values: Values, roles: frozenset[Role]) -> Callable[[], object]:
        people, name = self.people, self.person.user_name

        def change() -> Person:
            person = people.change(
                name,
                display_name=values["display_name"],
                roles=roles,
                teams=split_names(values["teams"]),
                manages=split_names(values["manages"]),
                agency=values["agency"],
            )
            people.desk.person  # noqa: B018 - read again here, not on the UI thread
            return person

        return change


class TeamsForm(DeskForm):
    """A QA lead's: the teams a person belongs to (whose cases they never audit)."""

    what = "set the teams"
    note = "The teams this person belongs to: they are never given those teams' cases."

    def __init__(self, people: PeopleDesk, person: Person):
        super().__init__(people)
        self.person = person
        self.heading = f"Teams of {person.user_name}"

    def fields(self) -> list[Field]:
        return [Field("teams", "Teams (member)", ", ".join(self.person.teams), "comma separated")]

    def job(self, values: Values, roles: frozenset[Role]) -> Callable[[], object]:
        people, name = self.people, self.person.user_name
        return lambda: people.change(name, teams=split_names(values["teams"]))


class ResetPassphraseForm(DeskForm):
    """An administrator sets someone's passphrase (and so lifts a lock)."""

    what = "reset the passphrase"
    note = "Tell them the new passphrase in person; they can change it once signed in."

    def __init__(self, people: PeopleDesk, person: Person):
        super().__init__(people)
        self.person = person
        self.heading = f"New passphrase for {person.user_name}"

    def fields(self) -> list[Field]:
        return [
            Field("passphrase", "New passphrase", "", "10 characters or more", password=True),
            Field("again", "Again", "", "", password=True),
        ]

    def check(self, values: Values, roles: frozenset[Role]) -> str | None:
        return _two_passphrases(values, needed=True)

    def job(self, values: Values, roles: frozenset[Role]) -> Callable[[], object]:
        people, name = self.people, self.person.user_name
        return lambda: people.reset_passphrase(name, values["passphrase"])


class ChangePassphraseForm(DeskForm):
    """A person's own: the current passphrase, then the new one twice."""

    heading = "Change my passphrase"
    what = "change your passphrase"

    def fields(self) -> list[Field]:
        return [
            Field("current", "Current passphrase", "", "", password=True),
            Field("passphrase", "New passphrase", "", "10 characters or more", password=True),
            Field("again", "New one again", "", "", password=True),
        ]

    def check(self, values: Values, roles: frozenset[Role]) -> str | None:
        return _two_passphrases(values, needed=True)

    def job(self, values: Values, roles: frozenset[Role]) -> Callable[[], object]:
        people = self.people
        return lambda: people.change_passphrase(values["current"], values["passphrase"])

    @on(FormSaved)
    def _changed(self, message: FormSaved) -> None:
        self.app.notify("Your passphrase is changed.", timeout=5)
