"""A click group whose commands are imported when first used.

The `qa-tui` group and its `report` group list many commands; importing every command
module to print `--help` or open the TUI would cost each start what only one command
needs. No command module imports the entry module, so this lives apart from it.
"""

from __future__ import annotations

import importlib
from typing import Any

import click


class LazyGroup(click.Group):
    """A group whose commands (`lazy_commands`, name -> where it is made) are imported
    when first looked up: to run one, to list them all, or to complete a name."""

    def __init__(self, *args: Any, lazy_commands: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = self.lazy_commands.get(cmd_name)
        if cmd_name not in self.commands and where is not None:
            module_name, _, name = where.partition(":")
            module = importlib.import_module(f"qa_tui.cli.{module_name}")
            if name:
                self.add_command(getattr(module, name), cmd_name)
            else:
                module.register(self)
        return super().get_command(ctx, cmd_name)
