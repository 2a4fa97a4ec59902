"""The grades export written as it is read: one audit record at a time, in every format.

`grades.grades_records` hands over the records (oldest first, the permission asked
first); these writers turn each into text or rows at once and keep nothing but what a
format needs at its end, so memory stays flat however many audits there are:

- JSON: one valid document, written incrementally, with the bytes `json_text` gives
  the whole document (the wrapper first, then each record indented into `audits`).
- NDJSON: one audit record a line, exactly the JSON's `audits` items; no header line,
  so every line has the same shape (`qa-tui export schema grades` describes it).
- CSV: row by row (the answers table, or one table of what followed).
- Markdown: the counts come from `grades.grades_counts` (one query); the sections of
  what followed are spooled to temporary files and written after the audits table.
- XLSX: openpyxl's write-only mode; the counts are checked against the sheet's limit
  before any record is read (`check_xlsx_fits`).
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable
from contextlib import ExitStack
from json.encoder import encode_basestring as _string
from typing import IO, Any

from qa_tui.domain.text import json_text
from qa_tui.exports.formats import (
    XLSX_MAX_ROWS,
    Column,
    about_sheet,
    md_table,
    md_text,
    too_many_rows,
)
from qa_tui.exports.grades import csv_columns, csv_rows, excel_safe
from qa_tui.exports.grades_followed_tables import (
    followed_rows,
    followed_tables,
    md_cell,
)
from qa_tui.exports.grades_tables import (
    about_pairs,
    answer_sheet_rows,
    audit_sheet_row,
    markdown_columns,
    markdown_head,
    markdown_row,
    sheet_columns,
)
from qa_tui.exports.xlsx_stream import StreamedBook

Records = Iterable[dict[str, Any]]
_SHEETS = (  # the followed tables' sheets and sections: table, sheet, section title
    ("actions", "Case actions", "Case actions"),
    ("escalations", "Escalations", "Escalations"),
    ("feedback", "Feedback", "Feedback to practice"),
)
_COUNTED = {"actions": "case_actions", "escalations": "escalations", "feedback": "feedback"}


def write_json(head: dict[str, Any], records: Records, out: IO[str]) -> int:
    """The whole document, a record at a time; returns how many audits were written."""
    wrapper = json_text({**head, "audits": []})
    assert wrapper.endswith('"audits": []\n}')
    out.write(wrapper[: -len("[]\n}")] + "[")
    count = 0
    for record in records:
        out.write(",\n    " if count else "\n    ")
        out.write(_indented(record))
        count += 1
    out.write("\n  ]\n}\n" if count else "]\n}\n")
    return count


def _indented(record: dict[str, Any]) -> str:
    """`json_text(record)` indented as an item of `audits`, made without the json
    module's slow pure-Python indenting encoder (the strings are still the C
    encoder's); a record with any non-ASCII text goes through `json_text` itself, so
    its escapes are exactly those."""
    pieces: list[str] = []
    _encode(record, "    ", pieces)
    text = "".join(pieces)
    if text.isascii():
        return text
    return json_text(record).replace("\n", "\n    ")


def _scalar(value: Any) -> str | None:
    """A string, null, boolean or whole number as JSON; None for anything else."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    return None


_GRADE_KEYS = ("key", "value", "label")
_grades: dict[tuple[str, Any, Any, Any], str] = {}  # a grade's text by indent and value


