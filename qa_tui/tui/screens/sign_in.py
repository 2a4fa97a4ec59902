"""The way in once a database has people: a user name and a passphrase.

The check runs on the database thread (`sign_in` hashes, and waits longer after each
failure in a row), so the screen stays alive and says "checking…" meanwhile. A refusal
is shown here in the desk's own words, which never say whether the name exists; once
accepted, the app opens the person's own desk and home (`QaTuiApp.signed_in_as`).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Static

from qa_tui.desks.people import sign_in
from qa_tui.domain.people import Person
from qa_tui.tui.failures import detail_lines
from qa_tui.tui.messages import DatabaseFailed, Fetched
from qa_tui.tui.widgets.fields import PlainInput
from qa_tui.tui.widgets.shown import block, fill


class SignInScreen(Screen[None]):
    TITLE = "Sign in"
    AUTO_FOCUS = "#sign-in-name"
    BINDINGS = [
        Binding(
            "ctrl+q", "app.quit", "Quit", id="sign-in.quit", tooltip="Leave without signing in"
        ),
    ]
    HELP_EXTRA = [
        ("tab / enter", "From the user name to the passphrase"),
        ("enter on the passphrase", "Sign in"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.checking = False

    def compose(self) -> ComposeResult:
        store = self.app.desk.store  # type: ignore[attr-defined]
        yield Header()
        with Vertical(id="sign-in-box"):
            yield Static(
                fill(
                    "[b]$app[/b] · quality-assurance audits\n[dim]Database:[/dim] $file",
                    app=self.app.title,
                    file=store.path.name,
                ),
                id="sign-in-head",
            )
            yield Label("User name", classes="sign-in-label")
            yield PlainInput(placeholder="e.g. sam.jones", id="sign-in-name")
            yield Label("Passphrase", classes="sign-in-label")
            yield PlainInput(password=True, placeholder="your passphrase", id="sign-in-pass")
            yield Static("", id="sign-in-status")
            yield Label(
                Content.from_markup(
                    "[dim]enter signs in · tab moves · ctrl+q quits[/dim]",
                )
            )
        yield Footer()

    @on(Input.Submitted, "#sign-in-name")
    def _to_passphrase(self) -> None:
        self.query_one("#sign-in-pass", Input).focus()

    @on(Input.Submitted, "#sign-in-pass")
    def _submitted(self) -> None:
        self.action_sign_in()

    def action_sign_in(self) -> None:
        """Check the name and passphrase on the database thread; enter again while it
        checks does nothing."""
        if self.checking:
            return
        name = self.query_one("#sign-in-name", Input).value
        passphrase = self.query_one("#sign-in-pass", Input).value
        if not name.strip():
            self._say("Type your user name first.", "bold $warning")
            self.query_one("#sign-in-name", Input).focus()
            return
        self.checking = True
        self._say("checking…", "italic")
        store = self.app.desk.store  # type: ignore[attr-defined]
        self.app.runner.run(  # type: ignore[attr-defined]
            "sign in",
            lambda: sign_in(store, name, passphrase),
            self,
            lambda person: Fetched(person, self._accepted),
        )

    def _accepted(self, person: Person) -> None:
        self.checking = False
        self._say(f"Welcome, {person.display_name}.", "bold $success")
        self.app.signed_in_as(person)  # type: ignore[attr-defined]

    @on(DatabaseFailed)
    def _refused(self, message: DatabaseFailed) -> None:
        """A refusal (or a database problem) is said here, once; the passphrase is
        cleared for the next try."""
        message.stop()
        self.checking = False
        words = " ".join(detail_lines(message))
        self._say(words[:1].upper() + words[1:], "bold $error")
        box = self.query_one("#sign-in-pass", Input)
        box.value = ""
        box.focus()

    def _say(self, text: str, style: str) -> None:
        self.query_one("#sign-in-status", Static).update(block(text, style))

    def status_text(self) -> str:
        """What the status line says now (for tests and the web door's checks)."""
        return str(self.query_one("#sign-in-status", Static).render())
