"""The Textual application: one factory for the CLI and the tests alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.people import Person
from qa_tui.settings import Settings, SettingsProblem, remember_theme
from qa_tui.tui.messages import DatabaseFailed, Fetched
from qa_tui.tui.palette import screen_commands
from qa_tui.tui.runner import DeskRunner
from qa_tui.tui.theme import OUR_THEMES
from qa_tui.tui.widgets.shown import brief, clip, visible, visible_lines

RUBRIC_READ_DELAY = 1.0
NOTIFY_CHARS = 600  # a toast is a few lines; a long quote of input is cut, not the screen


class QaTuiApp(App[None]):
    """qa-tui: the auditor's desk."""

    CSS_PATH = "qa_tui.tcss"
    TITLE = "qa-tui"
    ENABLE_COMMAND_PALETTE = True
    # The first screen's mode, started by Textual's default path (`get_default_screen`):
    # a mode registered with `add_mode` would cost a full reparse of every stylesheet at
    # start. Not Textual's "_default", so that `start_again` may register it to remove it.
    DEFAULT_MODE = "first"
    today: Callable[[], date] = date.today  # what screens count as today; tests freeze it
    BINDINGS = [
        Binding(
            "question_mark", "show_help", "Keys", id="app.help", tooltip="Every key on this screen"
        ),
        Binding(
            "ctrl+t",
            "toggle_dark",
            "Light/dark",
            id="app.theme",
            show=False,
            tooltip="Switch between the dark and light themes",
        ),
        Binding(
            "ctrl+q", "quit", "Quit", id="app.quit", show=False, tooltip="Save everything and quit"
        ),
    ]

    def __init__(
        self,
        desk: AuditDesk,
        *,
        demo: bool = False,
        sign_in: bool = False,
        settings: Settings | None = None,
    ):
        super().__init__()
        for theme in OUR_THEMES:
            self.register_theme(theme)
        self.settings = settings or Settings()  # the CLI reads the person's settings file
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        self.door = desk  # the desk the app was opened with; sign-in checks people on it
        self.desk = desk
        self.demo = demo
        self.sign_in = sign_in  # people sign in on the first screen
        self.signed_in = False  # someone has, through that screen
        self.runner = DeskRunner()
        self._sessions = 0  # the modes made so far, one per person at the desk
        if not sign_in:
            # Who is at the desk is read once, now: the screens ask it for every key
            # they show, and on the UI thread a read could wait behind a long save.
            desk.person  # noqa: B018
        self.sub_title = self.who()

    @property
    def at_the_door(self) -> bool:
        """True while nobody has signed in on an app that asks them to."""
        return self.sign_in and not self.signed_in

    def who(self) -> str:
        """The header's sub-title: the person's name and roles (single-user: the name)."""
        demo = " · demo" if self.demo else ""
        if self.at_the_door:
            return visible(self.door.store.path.name) + demo
        person = self.desk.person
        if person.single_user:
            return visible(brief(self.desk.user)) + demo
        return visible(brief(f"{person.display_name} · {person.role_words}")) + demo

    def get_default_screen(self) -> Screen:
        """The first screen itself, not pushed over a blank one: one paint fewer. The
        sign-in screen when people sign in, else the person's home."""
        if self.sign_in:
            from qa_tui.tui.screens.sign_in import SignInScreen

            return SignInScreen()
        from qa_tui.tui.screens.homes import home_for

        return home_for(self.desk.person)

    def on_mount(self) -> None:
        # Rubric files (and pydantic) are read a moment after the first screen is up, so
        # they do not compete with its first paint; a broken file is reported on screen
        # rather than stopping an auditor's work.
        self.set_timer(
            RUBRIC_READ_DELAY,
            lambda: self.runner.run("read the rubric files", self.desk.check_rubric_files, self),
        )
        # The file check starts with them, after the first paint, on a thread of its own.
        self.set_timer(RUBRIC_READ_DELAY, self.check_the_file)

    @work(thread=True, exclusive=True, exit_on_error=False, group="file-check")
    def check_the_file(self) -> None:
        """SQLite's quick check of the whole file, on a connection and thread of its own,
        while the auditor works. Damage stops every later write and is said once.

        Saves go on meanwhile: the check reads a snapshot and holds no lock that a save
        waits for (about 3 s per GB on these machines; a demo file takes milliseconds).
        """
        from qa_tui.desks.upkeep import quick_check

        problem = quick_check(self.desk.store.path)
        if problem:
            self.desk.store.damaged = problem
            self.call_from_thread(self.notify, problem, severity="error", timeout=30)

    @on(Fetched)
    def _fetched(self, message: Fetched) -> None:
        message.then(message.value)

    @on(DatabaseFailed)
    def _failed(self, message: DatabaseFailed) -> None:
        """Every database failure a screen does not answer itself is reported here, once.

        A screen that says something of its own calls `message.stop()`, or this would
        say it a second time (DatabaseFailed bubbles from the screen to the app).
        """
        from qa_tui.tui.failures import report_failure

        report_failure(self, message, timeout=15)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is plain text, whatever `markup` says.

        Nearly all of them quote something a person typed or a desk's message about it,
        so none is read as markup (Widget.notify passes markup=True by default), control
        characters are shown as escapes, and a very long one is cut to a toast's size.
        """
        super().notify(
            clip(visible_lines(message), NOTIFY_CHARS),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def action_show_help(self) -> None:
        from qa_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_dark(self) -> None:
        """Dark to light; light, or any other theme, to dark."""
        self.theme = "textual-dark" if not self.current_theme.dark else "textual-light"

    def watch_theme(self, theme: str) -> None:
        """Whichever way the theme changed (ctrl+t, Textual's theme picker in the
        palette), it is the person's choice from now on: saved in their settings file.

        Written on the UI thread: a few bytes, once per choice, and written before the
        app can quit. Settings made in code (the tests') are never saved.
        """
        if theme == self.settings.theme:
            return
        self.settings.theme = theme
        if self.settings.path is None:
            return
        try:
            remember_theme(theme, self.settings.path)
        except (SettingsProblem, OSError) as exc:
            self.notify(f"The theme is in use but not saved: {exc}", severity="warning")

    async def action_quit(self) -> None:
        """Queue every note typed but not yet saved, wait for all saves, then exit."""
        self._save_typed_notes()
        self.runner.drain()
        self.exit()

    def _save_typed_notes(self) -> None:
        for screen in self.screen_stack:
            save = getattr(screen, "save_pending_notes", None)
            if save is not None:
                save()

    def open_audit(self, audit_id: int) -> None:
        from qa_tui.tui.screens.audit import AuditScreen

        self.push_screen(AuditScreen(audit_id))

    # -- who is at the desk ------------------------------------------------------------

    def signed_in_as(self, person: Person) -> None:
        """The door has accepted `person`: their desk, their name above, their home."""
        self.signed_in = True
        self._become(self.door.signed_in(person))

    def _become(self, desk: AuditDesk) -> None:
        """Work at `desk` from now on, on its person's home. Notes typed and not yet saved
        are queued first, with the desk of the person who typed them."""
        from qa_tui.tui.screens.homes import home_for

        self._save_typed_notes()
        self.desk = desk
        self.sub_title = self.who()
        self.call_later(self.start_again, home_for(desk.person))

    async def start_again(self, screen: Screen) -> None:
        """`screen` the only one open, nothing of the last person's left behind (after
        sign-in, sign-out or a switch of person).

        Each person's screens are a Textual mode of their own: switching to a new mode
        and removing the old one closes every screen the last person had open
        (`switch_screen` cannot replace the first screen of a stack in Textual 8).
        """
        old = self.current_mode
        self._sessions += 1
        new = f"session-{self._sessions}"
        self.add_mode(new, lambda: screen)
        await self.switch_mode(new)
        if old == self.DEFAULT_MODE:
            # The first mode was started without `add_mode` (see DEFAULT_MODE), and
            # `remove_mode` removes only a registered one: named now, to be removed.
            self.add_mode(old, self.get_default_screen)
        await self.remove_mode(old)

    async def action_sign_out(self) -> None:
        """Notes typed are saved (as the person who typed them), then the sign-in screen."""
        from qa_tui.tui.screens.sign_in import SignInScreen

        self._save_typed_notes()
        self.desk = self.door
        self.sign_in, self.signed_in = True, False
        self.sub_title = self.who()
        await self.start_again(SignInScreen())

    def people_exist_now(self) -> None:
        """The first person was added on a single-user database: from now on people sign
        in, this session included."""
        self.notify(
            "People exist on this database now: everyone signs in, starting with you.",
            timeout=10,
        )
        self.call_later(self.action_sign_out)

    def action_people(self) -> None:
        from qa_tui.tui.screens.people import PeopleScreen

        if not isinstance(self.screen, PeopleScreen):
            self.push_screen(PeopleScreen())

    def action_change_passphrase(self) -> None:
        from qa_tui.desks.opening import people_desk
        from qa_tui.tui.screens.people_forms import ChangePassphraseForm

        self.push_screen(ChangePassphraseForm(people_desk(self.desk)))

    def action_switch_person(self) -> None:
        """Demo only: become another of the demo's people, to see their desk."""
        from qa_tui.desks.people import demo_people

        desk = self.desk
        self.runner.fetch(
            "list the demo's people", lambda: demo_people(desk), self, self._choose_person
        )

    def _choose_person(self, people: list[Person]) -> None:
        from qa_tui.tui.widgets.dialogs import Choose

        if not people:
            self.notify("This demo database has no people to switch between.", timeout=6)
            return
        by_name = {p.user_name: p for p in people}
        names = list(by_name)
        start = names.index(self.desk.user) if self.desk.user in by_name else 0

        def switch(name: str | None) -> None:
            if name is not None and name != self.desk.user:
                self._become(self.desk.signed_in(by_name[name]))

        choices = [
            (f"{p.display_name} ({p.user_name}): {p.role_words}", p.user_name) for p in people
        ]
        self.push_screen(Choose("Switch person (demo)", choices, start), switch)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette (ctrl+p): every action of the screen underneath, ours,
        then Textual's own (the theme picker, a screenshot, maximize), less those that
        repeat ours ("Keys" and "Quit" are ours). What the person may not do is left out."""
        titles: set[str] = set()
        for command in [*self._our_commands(screen), *super().get_system_commands(screen)]:
            if command.title not in titles:
                titles.add(command.title)
                yield command

    def _our_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from qa_tui.domain.permissions import Op
        from qa_tui.tui.screens.people import PeopleScreen

        yield SystemCommand(
            "Keys", "Every key of this screen, and what it does", self.action_show_help
        )
        yield SystemCommand("Light or dark theme", "Switch theme", self.action_toggle_dark)
        yield from screen_commands(screen)
        if not self.at_the_door:
            person = self.desk.person
            if self.desk.may(Op.SEE_PEOPLE) and not isinstance(screen, PeopleScreen):
                yield SystemCommand(
                    "People", "Who is who: roles, teams, passphrases", self.action_people
                )
            if not person.single_user and not person.disabled:
                yield SystemCommand(
                    "Change my passphrase",
                    "Give the current one, then the new one twice",
                    self.action_change_passphrase,
                )
            if self.demo:
                yield SystemCommand(
                    "Switch person (demo)",
                    "See the demo as another of its people",
                    self.action_switch_person,
                )
            if self.signed_in:
                yield SystemCommand("Sign out", "Back to the sign-in screen", self.action_sign_out)
        yield SystemCommand("Quit", "Save everything and quit", self.action_quit)


def make_app(
    desk: AuditDesk, *, demo: bool = False, sign_in: bool = False, settings: Settings | None = None
) -> QaTuiApp:
    """The app on `desk`. With `sign_in`, people sign in first (a database with people);
    without, the desk's person is who works (single-user, or a door that already knows).
    `settings`: the person's settings file as read (defaults when None)."""
    return QaTuiApp(desk, demo=demo, sign_in=sign_in, settings=settings)
