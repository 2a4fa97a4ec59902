"""Database work off the UI thread, one job at a time, in the order it was asked for.

A Textual thread worker per keystroke would be simpler but gives no order: pressing
2 then 3 quickly could save 3 then 2. One queue and one thread keep saves in order,
and `drain()` lets the app finish every pending save before it exits. Results come
back as messages posted to the widget that asked (`post_message` is thread-safe);
failures come back as `DatabaseFailed`, so nothing is lost silently. An unexpected
failure (not one of the desks' own errors) has its traceback written to the crash log
here, off the UI thread, and the message carries the log's path.

`run_waiting` is for a key whose answer should be painted in the same frame as the key:
the UI thread waits a moment (without the GIL, so the write runs at full speed) and
takes the message itself; only a slower write is shown as "saving…" first.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump

from qa_tui.tui.messages import DatabaseFailed, Fetched


class _Handover:
    """A job's message, handed to a caller still waiting for it, or else posted."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._message: Message | None = None
        self._waiting = True

    def give(self, message: Message) -> bool:
        """From the database thread: False when the caller has stopped waiting."""
        with self._lock:
            if not self._waiting:
                return False
            self._message = message
            self._done.set()
            return True

    def take(self, wait: float) -> Message | None:
        """From the UI thread: the message if it came within `wait` seconds."""
        self._done.wait(wait)
        with self._lock:
            self._waiting = False
            return self._message


@dataclass
class _Job:
    call: Callable[[], Any]
    reply_to: MessagePump
    make_message: Callable[[Any], Message] | None
    what: str
    handover: _Handover | None = None


class DeskRunner:
    def __init__(self) -> None:
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._reading = 0  # reads running on threads of their own (see `read`)
        self._reading_lock = threading.Lock()
        # Started with the first job, not with the app: starting a thread waits for it
        # to run (0.05-2 ms here, median 1.8), and the first screen may need no job
        # before it paints.
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()

    def _started(self) -> threading.Thread:
        with self._starting:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="qa-tui-db", daemon=True)
                self._thread.start()
            return self._thread

    def run(
        self,
        what: str,
        call: Callable[[], Any],
        reply_to: MessagePump,
        make_message: Callable[[Any], Message] | None = None,
    ) -> None:
        """Queue `call`; post `make_message(result)` to `reply_to` once it has committed."""
        self._started()
        self._jobs.put(_Job(call, reply_to, make_message, what))

    def run_waiting(
        self,
        what: str,
        call: Callable[[], Any],
        reply_to: MessagePump,
        make_message: Callable[[Any], Message],
        wait: float,
    ) -> Message | None:
        """Queue `call` as `run` does, and wait up to `wait` seconds for it to commit.

        Returns its message (or `DatabaseFailed`) when it came in time, and then nothing
        is posted; None when it takes longer, and the message is posted once it has
        committed, as for `run`. Jobs queued before this one still go first.
        """
        self._started()
        handover = _Handover()
        self._jobs.put(_Job(call, reply_to, make_message, what, handover))
        return handover.take(wait)

    def fetch(
        self, what: str, call: Callable[[], Any], reply_to: MessagePump, then: Callable[[Any], None]
    ) -> None:
        """Read something off the UI thread, then call `then(result)` on the UI thread.

        For reads a screen needs before it can open a dialog; a failure comes back to
        `reply_to` as `DatabaseFailed`, as for any other job.
        """
        self.run(what, call, reply_to, lambda value: Fetched(value, then))

    def read(
        self, what: str, call: Callable[[], Any], reply_to: MessagePump, then: Callable[[Any], None]
    ) -> None:
        """Like `fetch`, but on a thread of its own: for a slow read that needs no database
        (a large case list file), which must not hold up the queue of saves."""
        with self._reading_lock:
            self._reading += 1

        def work() -> None:
            try:
                try:
                    value = call()
                except Exception as exc:  # shown to the user, never swallowed
                    reply_to.post_message(DatabaseFailed(what, exc))
                    return
                reply_to.post_message(Fetched(value, then))
            finally:
                with self._reading_lock:
                    self._reading -= 1

        threading.Thread(target=work, name="qa-tui-read", daemon=True).start()

    def idle(self) -> bool:
        return self._jobs.unfinished_tasks == 0 and self._reading == 0

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                message: Message | None
                try:
                    result = job.call()
                    message = None if job.make_message is None else job.make_message(result)
                except Exception as exc:  # shown to the user, never swallowed
                    message = DatabaseFailed(job.what, exc, _logged(job.what, exc))
                if message is not None and not (job.handover and job.handover.give(message)):
                    job.reply_to.post_message(message)
            finally:
                self._jobs.task_done()

    def drain(self, timeout: float = 30.0) -> None:
        """Finish every queued save, then stop the thread (called on quit)."""
        with self._starting:
            thread = self._thread
        if thread is None:
            return  # nothing was ever queued
        self._jobs.put(None)
        thread.join(timeout)


def _logged(what: str, error: Exception) -> Path | None:
    """Write an unexpected error's traceback to the crash log; its path, or None."""
    from qa_tui.crash_log import record_failure
    from qa_tui.tui.failures import is_expected

    try:
        return None if is_expected(error) else record_failure(what, error)
    except Exception:  # the report must reach the person even if the log cannot be had
        return None
