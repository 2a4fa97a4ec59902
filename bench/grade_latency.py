"""Grade key to "saved ✓" on screen: qa-tui in a pseudo-terminal beside two minimal apps.

Each program runs in a pseudo-terminal (120x36 unless --size), as a person would use it,
and gets the same key presses. The clock starts as the key is written to the terminal
and stops when the committed grade appears in what the program writes back (at the end
of its frame, when the frame is synchronised).

- qa-tui: `python -m qa_tui demo` on a fresh demo database and, given LARGE_DB, `python
  -m qa_tui --db COPY --user AUDITOR` on a copy of it (the first auditor with an audit
  under way). Before the clock runs, the first audit on the home list (the one `enter`
  opens) has every criterion graded but one, the first on the Ofsted scale (a
  compliance question's Partly would open the note box), whose note is emptied: the
  audit opens on it, the first press grades it, and the cursor stays there (a grade
  moves it on only to an ungraded one). The keys are 2 and 1 in
  turn (Good and Outstanding: neither needs a note), each a real write: commit,
  history event. The clock stops at "<grade>  saved ✓".
- qa-tui, grade and move on (not with --stay-only, for code without it): the same on a
  second demo database where that criterion and the next have no grade. `2` grades it
  and moves to the next; the clock stops when its line reads "✓ Good" and the next
  one's question ("N/M") is on screen. Then, off the clock, `up` and `backspace` take
  the grade back for the next press.
- minimal: a Textual app whose key handler updates a Static to the saved text.
- same design: a Textual app built as qa-tui was: the key shows "saving…", one
  database thread writes the grade to a SQLite file (WAL, synchronous=FULL, one
  transaction) and posts a message back, whose handler shows "saved ✓".

Presses go in blocks, each program in turn, so a busy moment on a shared machine falls
on all of them. Each press waits until the screen has been quiet for a moment, then a
random fraction of a frame, so presses land anywhere in the app's 60 Hz paint cycle.

    PYTHONPATH=. python bench/grade_latency.py [LARGE_DB] [--presses 100] [--size 120x36]

The qa-tui measured is the one this script imports (PYTHONPATH=/work/main measures
another checkout, with --stay-only); the programs it starts are given the same.

Goal (issue 12): p99 16 ms (one frame); must reach 33 ms and at most 1.5x the
same-design reference.
"""

from __future__ import annotations

import argparse
import fcntl
import math
import os
import pty
import random
import re
import select
import signal
import sqlite3
import struct
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

GRADES = {"1": "Outstanding", "2": "Good"}
ESCAPES = re.compile(
    rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|.)"
)
SYNC_START, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static
LABELS = {"1": "Outstanding", "2": "Good"}
class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("minimal-app-ready", id="status")
        yield Footer()
    def on_key(self, event):
        if event.key in LABELS:
            self.query_one("#status", Static).update(f"Grade: {LABELS[event.key]}  saved ✓")
Minimal().run()
"""

SAME_DESIGN_APP = """
import queue, sqlite3, sys, threading
from textual.app import App
from textual.message import Message
from textual.widgets import Footer, Header, Static
LABELS = {"1": "Outstanding", "2": "Good"}
class Saved(Message):
    def __init__(self, label):
        super().__init__()
        self.label = label
class SameDesign(App):
    def __init__(self, path):
        super().__init__()
        self.jobs = queue.Queue()
        self.conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS answers (id INTEGER PRIMARY KEY, grade TEXT)")
        self.conn.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, what TEXT)")
        threading.Thread(target=self.work, daemon=True).start()
    def work(self):
        while True:
            label = self.jobs.get()
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("INSERT OR REPLACE INTO answers (id, grade) VALUES (1, ?)", (label,))
            self.conn.execute("INSERT INTO events (what) VALUES (?)", (label,))
            self.conn.execute("COMMIT")
            self.post_message(Saved(label))
    def compose(self):
        yield Header()
        yield Static("same-design-app-ready", id="status")
        yield Footer()
    def on_key(self, event):
        if event.key in LABELS:
            self.query_one("#status", Static).update("saving…")
            self.jobs.put(LABELS[event.key])
    def on_saved(self, message):
        self.query_one("#status", Static).update(f"Grade: {message.label}  saved ✓")
