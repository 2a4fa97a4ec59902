"""The loading screen shown while an older database is upgraded before the app opens.

Upgrading a file from before schema 6 recounts the summary tables: a minute or more on a
large council's file, and the app cannot open on it before that is done. Rather than a
blank terminal, this small app shows what is happening and a progress bar, runs the
opening (and its migration) on a thread, and exits with the opened desk, which the real
app is then made on. A failure comes back to the caller to be reported as any other
failure to open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Center, Middle
from textual.widgets import ProgressBar, Static

Opening = Callable[[Callable[[int, int], None]], Any]


class UpgradingApp(App[Any]):
    """Opens the database through `opening(progress)`, showing the recount's progress."""

    CSS = """
    UpgradingApp { align: center middle; }
    #upgrade-what { width: auto; padding: 0 1; }
    """

    def __init__(self, opening: Opening, path: str) -> None:
        super().__init__()
        self.opening = opening
        self.path = path
        self.failure: BaseException | None = None

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(
                f"Upgrading {self.path}: recounting the summary tables.\n"
                "This happens once, and may take a minute or two on a large file.",
                id="upgrade-what",
                markup=False,
            )
            yield ProgressBar(id="upgrade-progress", show_eta=True)

    def on_mount(self) -> None:
        self.run_worker(self._open, thread=True, exit_on_error=False)

    def _open(self) -> None:
        bar = self.query_one("#upgrade-progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            self.call_from_thread(bar.update, total=total or None, progress=done)

        try:
            desk = self.opening(progress)
        except BaseException as exc:  # handed to the caller, who reports it
            self.failure = exc
            self.call_from_thread(self.exit, None)
            return
        self.call_from_thread(self.exit, desk)


def open_with_progress(opening: Opening, path: str) -> Any:
    """Run `opening` under the loading screen; its result, or its failure raised."""
    app = UpgradingApp(opening, path)
    desk = app.run()
    if app.failure is not None:
        raise app.failure
    return desk
