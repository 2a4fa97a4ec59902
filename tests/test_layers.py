"""Layers: each package imports only the layers below it, no module imports itself back
in a circle, and only the TUI imports Textual.

The rule, read from every import in the package (at the top of a module, inside a
function, or for type checking alike):

    domain   imports nothing of qa_tui but `paths`
    store    domain
    desks    domain, store
    exports  domain, store, desks
    reports  domain, desks, exports (reports for people, like exports for scripts)
    cli      domain, desks, exports, reports, and the TUI it opens; never the store
    tui      domain, desks, reports; never the store
    (`paths`, `crash_log` and `settings`, at the top, may be imported by every layer)

A script exporting grades every night must not pay for (or break on) the TUI, and the
domain must stay usable without a terminal; the import checks of Textual run in a fresh
interpreter, since this test process may already have imported Textual for other tests.
"""

from __future__ import annotations

import ast
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
    "qa_tui.reports.render",
]


def run_python(code: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_importing_the_domain_and_cli_does_not_import_textual() -> None:
    result = run_python(
        """
        import importlib, json, sys
        for name in sys.argv[1:]:
            importlib.import_module(name)
        print(json.dumps({"loaded": sorted(m for m in sys.modules if m.startswith("qa_tui")),
                          "textual": sorted(m for m in sys.modules
                                            if m == "textual" or m.startswith("textual."))}))
    """,
        *DOMAIN_MODULES,
    )
    assert set(DOMAIN_MODULES) <= set(result["loaded"])
    assert result["textual"] == []
    assert not any(m.startswith("qa_tui.tui") for m in result["loaded"])


def test_script_commands_do_not_import_textual(tmp_path: Path) -> None:
    csv_path = tmp_path / "cases.csv"
    csv_path.write_text("case_ref,team\nCIN-0001,Assessment North\n", "utf-8")
    db = tmp_path / "qa.sqlite3"
    result = run_python(
        """
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
    """,
        str(db),
        str(csv_path),
    )
    assert result["codes"] == [0] * 8
    assert result["textual"] == []


PACKAGE = Path(__file__).resolve().parent.parent / "qa_tui"
TOP = {"paths", "crash_log", "settings", "__main__", "__init__"}
MAY_IMPORT = {
    "domain": {"domain"},
    "store": {"domain", "store"},
    "desks": {"domain", "store", "desks"},
    "exports": {"domain", "store", "desks", "exports"},
    "reports": {"domain", "desks", "exports", "reports"},
    "cli": {"domain", "desks", "exports", "reports", "cli", "tui"},
    "tui": {"domain", "desks", "reports", "tui"},
}
EVERY_LAYER_MAY_IMPORT = {"paths", "crash_log", "settings"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every qa_tui module a file imports, wherever the import stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("qa_tui"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("qa_tui"):
            for alias in node.names:  # `from qa_tui.cli import db` names a module
                candidate = f"{node.module}.{alias.name}"
                as_file = PACKAGE.parent / Path(*candidate.split("."))
                is_module = as_file.with_suffix(".py").exists() or as_file.is_dir()
                found.add(candidate if is_module else node.module)
    return found


def all_imports() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_layer_imports_only_the_layers_below_it() -> None:
    wrong = []
    for module, imported in all_imports().items():
        layer = layer_of(module)
        if layer in TOP or layer == "":
            allowed = EVERY_LAYER_MAY_IMPORT | ({"cli"} if layer == "__main__" else set())
        else:
            allowed = MAY_IMPORT[layer] | EVERY_LAYER_MAY_IMPORT
        for name in imported:
            if layer_of(name) not in allowed and name != "qa_tui":
                wrong.append(f"{module} imports {name}")
    assert wrong == []


def test_no_module_imports_itself_back_in_a_circle() -> None:
    graph = all_imports()
    circles: list[list[str]] = []
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:  # Tarjan: each strongly connected set of modules
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph.get(module, ()):
            if target not in graph:
                continue
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            members = []
            while True:
                member = stack.pop()
                members.append(member)
                if member == module:
                    break
            if len(members) > 1:
                circles.append(sorted(members))

    for module in graph:
        if module not in index:
            visit(module)
    assert circles == []


def test_only_the_tui_imports_textual() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if layer_of(module_name(path)) == "tui":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            wrong.extend(
                f"{module_name(path)} imports {n}"
                for n in names
                if n == "textual" or n.startswith("textual.")
            )
    assert wrong == []


def test_no_module_is_over_400_lines() -> None:
    """Small modules with one job each, counted as `ruff format` lays them out."""
    long = {
        module_name(p): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text("utf-8").splitlines())) > 400
    }
    assert long == {}
