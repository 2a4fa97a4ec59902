"""`qa-tui db check`: is the file whole, are its references sound, do the summary tables
equal a recount, and does the events' hash chain hold.

It reads through its own read-only connection, so it works on a file too damaged for
the store to open, and never writes to what it checks. Part of the store layer.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from qa_tui.store import event_chain
from qa_tui.store import summaries as summary_store

MAX_LISTED = 20


@dataclass
class CheckReport:
    path: Path
    passed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(path: Path) -> CheckReport:
    """Every check that can run; a failed one does not stop those after it."""
    report = CheckReport(path)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        _integrity(conn, report)
        if report.problems:  # counts and hashes read from a damaged file mean little
            return report
        _references(conn, report)
        _summaries(conn, report)
        _events(conn, report)
    finally:
        conn.close()
    return report


def _integrity(conn: sqlite3.Connection, report: CheckReport) -> None:
    try:
        found = [r[0] for r in conn.execute("PRAGMA integrity_check(100)")]
    except sqlite3.DatabaseError as exc:
        found = [str(exc)]
    bad = [f for f in found if f != "ok"]
    if bad:
        report.problems.extend(f"integrity: {line}" for line in bad[:MAX_LISTED])
        if len(bad) > MAX_LISTED:
            report.problems.append(f"integrity: … and {len(bad) - MAX_LISTED} more")
    else:
        report.passed.append("integrity: the file is whole")


def _references(conn: sqlite3.Connection, report: CheckReport) -> None:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    for table, rowid, parent, _ in rows[:MAX_LISTED]:
        report.problems.append(f"references: {table} row {rowid} points to a missing {parent} row")
    if len(rows) > MAX_LISTED:
        report.problems.append(f"references: … and {len(rows) - MAX_LISTED} more")
    if not rows:
        report.passed.append("references: every row's references exist")


def _summaries(conn: sqlite3.Connection, report: CheckReport) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "grade_cells" not in tables:
        return
    differing = summary_store.differing_cells(conn)
    bad = {t: n for t, n in differing.items() if n}
    for table, n in bad.items():
        report.problems.append(
            f"summaries: {n} cell(s) of {table} differ from a recount of "
            "the audits (run `qa-tui db rebuild-summaries`)"
        )
    if not bad:
        report.passed.append(f"summaries: {', '.join(differing)} equal a recount")


def _events(conn: sqlite3.Connection, report: CheckReport) -> None:
    columns = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
    if "hash" not in columns:
        return
    broken = []
    for link in event_chain.verify(conn):
        broken.append(link)
        if len(broken) > MAX_LISTED:
            break
    for link in broken[:MAX_LISTED]:
        report.problems.append(f"history: {link}")
    if len(broken) > MAX_LISTED:
        report.problems.append("history: … and more")
    if not broken:
        n = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        report.passed.append(f"history: the hash chain of {n:,} event(s) holds")
