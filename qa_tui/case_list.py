"""Reading a case list (CSV or XLSX) into validated `CaseRow`s, or every problem at once.

Case lists are exported by hand from case management systems and spreadsheets, so the
reader is forgiving about encodings, line endings and trailing empty cells, but strict
about the values an audit depends on: a file with any bad row yields nothing, and the
user gets a `file:line: field: problem` line for each fault so they can fix them all in
one pass. Messages quote case references and dates but never worker or child details.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
import warnings
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from qa_tui.errors import CaseListError

MAX_ROWS = 200_000
MAX_CASE_REF = 64
MAX_TEAM = 100
KNOWN_COLUMNS = ("case_ref", "team", "worker", "manager", "cohort", "child_pseudonym", "opened_on")
REQUIRED_COLUMNS = ("case_ref", "team")
DATE_HINT = "use YYYY-MM-DD or DD/MM/YYYY"

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)

# A cell as the readers hand it over: text, a date (XLSX date cells only) or nothing.
Cell = str | datetime.date | None
Rows = Generator[tuple[int, list[Cell]], None, None]


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


def check_mapping(mapping: dict[str, str]) -> list[str]:
    """Problems with a field -> header mapping itself, before any file is read."""
    problems: list[str] = []
    known = ", ".join(KNOWN_COLUMNS)
    used: dict[str, str] = {}
    for field, header in mapping.items():
        if field not in KNOWN_COLUMNS:
            problems.append(f"unknown field {_quote(field)} in the column mapping "
                            f"(known fields: {known})")
            continue
        key = _mapped_key(header)
        if not key:
            problems.append(f"field '{field}' is mapped to an empty column name")
        elif key in used:
            problems.append(f"column {_quote(header.strip())} is mapped to both "
                            f"'{used[key]}' and '{field}'")
        else:
            used[key] = field
    return problems


def read_case_list(path: Path, mapping: dict[str, str] | None = None) -> list[CaseRow]:
    """Read and validate a whole case list, raising `CaseListError` with every problem found.

    `mapping` takes a qa-tui field to the file's own header text ({"case_ref": "Case Ref"});
    mapped headers match after trimming, ignoring case. Fields not mapped are still found
    under their own names, and every other column is kept as an attribute.
    """
    name = str(path)
    mapping = dict(mapping or {})
    if problems := check_mapping(mapping):
        raise CaseListError([f"{name}: {problem}" for problem in problems])
    rows = _rows_of(path, name)
    try:
        return _parse(rows, name, mapping)
    finally:
        rows.close()  # releases the workbook if we stopped early


def _rows_of(path: Path, name: str) -> Rows:
    """The file's rows by its type; anything but CSV or XLSX is refused."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _csv_rows(path, name)
    if suffix == ".xlsx":
        return _xlsx_rows(path, name)
    raise CaseListError([f"{name}: unsupported file type '{path.suffix}' (use .csv or .xlsx)"])


def _decode(data: bytes) -> str:
    """UTF-8 (BOM optional), else Windows' cp1252, else latin-1, which decodes any byte."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1")


def _csv_rows(path: Path, name: str) -> Rows:
    """Yield (physical line the record starts on, cells): quoted newlines must not skew lines."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CaseListError([f"{name}: cannot read file: {exc.strerror or exc}"]) from None
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    start = 1
    try:
        for cells in reader:
            yield start, list(cells)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CaseListError([f"{name}:{start}: not readable as CSV ({exc})"]) from None


def _xlsx_rows(path: Path, name: str) -> Rows:
    """Yield (sheet row number, cells) from the first worksheet, never a raw openpyxl error."""
    import openpyxl  # imported here: it is slow to load and most start-ups never need it

    try:
        with warnings.catch_warnings():  # openpyxl warns about features it ignores
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise CaseListError([f"{name}: cannot read file: {exc.strerror or exc}"]) from None
    except Exception:  # a damaged or mislabelled file fails in many library-specific ways
        raise CaseListError([f"{name}: not a readable XLSX workbook"]) from None
    try:
        sheets = workbook.worksheets
        rows = sheets[0].iter_rows(values_only=True) if sheets else iter(())
        for number, values in enumerate(rows, start=1):
            yield number, [_xlsx_cell(value) for value in values]
    except Exception:  # damage inside a sheet surfaces only as rows are read
        raise CaseListError([f"{name}: not a readable XLSX workbook"]) from None
    finally:
        workbook.close()


