"""`qa-tui themes` and `qa-tui plan` through the real CLI runner, on a real file."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from test_themes_actions import AFD, submit, themes

from qa_tui.cli.main import cli
from qa_tui.domain.dashboard_records import Filters
from qa_tui.store.database import Store


def run(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--db", str(db), "--user", "qa.lead", *args])


def test_merge_and_rename_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    store = Store.open(db)
    submit(store, "C-1", "MASH", "2025-01", themes=(("", "Plans not SMART", AFD),))
    submit(store, "C-2", "MASH", "2025-01", themes=(("", "Vague plans", AFD),))
    store.close()
    listed = run(db, "themes", "list")
    assert listed.exit_code == 0 and "Vague plans" in listed.output
    merged = run(db, "themes", "merge", "VAGUE PLANS", "--into", "plans not smart")
    assert merged.exit_code == 0, merged.output
    renamed = run(db, "themes", "rename", "Plans not SMART", "Plans are not SMART")
    assert renamed.exit_code == 0, renamed.output
    store = Store.open(db)
    [row] = themes(store).ranking(Filters(), "2025-02").rows
    assert (row.theme, row.audits) == ("Plans are not SMART", 2)
    listed = run(db, "themes", "list", "--format", "json")
    assert '"synonyms": "plans not smart; vague plans"' in listed.output


def test_unknown_theme_or_repeated_recommendation_is_one_line_and_exit_1(tmp_path: Path) -> None:
    db = tmp_path / "qa.sqlite3"
    Store.open(db).close()
    result = run(db, "themes", "merge", "no such theme", "--into", "nor this")
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == "Error: no theme called 'no such theme' (qa-tui themes list shows them)"
    )
    assert run(db, "plan", "add-recommendation", "2026-1", "Reduce caseloads").exit_code == 0
    again = run(db, "plan", "add-recommendation", "2026-1", "Again")
    assert again.exit_code == 1 and "exists" in again.output
    listed = run(db, "plan", "recommendations")
    assert "2023-7" in listed.output and "2026-1   Reduce caseloads" in listed.output
