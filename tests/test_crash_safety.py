"""Kill a real `qa-tui` mid-audit with SIGKILL and find every saved answer on disk.

The app runs in a pseudo-terminal exactly as an auditor would run it; the test types
keys, waits until the database (read through a separate connection) shows each
answer, keeps typing, and kills the process without warning.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import sqlite3
import struct
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from qa_tui.desks.audits import AuditDesk
from qa_tui.domain.records import Case
from qa_tui.store.database import Store

MINI = Path(__file__).parent / "data" / "rubrics"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


def answers_on_disk(path: Path, audit_id: int) -> dict[str, tuple]:
    conn = sqlite3.connect(path, timeout=10)
    try:
        return {
            r[0]: r[1:]
            for r in conn.execute(
                "SELECT criterion_id, grade_label, not_applicable, evidence FROM answers "
                "WHERE audit_id = ?",
                (audit_id,),
            )
        }
    finally:
        conn.close()


def wait_for(
    condition,
    what: str,
    term: Terminal | None = None,  # type: ignore[no-untyped-def]
    timeout: float = 30.0,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    tail = bytes(term.output[-600:]) if term is not None else b""
    raise AssertionError(f"timed out waiting for {what}; the terminal last showed {tail!r}")


class Terminal:
    """qa-tui in a pty of 80x24; output is drained so the app never blocks on writes."""

    def __init__(self, args: list[str], env: dict[str, str]):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become qa-tui
            os.execvpe(sys.executable, [sys.executable, "-m", "qa_tui", *args], env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def type(self, text: str) -> None:
        """Printable keys, one at a time, as a person types them."""
        for char in text:
            os.write(self.fd, char.encode())
            time.sleep(0.05)

    def key(self, sequence: str) -> None:
        """One key: an escape sequence must arrive in one write, as a terminal sends it,
        or a slow reader sees a lone Escape followed by letters."""
        os.write(self.fd, sequence.encode())
        time.sleep(0.05)

    def kill(self) -> int:
        os.kill(self.pid, signal.SIGKILL)
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return status


def test_killing_qa_tui_mid_audit_loses_nothing_saved(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    store = Store.open(db)
    store.upsert_cases([Case("CIN-0001", "Assessment North")], "lead", "test")
    audit_id = AuditDesk(store, "alice", MINI).start_audit("CIN-0001", "mini")
    store.close()

    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "QA_TUI_USER": "alice",
        "PYTHONPATH": str(Path(__file__).parent.parent),
    }
    term = Terminal(["--db", str(db)], env)
    try:
        wait_for(lambda: b"CIN-0001" in term.output, "the home screen", term)
        term.key("\r")  # open the highlighted audit
        wait_for(lambda: b"Child seen" in term.output, "the audit screen", term)
        term.type("2")  # a grade moves the cursor on by itself
        wait_for(lambda: "child-seen" in answers_on_disk(db, audit_id), "the first grade", term)
        term.type("n")
        wait_for(lambda: "plan-smart" in answers_on_disk(db, audit_id), "not applicable", term)
        term.type("3")  # No: a grade that needs a note opens the note box
        wait_for(lambda: "visits-in-time" in answers_on_disk(db, audit_id), "the third grade", term)
        time.sleep(1.0)  # let the note box take focus: a busy CI machine is slow to move it
        term.type("Two visits late")
        wait_for(
            lambda: answers_on_disk(db, audit_id)["visits-in-time"][2] == "Two visits late",
            "the evidence note to save itself",
            term,
        )
        saved = answers_on_disk(db, audit_id)
        term.type(" and more typing that may not be saved yet")  # mid-keystroke when killed
    finally:
        status = term.kill()
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

    after = answers_on_disk(db, audit_id)
    for criterion_id, answer in saved.items():
        assert after[criterion_id][:2] == answer[:2], criterion_id
        assert after[criterion_id][2].startswith(answer[2])
    assert after["child-seen"][0] == "Good"
    assert after["plan-smart"][1] == 1
    assert after["visits-in-time"][0] == "No"

    reopened = Store.open(db)  # opens cleanly after the crash: WAL recovered, schema intact
    try:
        assert reopened.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert reopened.audit(audit_id).status == "in_progress"
    finally:
        reopened.close()
