"""Looking after the file: `db check`, `db backup`, `db rebuild-summaries`; damage is
caught and never written into; paths never surprise (no database made by a reader,
owner-only folders, demo --reset only on a demo); every failure is one line, exit 1."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from qa_tui.store.database import Store

CSV = "case_ref,team\nC-900,Team Z\n"


def qa_tui(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_TUI_")}
    env["QA_TUI_LOG_DIR"] = str((cwd or Path.cwd()) / "logs")
    return subprocess.run(
        [sys.executable, "-m", "qa_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=cwd,
    )


def one_line_exit_1(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def healthy(db_path: Path, seeded: list[int], store: Store) -> Path:
    store.close()  # checkpoints: the whole database is in the one file
    return db_path


def damage(path: Path) -> None:
    """4 KB of random bytes in the middle of the file, on a page boundary."""
    size = path.stat().st_size
    offset = (size // 2) // 4096 * 4096
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(random.Random(3).randbytes(4096))


def test_check_passes_a_healthy_database(healthy: Path) -> None:
    done = qa_tui("--db", str(healthy), "db", "check")
    assert done.returncode == 0, done.stderr
    assert "ok       integrity: the file is whole" in done.stdout
    assert "summaries: grade_cells, theme_cells, agreement_cells equal a recount" in done.stdout
    assert "hash chain of" in done.stdout


def test_a_damaged_database_is_caught_and_never_written_to(healthy: Path, tmp_path: Path) -> None:
    damage(healthy)
    before = digest(healthy)
    case_list = tmp_path / "cases.csv"
    case_list.write_text(CSV, "utf-8")

    check = qa_tui("--db", str(healthy), "db", "check")
    assert check.returncode == 1
    assert "PROBLEM  integrity:" in check.stdout

    line = one_line_exit_1(qa_tui("--db", str(healthy), "cases", "import", str(case_list)))
    assert "damaged" in line and "db check" in line
    for args in (
        ["export", "themes", "--format", "csv"],
        ["export", "grades"],
        ["moderation", "agreement"],
        ["db", "backup", str(tmp_path / "b.sqlite3")],
    ):
        done = qa_tui("--db", str(healthy), *args)
        assert done.returncode in (0, 1), done.stderr
        assert "Traceback" not in done.stderr
    assert digest(healthy) == before
    wal = Path(f"{healthy}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert not (tmp_path / "b.sqlite3").exists()


def test_backup_is_a_consistent_owner_only_copy(healthy: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite3"
    done = qa_tui("--db", str(healthy), "db", "backup", str(target))
    assert done.returncode == 0, done.stderr
    assert target.stat().st_mode & 0o777 == 0o600
    copy = sqlite3.connect(target)
    original = sqlite3.connect(healthy)
    for table in ("audits", "answers", "events", "grade_cells"):
        query = f"SELECT count(*) FROM {table}"
        assert copy.execute(query).fetchone() == original.execute(query).fetchone()
    copy.close()
    original.close()
    assert qa_tui("--db", str(target), "db", "check").returncode == 0
    # An existing file is never overwritten.
    assert "already exists" in one_line_exit_1(
        qa_tui("--db", str(healthy), "db", "backup", str(target))
    )


def test_backup_while_someone_else_writes(healthy: Path, tmp_path: Path) -> None:
    from qa_tui.domain.records import Case

    writer = Store.open(healthy)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "qa_tui",
            "--db",
            str(healthy),
            "db",
            "backup",
            str(tmp_path / "during.sqlite3"),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    for n in range(30):
        writer.upsert_cases([Case(f"W-{n}", "Team W")], "lead", f"batch {n}")
    writer.close()
    assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    assert qa_tui("--db", str(tmp_path / "during.sqlite3"), "db", "check").returncode == 0


def test_rebuild_summaries_mends_what_check_finds(healthy: Path) -> None:
    conn = sqlite3.connect(healthy, isolation_level=None)
    conn.execute("UPDATE grade_cells SET counted = counted + 1 WHERE level = 1")
    conn.close()
    check = qa_tui("--db", str(healthy), "db", "check")
    assert check.returncode == 1
    assert "cell(s) of grade_cells differ from a recount" in check.stdout
    assert qa_tui("--db", str(healthy), "db", "rebuild-summaries").returncode == 0
    assert qa_tui("--db", str(healthy), "db", "check").returncode == 0


@pytest.mark.parametrize(
    "args",
    [
        ["moderation", "queue"],
        ["export", "grades"],
        ["export", "themes"],
        ["themes", "list"],
        ["follow-ups", "list"],
        ["db", "check"],
        ["db", "rebuild-summaries"],
        ["programmes", "list"],
        ["cases", "mappings"],
    ],
)
def test_a_reader_never_creates_a_database(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "typo" / "qa.sqlite3"
    line = one_line_exit_1(qa_tui("--db", str(missing), *args))
    assert f"no database at {missing}" in line
    assert not (tmp_path / "typo").exists()


def test_folders_qa_tui_makes_are_owner_only(tmp_path: Path) -> None:
    case_list = tmp_path / "cases.csv"
    case_list.write_text(CSV, "utf-8")
    target = tmp_path / "new" / "deeper" / "qa.sqlite3"
    done = qa_tui("--db", str(target), "cases", "import", str(case_list))
    assert done.returncode == 0, done.stderr
    for folder in (tmp_path / "new", tmp_path / "new" / "deeper"):
        assert folder.stat().st_mode & 0o777 == 0o700
    assert target.stat().st_mode & 0o777 == 0o600


def test_demo_reset_refuses_a_real_database(healthy: Path) -> None:
    before = digest(healthy)
    line = one_line_exit_1(qa_tui("--db", str(healthy), "demo", "--reset"))
    assert "not a demo database" in line
    assert digest(healthy) == before


def test_output_to_a_folder_is_one_line(healthy: Path, tmp_path: Path) -> None:
    for kind in ("grades", "themes", "actions"):
        line = one_line_exit_1(qa_tui("--db", str(healthy), "export", kind, "-o", str(tmp_path)))
        assert "is a folder" in line


def test_a_full_disk_is_one_line(healthy: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "qa_tui", "--db", str(healthy), "export", "grades"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert "No space left on device" in done.stderr
    assert "Traceback" not in done.stderr


def immutable(path: Path) -> bool:
    """Make a file or folder read-only even for root (these tests run as root in CI)."""
    return subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0


def test_a_read_only_database_is_one_line(healthy: Path, tmp_path: Path) -> None:
    case_list = tmp_path / "cases.csv"
    case_list.write_text(CSV, "utf-8")
    if os.geteuid() == 0:
        if not immutable(healthy):
            pytest.skip("chattr is not available here")
    else:
        healthy.chmod(0o400)
    try:
        line = one_line_exit_1(qa_tui("--db", str(healthy), "cases", "import", str(case_list)))
        assert "read-only" in line
        # Reading still works.
        assert qa_tui("--db", str(healthy), "export", "grades").returncode == 0
    finally:
        subprocess.run(["chattr", "-i", str(healthy)], capture_output=True)
        healthy.chmod(0o600)


def test_a_read_only_folder_is_one_line(healthy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "qa.sqlite3"
    case_list = tmp_path / "cases.csv"
    case_list.write_text(CSV, "utf-8")
    if os.geteuid() == 0:
        if not immutable(folder):
            pytest.skip("chattr is not available here")
    else:
        folder.chmod(0o500)
    try:
        line = one_line_exit_1(qa_tui("--db", str(target), "cases", "import", str(case_list)))
        assert "cannot create the database" in line
    finally:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
        folder.chmod(0o700)


def test_an_unforeseen_failure_is_one_line_and_a_logged_traceback(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "import qa_tui.store.database\n"
        "def broken(*args, **kwargs):\n"
        "    raise ZeroDivisionError('a bug')\n"
        "qa_tui.store.database.Store.open = broken\n"
        "from qa_tui.cli.main import main\n"
        "sys.argv = ['qa-tui', '--db', sys.argv[1], 'moderation', 'queue']\n"
        "main()\n"
    )
    env = {**os.environ, "QA_TUI_LOG_DIR": str(tmp_path / "logs")}
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "x.sqlite3")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    line = one_line_exit_1(done)
    log = tmp_path / "logs" / "qa-tui.log"
    assert str(log) in line and "ZeroDivisionError" in line
    assert "ZeroDivisionError: a bug" in log.read_text("utf-8")
    assert (tmp_path / "logs").stat().st_mode & 0o777 == 0o700
