"""Reading a case list (CSV or XLSX) into validated `CaseRow`s, or every problem at once.

Case lists are exported by hand from case management systems and spreadsheets, so the
reader is forgiving about encodings, line endings and trailing empty cells, but strict
about what it keeps: a file with any bad row yields nothing, and the user gets a
`file:line: field: problem` line for each fault so they can fix them all in one pass.
Messages quote case references and dates but never worker or child details.

Every field (header names and attributes too) is refused if it holds a control
character, a Unicode noncharacter or a lone surrogate, or is longer than its limit
(`LIMITS`). A CSV row must have as many fields as the header. Reading the file within
bounds is `case_list_files`; matching its header to fields is `column_mapping`.

Columns that look like direct identifiers of a child or family (`identifiers`) are not
kept unless the importer names them in `keep_columns`; the result says which were
dropped and why. A column mapped to a field is never dropped.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from qa_tui.domain.case_list_files import (
    MAX_ROWS,
    Cell,
    cell_text,
    cell_texts,
    csv_rows_of,
    rows_of,
)
from qa_tui.domain.column_mapping import (
    COMMON_HEADERS,
    KNOWN_COLUMNS,
    REQUIRED_COLUMNS,
    check_mapping,
    drop_identifying,
    guess_mapping,
    header_keys,
    header_problems,
    header_texts,
    identifying_columns,
    quote,
)
from qa_tui.domain.errors import CaseListError
from qa_tui.domain.identifiers import IdentifyingColumn
from qa_tui.domain.text import imported_text_problem

__all__ = [
    "COMMON_HEADERS",
    "DATE_HINT",
    "KNOWN_COLUMNS",
    "LIMITS",
    "MAX_ATTRIBUTE",
    "MAX_CASE_REF",
    "MAX_NAME",
    "MAX_ROWS",
    "REQUIRED_COLUMNS",
    "CaseList",
    "CaseListError",
    "CaseRow",
    "IdentifyingColumn",
    "check_mapping",
    "guess_mapping",
    "identifying_columns",
    "preview_case_list",
    "read_case_list",
]

MAX_CASE_REF = 64
MAX_NAME = 200  # team, worker, manager, cohort, pseudonym
MAX_ATTRIBUTE = 1_000  # any other column's value
LIMITS = {
    "case_ref": MAX_CASE_REF,
    "team": MAX_NAME,
    "worker": MAX_NAME,
    "manager": MAX_NAME,
    "cohort": MAX_NAME,
    "child_pseudonym": MAX_NAME,
}
DATE_HINT = "use YYYY-MM-DD or DD/MM/YYYY"

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)


@dataclass(frozen=True)
class CaseRow:
    """One validated case; `line` lets later messages point back into the file."""

    line: int
    case_ref: str
    team: str
    worker: str | None
    manager: str | None
    cohort: str | None
    child_pseudonym: str | None
    opened_on: datetime.date | None
    attributes: dict[str, str]


class CaseList(list[CaseRow]):
    """The rows of a case list, with the identifying columns left out (`dropped`) and
    those the importer chose to keep (`kept`, by their header text)."""

    def __init__(
        self,
        rows: Iterable[CaseRow] = (),
        dropped: Iterable[IdentifyingColumn] = (),
        kept: Iterable[str] = (),
    ):
        super().__init__(rows)
        self.dropped = list(dropped)
        self.kept = list(kept)


def read_case_list(
    path: Path,
    mapping: dict[str, str] | None = None,
    keep_columns: Iterable[str] = (),
    *,
    csv_data: bytes | None = None,
) -> CaseList:
    """Read and validate a whole case list, raising `CaseListError` with every problem found.

    `mapping` takes a qa-tui field to the file's own header text ({"case_ref": "Case Ref"});
    mapped headers match after trimming, ignoring case. Fields not mapped are still found
    under their own names, and every other column is kept as an attribute, except those
    that look like direct identifiers and are not named in `keep_columns`.

    `csv_data` is a CSV already read (`qa-tui cases import -` reads standard input);
    `path` then only names it in messages ("<stdin>:3: ...").
    """
    name = str(path)
    mapping = dict(mapping or {})
    if problems := check_mapping(mapping):
        raise CaseListError([f"{name}: {problem}" for problem in problems])
    rows, strict_width = (
        rows_of(path, name) if csv_data is None else (csv_rows_of(csv_data, name), True)
    )
    try:
        return _parse(rows, name, mapping, list(keep_columns), strict_width)
    finally:
        rows.close()  # releases the workbook if we stopped early


def _opened_on(cell: Cell) -> tuple[datetime.date | None, str | None]:
    """Parse ISO or UK day-first dates only: 02/03/2024 is always 2 March, never 3 February."""
    if isinstance(cell, datetime.date):
        day = cell
    else:
        text = cell_text(cell).strip()
        if match := _ISO_DATE.fullmatch(text):
            year, month, dom = match.groups()
        elif match := _UK_DATE.fullmatch(text):
            dom, month, year = match.groups()
        else:
            return None, f"{quote(text)} is not a date ({DATE_HINT})"
        try:
            day = datetime.date(int(year), int(month), int(dom))
        except ValueError:
            return None, f"{quote(text)} is not a date ({DATE_HINT})"
    if day > datetime.date.today():
        return None, f"'{day.isoformat()}' is in the future"
    return day, None


def _value_problem(field: str, value: str, limit: int, *, multiline: bool = False) -> str | None:
    """Why an imported value cannot be kept: a control character, or too long."""
    if problem := imported_text_problem(value, multiline=multiline):
        return f"{field}: {problem}"
    if len(value) > limit:
        return f"{field}: is {len(value):,} characters long (at most {limit:,})"
    return None


def _parse(
    rows: Iterator[tuple[int, list[Cell]]],
    name: str,
    mapping: dict[str, str],
    keep_columns: list[str],
    strict_width: bool,
) -> CaseList:
    """Validate every row, collecting all problems, so one failed import shows them all."""
    header: list[str] = []
    header_line = width = 0
    for header_line, cells in rows:  # noqa: B007 - the header's line is used below
        if header := header_texts(cells):
            width = len(cells) if strict_width else len(header)
            break
    if not header:
        raise CaseListError([f"{name}: no cases found"])
    if problems := header_problems(header, header_line, name):
        raise CaseListError(problems)
    keys = header_keys(header, header_line, name, mapping)
    keys += [None] * (width - len(keys))  # a CSV header's trailing empty cells
    dropped, kept, skipped = drop_identifying(header, keys, keep_columns, header_line, name)

    problems = []
    cases: list[CaseRow] = []
    seen: dict[str, int] = {}
    unnamed: dict[int, int] = {}  # column index -> first line with a value in it
    count = 0
    for line, cells in rows:
        if not (texts := cell_texts(cells)):
            continue
        count += 1
        if count > MAX_ROWS:
            raise CaseListError([f"{name}: more than {MAX_ROWS:,} cases; split the file"])
        if strict_width and len(cells) != width:
            problems.append(
                f"{name}:{line}: row has {len(cells)} field"
                f"{'' if len(cells) == 1 else 's'}, the header has {width}"
            )
            continue
        if len(texts) > width:
            problems.append(
                f"{name}:{line}: a value in column {len(texts)}, but the header has {width} columns"
            )
            continue
        fields: dict[str, str] = {}
        attributes: dict[str, str] = {}
        attribute_problems: list[str] = []
        for index, text in enumerate(texts):
            key = keys[index]
            if not text or index in skipped:
                continue
            if key is None:
                unnamed.setdefault(index, line)
            elif key in KNOWN_COLUMNS:
                fields[key] = text
            else:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
                if message := _value_problem(
                    quote(header[index]), text, MAX_ATTRIBUTE, multiline=True
                ):
                    attribute_problems.append(message)
                else:
                    attributes[header[index]] = text.strip()

        row_problems: list[str] = []
        values: dict[str, str] = {}
        for field, limit in LIMITS.items():
            value = fields.get(field, "")
            if message := _value_problem(field, value, limit):
                row_problems.append(message)
                value = ""
            elif field in REQUIRED_COLUMNS and not value.strip():
                row_problems.append(f"{field}: required value is empty")
            elif field == "case_ref" and value.strip() in seen:
                row_problems.append(
                    f"case_ref: '{value.strip()}' also appears on line {seen[value.strip()]}"
                )
            elif field == "case_ref":
                seen[value.strip()] = line
            values[field] = value.strip()
        opened_on: datetime.date | None = None
        if "opened_on" in fields:
            opened_on, message = _opened_on(cells[keys.index("opened_on")])
            if message:
                row_problems.append(f"opened_on: {message}")
        row_problems += attribute_problems
        if row_problems:
            problems.extend(f"{name}:{line}: {problem}" for problem in row_problems)
            continue
        cases.append(
            CaseRow(
                line=line,
                case_ref=values["case_ref"],
                team=values["team"],
                worker=values["worker"] or None,
                manager=values["manager"] or None,
                cohort=values["cohort"] or None,
                child_pseudonym=values["child_pseudonym"] or None,
                opened_on=opened_on,
                attributes=attributes,
            )
        )

    problems[:0] = [
        f"{name}:{header_line}: column {index + 1} has no header but holds values "
        f"(first on line {first})"
        for index, first in sorted(unnamed.items())
    ]
    if problems:
        raise CaseListError(problems)
    if not cases:
        raise CaseListError([f"{name}: no cases found"])
    return CaseList(cases, dropped, kept)


def preview_case_list(path: Path, rows: int = 5) -> tuple[list[str], list[list[str]]]:
    """The header and the first few rows as text, for a person to map columns by eye.

    The header is checked as an import would check it; the rows are as the file has
    them, to be shown escaped (`for_terminal`), never acted on.
    """
    name = str(path)
    source, _strict = rows_of(path, name)
    header: list[str] = []
    header_line = 0
    body: list[list[str]] = []
    try:
        for line, cells in source:
            if not header:
                header, header_line = header_texts(cells), line
                continue
            if texts := cell_texts(cells):
                body.append(texts)
            if len(body) >= rows:
                break
    finally:
        source.close()
    if not header:
        raise CaseListError([f"{name}: no cases found"])
    if problems := header_problems(header, header_line, name):
        raise CaseListError(problems)
    return header, body