def _xlsx_cell(value: object) -> Cell:
    """Spreadsheet values as a user would type them: 1234 not 1234.0, dates as dates."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _text(cell: Cell) -> str:
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return (cell or "").strip()


def _texts(cells: list[Cell]) -> list[str]:
    """Stripped cell texts without trailing empties, which are padding rather than data."""
    texts = [_text(cell) for cell in cells]
    while texts and not texts[-1]:
        texts.pop()
    return texts


def _quote(text: str) -> str:
    """Quote a value for a message without letting control characters or a novel through."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in text[:40])
    return f"'{shown}{'...' if len(text) > 40 else ''}'"


def _normalise(header: str) -> str:
    """`case_ref` matches ' Case_Ref ' and 'case-ref'; names are otherwise taken as written."""
    return header.strip().lower().replace("-", "_")


def _mapped_key(header: str) -> str:
    """How a mapped header is compared: trimmed, case ignored, nothing else changed."""
    return header.strip().casefold()


def _header_keys(header: list[str], line: int, name: str,
                 mapping: dict[str, str]) -> list[str | None]:
    """Field or normalised name per column (None where the header cell is empty).

    A column named by the mapping feeds its field; a column whose own name is a field
    that the mapping takes from elsewhere is kept as an attribute. Stop on bad headers.
    """
    found = ", ".join(text for text in header if text)
    by_header = {_mapped_key(text): field for field, text in mapping.items()}
    keys: list[str | None] = []
    for text in header:
        if not text:
            keys.append(None)
        elif (field := by_header.get(_mapped_key(text))) is not None:
            keys.append(field)
        elif (key := _normalise(text)) in mapping:
            keys.append(f"attribute:{key}")  # e.g. a stray 'team' column when team is mapped
        else:
            keys.append(key)
    problems: list[str] = [
        f"{name}:{line}: field '{field}' is mapped to column {_quote(text.strip())}, which is "
        f"not in the file (columns found: {found})"
        for field, text in mapping.items() if field not in keys
    ]
    first: dict[str, int] = {}
    for index, column_key in enumerate(keys):
        if column_key is None:
            continue
        if column_key in first:
            problems.append(
                f"{name}:{line}: column {_quote(header[index])} appears more than once "
                f"(columns {first[column_key] + 1} and {index + 1})"
            )
        else:
            first[column_key] = index
    for required in REQUIRED_COLUMNS:
        if required not in first and required not in mapping:
            problems.append(
                f"{name}:{line}: missing required column '{required}' (columns found: {found})"
            )
    if problems:
        raise CaseListError(problems)
    return keys


def _opened_on(cell: Cell) -> tuple[datetime.date | None, str | None]:
    """Parse ISO or UK day-first dates only: 02/03/2024 is always 2 March, never 3 February."""
    if isinstance(cell, datetime.date):
        day = cell
    else:
        text = _text(cell)
        if match := _ISO_DATE.fullmatch(text):
            year, month, dom = match.groups()
        elif match := _UK_DATE.fullmatch(text):
            dom, month, year = match.groups()
        else:
            return None, f"{_quote(text)} is not a date ({DATE_HINT})"
        try:
            day = datetime.date(int(year), int(month), int(dom))
        except ValueError:
            return None, f"{_quote(text)} is not a date ({DATE_HINT})"
    if day > datetime.date.today():
        return None, f"'{day.isoformat()}' is in the future"
    return day, None


def _check_required(field: str, value: str, limit: int) -> str | None:
    if not value:
        return f"{field}: required value is empty"
    if len(value) > limit:
        return f"{field}: is {len(value)} characters long (at most {limit})"
    return None