SameDesign(sys.argv[1]).run()
"""


@dataclass
class Terminal:
    """One program in a pseudo-terminal, everything it has written, and its timings."""

    name: str
    pid: int
    fd: int
    next_press: Callable[[Terminal], tuple[str, str]]  # the key, and what shows it saved
    after_press: tuple[str, ...] = ()  # keys pressed off the clock after each press
    seen: bytearray = field(default_factory=bytearray)
    times: list[float] = field(default_factory=list)
    presses: int = 0

    @classmethod
    def start(
        cls,
        name: str,
        argv: list[str],
        size: tuple[int, int],
        next_press: Callable[[Terminal], tuple[str, str]],
        after_press: tuple[str, ...] = (),
    ) -> Terminal:
        columns, rows = size
        pid, fd = pty.fork()
        if pid == 0:  # the child: its terminal has the size before the program starts
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            # `python -m` looks in the working folder first: start in the code measured.
            os.chdir(os.environ.get("PYTHONPATH") or ".")
            os.execvpe(argv[0], argv, {**os.environ, "TERM": "xterm-256color"})
        return cls(name, pid, fd, next_press, after_press)

    def read(self, timeout: float) -> bool:
        """Read what is there (waiting up to `timeout`); False when nothing came."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            raise RuntimeError(f"{self.name} ended; it wrote {self.text()[-400:]!r}") from None
        self.seen.extend(chunk)
        return True

    def text(self, since: int = 0) -> str:
        return ESCAPES.sub(b"", bytes(self.seen[since:])).decode("utf-8", "replace")

    def wait_for(self, pattern: str, since: int = 0, timeout: float = 30) -> float:
        """Read until `pattern` is on screen (its frame complete); the time it arrived."""
        found = re.compile(pattern, re.S)
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.read(0.5):
                now = time.perf_counter()
                raw = bytes(self.seen[since:])
                if found.search(self.text(since)) and raw.rfind(SYNC_START) <= raw.rfind(SYNC_END):
                    return now
        raise RuntimeError(f"{self.name}: {pattern!r} never appeared; {self.text()[-400:]!r}")

    def quiet(self, for_seconds: float = 0.08) -> None:
        """Read until the program has written nothing for `for_seconds`."""
        while self.read(for_seconds):
            pass

    def keys(self, keys: tuple[str, ...]) -> None:
        """Press keys off the clock, each once the screen is quiet."""
        for key in keys:
            self.quiet()
            os.write(self.fd, key.encode())
        self.quiet()

    def press(self) -> None:
        """Press the next key; record how long until it shows as saved."""
        key, saved = self.next_press(self)
        self.presses += 1
        self.quiet()
        time.sleep(random.uniform(0, 1 / 60))
        since = len(self.seen)
        start = time.perf_counter()
        os.write(self.fd, key.encode())
        self.times.append(self.wait_for(saved, since, timeout=10) - start)
        self.keys(self.after_press)

    def stop(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def regrade(term: Terminal) -> tuple[str, str]:
    """2 and 1 in turn; saved when the status says so."""
    key = "2" if term.presses % 2 == 0 else "1"
    return key, rf"{GRADES[key]}\s+saved ✓"


def grade_and_move_on(
    count: int, name: str, position: int
) -> Callable[[Terminal], tuple[str, str]]:
    """2 on the criterion; saved when its line says so and the next one is shown."""
    line, question = rf"✓ Good\s+{re.escape(name)}", rf"\b{position}/{count}\b"
    return lambda term: ("2", rf"({line}.*{question}|{question}.*{line})")


@dataclass
class Prepared:
    case_ref: str
    count: int  # criteria in its rubric
    first: str  # the graded criterion's name as the list shows it
    position: int  # where the criterion after it stands (the question reads "position/count")


def prepare(db: Path, user: str, ungraded: int = 1) -> Prepared:
    """On the first audit of `user`'s home list, grade every criterion (the best grade of
    each scale) but `ungraded` of them from the first graded Outstanding/Good (a
    compliance question's Partly would open the note box), and empty its note. The audit
    opens on the first ungraded criterion, so that is where the keys land."""
    from qa_tui.desks.audits import AuditDesk
    from qa_tui.desks.demo_open import demo_desk
    from qa_tui.domain import rules
    from qa_tui.store.database import Store

    store = Store.open(db)
    try:
        desk = AuditDesk(store, user)
        if not desk.person.single_user:
            desk = demo_desk(desk, user)
        first = desk.my_audits(limit=1)[0]
        rubric = desk.open_audit(first.id).rubric
        order = rules.display_order(rubric)
        start = next(
            n
            for n, c in enumerate(order[:-1])
            if [g.label for g in rubric.scale_for(c).grades[:2]] == ["Outstanding", "Good"]
            and c.section == order[n + 1].section  # `up` goes straight back to it
        )
        for n, c in enumerate(order):
            if start <= n < start + ungraded:
                desk.clear_grade(first.id, c.id)
            else:
                desk.grade_by_number(first.id, c.id, 1)
        desk.save_evidence(first.id, order[start].id, "")
        name = order[start].id.replace("-", " ").capitalize()
        return Prepared(first.case_ref, len(order), name, start + 2)
    finally:
        store.close()


def open_first_audit(term: Terminal, case_ref: str, shown: str) -> None:
    term.wait_for(re.escape(case_ref))
    term.quiet(0.5)
    since = len(term.seen)
    os.write(term.fd, b"\r")
    term.wait_for(shown, since)
    term.quiet(0.5)


def percentile(times: list[float], p: float) -> float:
    """Nearest rank: the time p% of the presses took or less."""
    ordered = sorted(times)
    return ordered[max(math.ceil(len(ordered) * p / 100), 1) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("large_db", nargs="?", type=Path, help="a large database (copied first)")
    parser.add_argument("--presses", type=int, default=100)
    parser.add_argument("--size", default="120x36", help="terminal COLUMNSxROWS")
    parser.add_argument("--blocks", type=int, default=5)
    parser.add_argument("--stay-only", action="store_true", help="no grade-and-move-on run")
    args = parser.parse_args()
    columns, rows = (int(n) for n in args.size.lower().split("x"))
    size = (columns, rows)
    random.seed(12)
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="grade-latency-") as tmp:
        folder = Path(tmp)
        import qa_tui
        from qa_tui.desks.demo import build_demo_database
        from qa_tui.paths import DEMO_USER

        code = Path(qa_tui.__file__).resolve().parent.parent
        os.environ["PYTHONPATH"] = str(code)  # the programs run the qa-tui imported here
        os.environ["QA_TUI_LOG_DIR"] = str(folder / "logs")  # a crash log stays in here
        os.environ["QA_TUI_CONFIG"] = str(folder / "settings.toml")  # no file: defaults
        demo = folder / "demo.sqlite3"
        build_demo_database(demo)  # outside the clock, as after a first run
        opened: list[tuple[Terminal, str, str]] = []

        def qa_tui_on(name: str, db: Path, argv: list[str], moving: bool = False) -> Terminal:
            user = DEMO_USER if "demo" in argv else argv[-1]
            ready = prepare(db, user, ungraded=2 if moving else 1)
            if moving:
                press = grade_and_move_on(ready.count, ready.first, ready.position)
                after = ("\x1b[A", "\x7f")  # up, backspace
            else:
                press, after = regrade, ()
            shown = rf"\b{ready.position - 1}/{ready.count}\b"  # opened on the ungraded one
            term = Terminal.start(name, [python, "-m", "qa_tui", *argv], size, press, after)
            opened.append((term, ready.case_ref, shown))
            return term

        terms = [
            Terminal.start(
                "minimal app (Static.update)", [python, "-c", MINIMAL_APP], size, regrade
            ),
            Terminal.start(
                "same-design app (DB thread)",
                [python, "-c", SAME_DESIGN_APP, str(folder / "same.sqlite3")],
                size,
                regrade,
            ),
            qa_tui_on("qa-tui, demo database", demo, ["demo", "--db", str(demo)]),
        ]
        if not args.stay_only:
            moving = folder / "moving.sqlite3"
            build_demo_database(moving)
            terms.append(
                qa_tui_on(
                    "qa-tui, demo, grade and move on",
                    moving,
                    ["demo", "--db", str(moving)],
                    moving=True,
                )
            )
        if args.large_db is not None:
            large = folder / "large.sqlite3"
            source = sqlite3.connect(args.large_db)
            copy = sqlite3.connect(large)
            source.backup(copy)  # a consistent copy: the bench writes grades into it
            source.close()
            auditor = copy.execute(
                "SELECT auditor FROM audits WHERE status = 'in_progress' ORDER BY auditor LIMIT 1"
            ).fetchone()[0]
            copy.close()
            terms.append(
                qa_tui_on(
                    f"qa-tui, {args.large_db.name}", large, ["--db", str(large), "--user", auditor]
                )
            )
        try:
            terms[0].wait_for("minimal-app-ready")
            terms[1].wait_for("same-design-app-ready")
            for term, case_ref, shown in opened:
                open_first_audit(term, case_ref, shown)
            for term in terms:  # one press each to warm up, not counted
                term.press()
                term.times.clear()
            per_block = -(-args.presses // args.blocks)
            for block in range(args.blocks):
                for term in terms:
                    for _ in range(min(per_block, args.presses - block * per_block)):
                        term.press()
        finally:
            for term in terms:
                term.stop()
    minimal, same = terms[0], terms[1]
    print(
        f'grade key to "saved ✓" in the terminal output, {args.presses} presses each, '
        f"{columns}x{rows} pseudo-terminal; qa-tui from {code}"
    )
    print(f"{'':34} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}   p99 ratio")
    for term in terms:
        p50, p99 = percentile(term.times, 50) * 1000, percentile(term.times, 99) * 1000
        ratio = ""
        if term not in (minimal, same):
            ratio = (
                f"{p99 / (percentile(same.times, 99) * 1000):.2f}x same design, "
                f"{p99 / (percentile(minimal.times, 99) * 1000):.2f}x minimal"
            )
        print(f"{term.name:34} {p50:7.1f} {p99:7.1f} {max(term.times) * 1000:7.1f}   {ratio}")
    print("goal: p99 16 ms; must reach 33 ms and at most 1.5x the same-design app")


if __name__ == "__main__":
    main()
