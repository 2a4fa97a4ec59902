"""Every command is listed by `qa-tui --help` and runs by its name, though each command
module is imported only when its command is used: opening the TUI imports none of them.
"""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from qa_tui.cli.main import COMMANDS, cli

EVERY_COMMAND = {"demo", *COMMANDS}


def test_help_lists_every_command_with_its_summary() -> None:
    result = CliRunner().invoke(cli, ["--help"], prog_name="qa-tui")
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:", 1)[1].splitlines()
    names = {line.split()[0] for line in listed if line.startswith("  ") and line.split()}
    assert names == EVERY_COMMAND
    assert "Give each sampled case to an independent auditor" in result.output
    assert "Escalations and case actions, until each is done." in result.output


def test_each_command_answers_to_its_name() -> None:
    for name in sorted(COMMANDS):
        result = CliRunner().invoke(cli, [name, "--help"], prog_name="qa-tui")
        assert result.exit_code == 0, (name, result.output)
        assert result.output.startswith(f"Usage: qa-tui {name} "), result.output


def test_a_mistyped_command_is_refused_as_before() -> None:
    result = CliRunner().invoke(cli, ["sampl"], prog_name="qa-tui")
    assert result.exit_code == 2
    assert "No such command 'sampl'" in result.output


def test_the_entry_module_imports_no_command_module() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys, qa_tui.cli.main; "
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('qa_tui.cli.'))))",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["qa_tui.cli.common", "qa_tui.cli.lazy", "qa_tui.cli.main"]