def _parse(rows: Iterator[tuple[int, list[Cell]]], name: str,
           mapping: dict[str, str]) -> list[CaseRow]:
    """Validate every row, collecting all problems, so one failed import shows them all."""
    header: list[str] = []
    header_line = 0
    for header_line, cells in rows:  # noqa: B007 - the header's line is used below
        if header := _texts(cells):
            break
    if not header:
        raise CaseListError([f"{name}: no cases found"])
    keys = _header_keys(header, header_line, name, mapping)

    problems: list[str] = []
    cases: list[CaseRow] = []
    seen: dict[str, int] = {}
    unnamed: dict[int, int] = {}  # column index -> first line with a value in it
    count = 0
    for line, cells in rows:
        if not (texts := _texts(cells)):
            continue
        count += 1
        if count > MAX_ROWS:
            raise CaseListError([f"{name}: more than {MAX_ROWS:,} cases; split the file"])
        if len(texts) > len(header):
            problems.append(f"{name}:{line}: row has {len(texts)} values but the header "
                            f"has {len(header)} columns")
            continue
        fields: dict[str, str] = {}
        attributes: dict[str, str] = {}
        for index, text in enumerate(texts):
            key = keys[index]
            if not text:
                continue
            if key is None:
                unnamed.setdefault(index, line)
            elif key in KNOWN_COLUMNS:
                fields[key] = text
            else:
                attributes[header[index]] = text

        row_problems: list[str] = []
        case_ref = fields.get("case_ref", "")
        team = fields.get("team", "")
        if message := _check_required("case_ref", case_ref, MAX_CASE_REF):
            row_problems.append(message)
        elif any(unicodedata.category(ch) == "Cc" for ch in case_ref):
            row_problems.append("case_ref: contains a control character")
        elif case_ref in seen:
            row_problems.append(f"case_ref: '{case_ref}' also appears on line {seen[case_ref]}")
        else:
            seen[case_ref] = line
        if message := _check_required("team", team, MAX_TEAM):
            row_problems.append(message)
        opened_on: datetime.date | None = None
        if "opened_on" in fields:
            opened_on, message = _opened_on(cells[keys.index("opened_on")])
            if message:
                row_problems.append(f"opened_on: {message}")
        if row_problems:
            problems.extend(f"{name}:{line}: {problem}" for problem in row_problems)
            continue
        cases.append(CaseRow(
            line=line, case_ref=case_ref, team=team, worker=fields.get("worker"),
            manager=fields.get("manager"), cohort=fields.get("cohort"),
            child_pseudonym=fields.get("child_pseudonym"), opened_on=opened_on,
            attributes=attributes,
        ))

    problems[:0] = [
        f"{name}:{header_line}: column {index + 1} has no header but holds values "
        f"(first on line {first})"
        for index, first in sorted(unnamed.items())
    ]
    if problems:
        raise CaseListError(problems)
    if not cases:
        raise CaseListError([f"{name}: no cases found"])
    return cases


# Header texts case-management exports commonly use for each field, tried in order.
COMMON_HEADERS: dict[str, tuple[str, ...]] = {
    "case_ref": ("case ref", "case reference", "case id", "case number", "person id"),
    "team": ("allocated team", "team name", "team"),
    "worker": ("allocated worker", "social worker", "worker"),
    "manager": ("team manager", "manager"),
    "cohort": ("legal status", "cohort", "category"),
    "child_pseudonym": ("child id (pseudonym)", "child pseudonym", "pseudonym"),
    "opened_on": ("date opened", "opened on", "open date", "start date"),
}


def preview_case_list(path: Path, rows: int = 5) -> tuple[list[str], list[list[str]]]:
    """The header and the first few rows as text, for a person to map columns by eye."""
    name = str(path)
    source = _rows_of(path, name)
    header: list[str] = []
    body: list[list[str]] = []
    try:
        for _line, cells in source:
            texts = _texts(cells)
            if not texts:
                continue
            if not header:
                header = texts
            else:
                body.append(texts)
            if len(body) >= rows:
                break
    finally:
        source.close()
    if not header:
        raise CaseListError([f"{name}: no cases found"])
    return header, body


def guess_mapping(headers: list[str], saved: dict[str, dict[str, str]] | None = None
                  ) -> tuple[dict[str, str], str | None]:
    """A starting mapping: a saved one whose headers are all here, else common names.

    Returns the mapping and the name of the saved mapping used, if any.
    """
    present = {h.strip().casefold(): h for h in headers}
    for mapping_name, mapping in (saved or {}).items():
        if mapping and all(h.strip().casefold() in present for h in mapping.values()):
            return dict(mapping), mapping_name
    guess: dict[str, str] = {}
    for field, names in COMMON_HEADERS.items():
        for candidate in (field, *names):
            if candidate in present:
                guess[field] = present[candidate]
                break
    return guess, None
