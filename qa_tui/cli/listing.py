"""How every list command writes its records for a script: one shape, four formats.

`--format text` is each command's own lines for people; the other three are the same
for every list, so a script learns them once:

- `json`: one object, `{"schema_version": 1, "<noun>": [record, ...]}`, where the noun
  is the plural of what the list holds (`programmes`, `themes`, `users`...): the same
  rule as the exports (`audits`, `themes`, `actions`).
- `ndjson`: one record a line, nothing else (no header object), for `jq -c` and streams.
- `csv`: a header row, then a row a record; nested values flattened (a dict's keys as
  `key.sub` columns, a list of plain values joined with "; ", anything deeper as JSON
  text); every cell Excel-safe, as the exports' CSV (a leading =, +, -, @ cannot run as
  a formula); written with a BOM so Excel reads it as UTF-8.

A command hands `write_list` its records as plain dicts and prints its text itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import click

LIST_FORMATS = ("text", "json", "ndjson", "csv")
LIST_SCHEMA_VERSION = 1


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--format text|json|ndjson|csv` as `fmt`."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(LIST_FORMATS),
        default="text",
        show_default=True,
        help="text for people; json, ndjson or csv for scripts and spreadsheets.",
    )(func)


def write_list(fmt: str, noun: str, records: Iterable[Mapping[str, Any]]) -> bool:
    """Write `records` in `fmt` to stdout and return True; False for text, which the
    command writes its own way."""
    from qa_tui.cli.common import emit
    from qa_tui.domain.text import json_text

    if fmt == "text":
        return False
    rows = [dict(r) for r in records]
    if fmt == "json":
        document = {"schema_version": LIST_SCHEMA_VERSION, noun: rows}
        emit(json_text(document, default=str) + "\n", None)
    elif fmt == "ndjson":
        emit("".join(json_text(r, indent=None, default=str) + "\n" for r in rows), None)
    else:
        emit(list_csv(rows), None, encoding="utf-8-sig")
    return True


def flat(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """A record as CSV columns: nested dicts as `key.sub`, lists of plain values joined."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flat(value, f"{name}."))
        elif isinstance(value, list | tuple):
            if all(v is None or isinstance(v, str | int | float) for v in value):
                out[name] = "; ".join("" if v is None else str(v) for v in value)
            else:
                out[name] = json.dumps(value, ensure_ascii=False, default=str)
        else:
            out[name] = value
    return out


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def list_csv(records: Iterable[Mapping[str, Any]]) -> str:
    """A header (every column any record has, in first-seen order) and a row a record."""
    from qa_tui.exports.formats import csv_text
    from qa_tui.exports.grades import excel_safe

    rows = [flat(r) for r in records]
    header: dict[str, None] = {}
    for row in rows:
        header.update(dict.fromkeys(row))
    columns = list(header)
    return csv_text(
        [excel_safe(c) for c in columns], ([_cell(row.get(c)) for c in columns] for row in rows)
    )
