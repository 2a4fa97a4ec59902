"""Layers: the domain and the script commands never pull in Textual.

A script exporting grades every night must not pay for (or break on) the TUI, and the
domain must stay usable without a terminal. Checked in a fresh interpreter, since this
test process may already have imported Textual for other tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

DOMAIN_MODULES = [
    "qa_tui.domain.rubric",
    "qa_tui.domain.rubric_files",
    "qa_tui.store.database",
    "qa_tui.domain.rules",
    "qa_tui.desks.audits",
    "qa_tui.exports.grades",
    "qa_tui.domain.records",
    "qa_tui.paths",
    "qa_tui.domain.case_list",
    "qa_tui.cli.main",
    "qa_tui.cli.exports",
    "qa_tui.exports.formats",
    "qa_tui.exports.themes",
    "qa_tui.exports.actions",
    "qa_tui.exports.grades_tables",
]


def run_python(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_importing_the_domain_and_cli_does_not_import_textual() -> None:
    result = run_python("""
        import importlib, json, sys
        for name in sys.argv[1:]:
            importlib.import_module(name)
        print(json.dumps({"loaded": sorted(m for m in sys.modules if m.startswith("qa_tui")),
                          "textual": sorted(m for m in sys.modules
                                            if m == "textual" or m.startswith("textual."))}))
    """, *DOMAIN_MODULES)
    assert set(DOMAIN_MODULES) <= set(result["loaded"])
    assert result["textual"] == []
    assert not any(m.startswith("qa_tui.tui") for m in result["loaded"])


def test_script_commands_do_not_import_textual(tmp_path: Path) -> None:
    csv_path = tmp_path / "cases.csv"
    csv_path.write_text("case_ref,team\nCIN-0001,Assessment North\n", "utf-8")
    db = tmp_path / "qa.sqlite3"
    result = run_python("""
        import contextlib, io, json, sys
        from qa_tui.cli.main import cli
        db, csv_path = sys.argv[1], sys.argv[2]
        codes = []
        for args in (["rubrics", "list"], ["rubrics", "validate"], ["rubrics", "schema"],
                     ["cases", "import", csv_path, "--db", db],
                     ["export", "grades", "--db", db],
                     ["export", "grades", "--db", db, "--format", "csv"],
                     ["export", "themes", "--db", db, "--format", "xlsx", "-o", db + ".xlsx"],
                     ["export", "actions", "--db", db, "--format", "md"]):
            with contextlib.redirect_stdout(io.StringIO()):
                try:
                    cli.main(args, prog_name="qa-tui", standalone_mode=False)
                    codes.append(0)
                except SystemExit as exc:
                    codes.append(exc.code)
        print(json.dumps({"codes": codes,
                          "textual": sorted(m for m in sys.modules if m.startswith("textual"))}))
    """, str(db), str(csv_path))
    assert result["codes"] == [0] * 8
    assert result["textual"] == []

