"""A progress bar on stderr for long work (a theme merge, a migration's recount), shown
only when stderr is a terminal: a script or a pipe gets nothing but the result. The bar
appears with the first report, so work that turns out to have none shows nothing."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

Progress = Callable[[int, int], None]


@contextmanager
def progress_on_stderr(description: str) -> Iterator[Progress | None]:
    """A `progress(done, total)` callback drawing a rich bar, or None when not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    shown: dict[str, Any] = {}
    with ExitStack() as stack:

        def advance(done: int, total: int) -> None:
            if not shown:
                from rich.console import Console
                from rich.progress import (
                    BarColumn,
                    MofNCompleteColumn,
                    TimeRemainingColumn,
                )
                from rich.progress import Progress as Bar

                bar = stack.enter_context(
                    Bar(
                        "[progress.description]{task.description}",
                        BarColumn(),
                        MofNCompleteColumn(),
                        TimeRemainingColumn(),
                        console=Console(stderr=True),
                        transient=True,
                    )
                )
                shown["bar"], shown["task"] = bar, bar.add_task(description, total=None)
            shown["bar"].update(shown["task"], completed=done, total=total or None)

        yield advance
