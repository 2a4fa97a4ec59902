"""The Textual application: one factory for the CLI and the tests alike."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from qa_tui.desks.audits import AuditDesk
from qa_tui.tui.messages import DatabaseFailed, Fetched
from qa_tui.tui.runner import DeskRunner
from qa_tui.tui.widgets.shown import brief, clip, visible, visible_lines

RUBRIC_READ_DELAY = 1.0
NOTIFY_CHARS = 600  # a toast is a few lines; a long quote of input is cut, not the screen


class QaTuiApp(App[None]):
    """qa-tui: the auditor's desk."""

    CSS_PATH = "qa_tui.tcss"
    TITLE = "qa-tui"
    ENABLE_COMMAND_PALETTE = True
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

    def __init__(self, desk: AuditDesk, *, demo: bool = False, sign_in: bool = False):
        super().__init__()
        self.desk = desk
        self.demo = demo
        self.sign_in_needed = sign_in  # people exist: ask who is there (the sign-in screen)
        self.runner = DeskRunner()
        self.sub_title = visible(brief(desk.user)) + (" · demo" if demo else "")

    def get_default_screen(self) -> Screen:
        """Home is the first screen itself, not pushed over a blank one: one paint fewer."""
        from qa_tui.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        # Rubric files (and pydantic) are read a moment after the first screen is up, so
        # they do not compete with its first paint; a broken file is reported on screen
        # rather than stopping an auditor's work.
        self.set_timer(
            RUBRIC_READ_DELAY,
            lambda: self.runner.run("read the rubric files", self.desk.rubric_files, self),
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
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    async def action_quit(self) -> None:
        """Queue every note typed but not yet saved, wait for all saves, then exit."""
        for screen in self.screen_stack:
            save = getattr(screen, "save_pending_notes", None)
            if save is not None:
                save()
        self.runner.drain()
        self.exit()

    def open_audit(self, audit_id: int) -> None:
        from qa_tui.tui.screens.audit import AuditScreen

        self.push_screen(AuditScreen(audit_id))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every screen's actions in the command palette (ctrl+p), not only its keys."""
        yield SystemCommand("Keys", "Show every key binding of this screen", self.action_show_help)
        yield SystemCommand("Light or dark theme", "Switch theme", self.action_toggle_dark)
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()
        yield SystemCommand("Quit", "Save everything and quit", self.action_quit)


def make_app(desk: AuditDesk, *, demo: bool = False, sign_in: bool = False) -> QaTuiApp:
    return QaTuiApp(desk, demo=demo, sign_in=sign_in)