def _encode_dict(value: dict[str, Any], indent: str, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    inner = indent + "  "
    opener = "{\n" + inner
    for key, item in value.items():
        text = _scalar(item)
        if text is not None:
            out.append(opener + _string(key) + ": " + text)
        else:
            out.append(opener + _string(key) + ": ")
            _encode(item, inner, out)
        opener = ",\n" + inner
    out.append("\n" + indent + "}")


def _encode(value: Any, indent: str, out: list[str]) -> None:
    """Append `value` as json.dumps(indent=2) writes it at `indent`. Scalars are written
    in the loop (no call each), and a grade object, repeated on every answer, is made
    once per indent and grade."""
    kind = type(value)
    if kind is dict:
        if len(value) == 3 and tuple(value) == _GRADE_KEYS:
            memo = (indent, value["key"], value["value"], value["label"])
            text = _grades.get(memo)
            if text is None:
                parts: list[str] = []
                _encode_dict(value, indent, parts)
                text = "".join(parts)
                if len(_grades) < 4096:  # a few scales' grades: never grows with the data
                    _grades[memo] = text
            out.append(text)
        else:
            _encode_dict(value, indent, out)
    elif kind is list:
        if not value:
            out.append("[]")
            return
        inner = indent + "  "
        opener = "[\n" + inner
        for item in value:
            text = _scalar(item)
            if text is not None:
                out.append(opener + text)
            else:
                out.append(opener)
                _encode(item, inner, out)
            opener = ",\n" + inner
        out.append("\n" + indent + "]")
    else:
        text = _scalar(value)
        # floats and anything unusual: exactly as json writes them
        out.append(text if text is not None else json_text(value))


def write_ndjson(records: Records, out: IO[str]) -> int:
    """One audit record a line (compact JSON, the same escapes as the JSON)."""
    count = 0
    for record in records:
        out.write(json_text(record, indent=None))
        out.write("\n")
        count += 1
    return count


def write_csv(head: dict[str, Any], records: Records, out: IO[str], table: str = "answers") -> int:
    """The answers table (one row an answer), or one table of what followed (one row
    an item, with its audit id and case; codes as the JSON has them). Rows gather in a
    small buffer handed to `out` some 64 KiB at a time (a file's many small writes,
    each encoded on its own, cost more than the rows)."""
    workers, evidence = head["with_workers"], head["with_evidence"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    count = 0
    if table == "answers":
        writer.writerow(csv_columns(workers, evidence))
        for record in records:
            writer.writerows(csv_rows(record, workers, evidence))
            count += 1
            if buffer.tell() > _BUFFER:
                _hand_on(buffer, out)
    else:
        columns, key = followed_tables(workers, evidence)[table]
        writer.writerow([name for name, _title, _kind in columns])
        for record in records:
            for row in followed_rows(record, columns, key, labels=False):
                writer.writerow(["" if v is None else excel_safe(v) for v in row])
            count += 1
            if buffer.tell() > _BUFFER:
                _hand_on(buffer, out)
    _hand_on(buffer, out)
    return count


_BUFFER = 1 << 16


def _hand_on(buffer: io.StringIO, out: IO[str]) -> None:
    out.write(buffer.getvalue())
    buffer.seek(0)
    buffer.truncate()


def write_markdown(
    head: dict[str, Any], records: Records, out: IO[str], statuses: dict[str, int]
) -> int:
    """The report `grades_tables.grades_markdown` makes, written as the audits come."""
    workers, evidence = head["with_workers"], head["with_evidence"]
    lines = markdown_head(head, statuses)
    out.write("".join(line + "\n" for line in lines[:-1]))  # the last "" ends no line
    if not sum(statuses.values()):
        return 0
    header, align = markdown_columns(workers, evidence)
    out.write("\n" + "".join(line + "\n" for line in md_table(header, [], align)))
    tables = followed_tables(workers, evidence)
    with ExitStack() as stack:
        spools = {
            table: stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))
            for table, *_ in _SHEETS
        }
        count = 0
        for record in records:
            out.write(_md_row(markdown_row(record, workers, evidence)))
            for table, spool in spools.items():
                columns, key = tables[table]
                keep = [i for i, (name, _t, _k) in enumerate(columns) if name != "id"]
                for item in followed_rows(record, columns, key, labels=True):
                    spool.write(_md_row([md_cell(item[i], columns[i][2]) for i in keep]))
            count += 1
        for table, _sheet, title in _SHEETS:
            spool = spools[table]
            if not spool.tell():
                continue
            columns, _key = tables[table]
            names = ["Audit" if n == "audit_id" else t for n, t, _k in columns if n != "id"]
            kinds = "".join("r" if k == "int" else "l" for n, _t, k in columns if n != "id")
            out.write(f"\n## {title}\n\n")
            out.write("".join(line + "\n" for line in md_table(names, [], kinds)))
            spool.seek(0)
            for line in spool:
                out.write(line)
        return count


def check_xlsx_fits(counts: dict[str, Any], limit: int = XLSX_MAX_ROWS) -> None:
    """Refuse, before any record is read, a workbook whose sheet cannot hold its rows."""
    for title, rows in (
        ("Audits", counts["audits"]),
        ("Answers", counts["answers"]),
        *((sheet, counts[_COUNTED[table]]) for table, sheet, _title in _SHEETS),
    ):
        refusal = too_many_rows(title, rows, limit)
        if refusal:
            raise refusal


def write_xlsx(
    head: dict[str, Any],
    records: Records,
    out: IO[bytes],
    counts: dict[str, Any],
    limit: int = XLSX_MAX_ROWS,
) -> int:
    """The workbook `grades_tables.grades_sheets` describes, in write-only mode."""
    check_xlsx_fits(counts, limit)
    workers, evidence = head["with_workers"], head["with_evidence"]
    audit_columns, answer_columns = sheet_columns(workers, evidence)
    tables = followed_tables(workers, evidence)
    book = StreamedBook()
    book.add("Audits", audit_columns, counts["audits"])
    book.add("Answers", answer_columns, counts["answers"])
    for table, sheet, _title in _SHEETS:
        sheet_columns_ = [Column(title, kind) for _name, title, kind in tables[table][0]]
        book.add(sheet, sheet_columns_, counts[_COUNTED[table]])
    about = about_sheet(about_pairs(head))
    book.add(about.title, about.columns, len(about.rows))
    count = 0
    for record in records:
        book.append("Audits", audit_sheet_row(record, workers, evidence))
        for row in answer_sheet_rows(record, evidence):
            book.append("Answers", row)
        for table, sheet, _title in _SHEETS:
            columns, key = tables[table]
            for row in followed_rows(record, columns, key, labels=True):
                book.append(sheet, row)
        count += 1
    for row in about.rows:
        book.append(about.title, row)
    book.save(out)
    return count


def _md_row(cells: list[Any]) -> str:
    """A table row as `formats.md_table` writes it, one line."""
    return "| " + " | ".join(md_text(v) for v in cells) + " |\n"
