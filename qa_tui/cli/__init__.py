"""The command line: `main` registers one module per command group."""

from qa_tui.cli.main import cli, main

__all__ = ["cli", "main"]
