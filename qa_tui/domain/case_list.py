"""Reading a case list (CSV or XLSX) into validated `CaseRow`s, or every problem at once.

Case lists are exported by hand from case management systems and spreadsheets, so the
reader is forgiving about encodings, line endings and trailing empty cells, but strict
about what it keeps: a file with any bad row yields nothing, and the user gets a
`file:line: field: problem` line for each fault so they can fix them all in one pass.
Messages quote case references and dates but never worker or child details.

Every field (header names and attributes too) is refused if it holds a control
character, a Unicode noncharacter or a lone surrogate, or is longer than its limit
(`LIMITS`). A CSV row must have as many fields as the header. Reading is bounded: a CSV
over `MAX_FILE_BYTES` is refused before it is read, and an XLSX is checked from its zip
directory and a streaming scan of its XML (sizes, compression ratio, rows, cells) before
openpyxl parses a byte of it, so a zip bomb is refused in a moment and in little memory.

Columns that look like direct identifiers of a child or family (names, dates of birth,
addresses and postcodes, NHS, National Insurance and pupil numbers, phone numbers,
email addresses) are not kept unless the importer names them in `keep_columns`; the
result says which were dropped and why. A column mapped to a field is never dropped.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_tui.domain.errors import CaseListError
from qa_tui.domain.text import imported_text_problem

MAX_ROWS = 200_000                   # cases in one file
MAX_LINES = 250_000                  # rows of a sheet or CSV records, blank ones included
MAX_COLUMNS = 200
MAX_CELLS = 20_000_000               # cells of a sheet, empty ones included
MAX_FILE_BYTES = 128 * 2**20         # a CSV file; each part of an XLSX, uncompressed
MAX_XLSX_BYTES = 256 * 2**20         # all the parts of an XLSX together, uncompressed
MAX_RATIO = 200                      # uncompressed / compressed for a part over 1 MB
MAX_PARTS = 10_000                   # files inside an XLSX
MAX_ROW_CELLS = 16_384               # cell elements in one sheet row (Excel's columns)
MAX_SHARED_STRINGS = 2_000_000
MAX_CASE_REF = 64
MAX_NAME = 200                       # team, worker, manager, cohort, pseudonym
MAX_ATTRIBUTE = 1_000                # any other column's value
MAX_HEADER = 200                     # a column's name
KNOWN_COLUMNS = ("case_ref", "team", "worker", "manager", "cohort", "child_pseudonym", "opened_on")
REQUIRED_COLUMNS = ("case_ref", "team")
LIMITS = {"case_ref": MAX_CASE_REF, "team": MAX_NAME, "worker": MAX_NAME, "manager": MAX_NAME,
          "cohort": MAX_NAME, "child_pseudonym": MAX_NAME}
DATE_HINT = "use YYYY-MM-DD or DD/MM/YYYY"

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)
_HEADER_SPACE = re.compile(r"[\t\r\n]+")
_EDGE_SPACE = " \t\r\n"  # trimmed before checking; any other control is refused

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


@dataclass(frozen=True)
class IdentifyingColumn:
    """A column that looks like a direct identifier, and what it looks like."""

    header: str
    reason: str  # e.g. "a date of birth"


class CaseList(list[CaseRow]):
    """The rows of a case list, with the identifying columns left out (`dropped`) and
    those the importer chose to keep (`kept`, by their header text)."""

    def __init__(self, rows: Iterable[CaseRow] = (),
                 dropped: Iterable[IdentifyingColumn] = (), kept: Iterable[str] = ()):
        super().__init__(rows)
        self.dropped = list(dropped)
        self.kept = list(kept)


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


def read_case_list(path: Path, mapping: dict[str, str] | None = None,
                   keep_columns: Iterable[str] = ()) -> CaseList:
    """Read and validate a whole case list, raising `CaseListError` with every problem found.

    `mapping` takes a qa-tui field to the file's own header text ({"case_ref": "Case Ref"});
    mapped headers match after trimming, ignoring case. Fields not mapped are still found
    under their own names, and every other column is kept as an attribute, except those
    that look like direct identifiers and are not named in `keep_columns`.
    """
    name = str(path)
    mapping = dict(mapping or {})
    if problems := check_mapping(mapping):
        raise CaseListError([f"{name}: {problem}" for problem in problems])
    rows, strict_width = _rows_of(path, name)
    try:
        return _parse(rows, name, mapping, list(keep_columns), strict_width)
    finally:
        rows.close()  # releases the workbook if we stopped early


def _rows_of(path: Path, name: str) -> tuple[Rows, bool]:
    """The file's rows by its type, and whether every row must be as wide as the header
    (CSV: a short or long row means a lost or extra delimiter; XLSX cells are placed)."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _csv_rows(path, name), True
    if suffix == ".xlsx":
        return _xlsx_rows(path, name), False
    raise CaseListError([f"{name}: unsupported file type '{path.suffix}' (use .csv or .xlsx)"])


def _decode(data: bytes) -> str:
    """UTF-8 (BOM optional), else Windows' cp1252, else latin-1, which decodes any byte."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1")


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def _too_many_lines(name: str) -> CaseListError:
    return CaseListError([f"{name}: more than {MAX_LINES:,} rows (at most {MAX_ROWS:,} cases "
                          f"a file); split the file"])


def _csv_rows(path: Path, name: str) -> Rows:
    """Yield (physical line the record starts on, cells): quoted newlines must not skew lines."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CaseListError([f"{name}: the file is {_megabytes(size)} (at most "
                                 f"{_megabytes(MAX_FILE_BYTES)}); split it"])
        data = path.read_bytes()
    except OSError as exc:
        raise CaseListError([f"{name}: cannot read file: {exc.strerror or exc}"]) from None
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    del data
    start = 1
    try:
        for count, cells in enumerate(reader, start=1):
            if count > MAX_LINES:
                raise _too_many_lines(name)
            yield start, list(cells)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CaseListError([f"{name}:{start}: not readable as CSV ({exc})"]) from None


def _not_xlsx(name: str) -> CaseListError:
    return CaseListError([f"{name}: not a readable XLSX workbook"])


class _XmlScan:
    """Counts what openpyxl would build from one XML part, stopping at the first excess.

    Runs on expat callbacks, so it holds no elements: a part's size is all it reads.
    openpyxl makes each row as wide as its last cell's column, so a sheet's cells are
    counted that way: one empty cell in column XFD costs 16,384.
    """

    def __init__(self, name: str, part: str):
        self.name, self.part = name, part
        self.rows = self.row_cells = self.width = self.strings = 0
        self.cells = 0  # the row widths of the rows before this one

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        # Names as written (no namespace processing, which costs a third of the time):
        # `c` or `x:c`. An element of another namespace is counted too, which only errs
        # on the side of refusing.
        if tag == "c" or tag[-2:] == ":c":
            self.row_cells += 1
            reference = attributes.get("r")
            column = _column_number(reference) if reference else self.width + 1
            if column > self.width:
                self.width = column
            if self.row_cells > MAX_ROW_CELLS or column > MAX_ROW_CELLS:
                raise CaseListError([f"{self.name}:{self.rows}: the row has cells beyond "
                                     f"Excel's last column, XFD"])
            if self.cells + self.width > MAX_CELLS:
                raise self.too_many_cells()
        elif tag == "row" or tag[-4:] == ":row":
            self.end_row()
            self.rows += 1
            number = attributes.get("r", "")
            if self.rows > MAX_LINES or len(number) > 7 or (
                    number.isdigit() and int(number) > MAX_LINES):
                raise _too_many_lines(self.name)
        elif tag == "si" or tag[-3:] == ":si":
            self.strings += 1
            if self.strings > MAX_SHARED_STRINGS:
                raise CaseListError([f"{self.name}: more than {MAX_SHARED_STRINGS:,} different "
                                     f"texts in the workbook; split the file"])

    def end_row(self) -> None:
        self.cells += self.width
        self.row_cells = self.width = 0

    def too_many_cells(self) -> CaseListError:
        return CaseListError([f"{self.name}: more than {MAX_CELLS:,} cells (counting the "
                              f"empty ones up to each row's last) in {self.part}; split the "
                              f"file or delete the columns beyond the data"])

    def refuse_dtd(self, *_args: Any) -> None:
        raise _not_xlsx(self.name)  # a workbook's XML never declares a DTD or entities


_COLUMN_NUMBERS: dict[str, int] = {}


def _column_number(reference: str) -> int:
    """'B7' -> 2; anything unreadable counts as beyond the last column."""
    letters = reference.rstrip("0123456789")
    number = _COLUMN_NUMBERS.get(letters)
    if number is None:
        number = 0
        if 1 <= len(letters) <= 3 and letters.isascii() and letters.isalpha():
            for letter in letters.upper():
                number = number * 26 + ord(letter) - 64
        else:
            number = MAX_ROW_CELLS + 1
        if len(_COLUMN_NUMBERS) < 20_000:
            _COLUMN_NUMBERS[letters] = number
    return number


def check_xlsx_package(path: Path, name: str) -> None:
    """Refuse a workbook that would take openpyxl long or much memory, before it parses it.

    First the zip directory (declared sizes, which Python's zipfile enforces while it
    inflates, and compression ratios), then one streaming pass over each XML part.
    """
    import xml.parsers.expat

    try:
        archive = zipfile.ZipFile(path)
    except OSError as exc:
        raise CaseListError([f"{name}: cannot read file: {exc.strerror or exc}"]) from None
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise _not_xlsx(name) from None
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _not_xlsx(name)
        total = 0
        for part in parts:
            total += part.file_size
            if part.file_size > MAX_FILE_BYTES or total > MAX_XLSX_BYTES:
                raise CaseListError([
                    f"{name}: {part.filename} is {_megabytes(part.file_size)} uncompressed "
                    f"(at most {_megabytes(MAX_FILE_BYTES)} a part, "
                    f"{_megabytes(MAX_XLSX_BYTES)} in all); save the sheet as CSV or "
                    f"split it"])
            ratio = part.file_size // max(part.compress_size, 1)
            if part.file_size > 2**20 and ratio > MAX_RATIO:
                raise CaseListError([f"{name}: {part.filename} expands {ratio:,} times when "
                                     f"unzipped (at most {MAX_RATIO}: a zip bomb?); not read"])
        for part in parts:
            if not part.filename.lower().endswith((".xml", ".rels")):
                continue
            scan = _XmlScan(name, part.filename)
            parser = xml.parsers.expat.ParserCreate()
            parser.StartElementHandler = scan.start
            parser.StartDoctypeDeclHandler = scan.refuse_dtd
            parser.EntityDeclHandler = scan.refuse_dtd
            try:
                with archive.open(part) as stream:
                    while chunk := stream.read(2**20):
                        parser.Parse(chunk, False)
                parser.Parse(b"", True)
            except CaseListError:
                raise
            except Exception:  # bad XML, a bad CRC, an unsupported compression...
                raise _not_xlsx(name) from None


def _xlsx_rows(path: Path, name: str) -> Rows:
    """Yield (sheet row number, cells) from the first worksheet, never a raw openpyxl error.

    The sheet's own claim about its size (`<dimension>`) is ignored: openpyxl would pad
    every row to it, so a tiny file could claim millions of empty cells. Rows come as the
    sheet holds them, within MAX_LINES rows, MAX_COLUMNS columns and MAX_CELLS cells.
    """
    check_xlsx_package(path, name)
    import openpyxl  # imported here: it is slow to load and most start-ups never need it

    try:
        with warnings.catch_warnings():  # openpyxl warns about features it ignores
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise CaseListError([f"{name}: cannot read file: {exc.strerror or exc}"]) from None
    except Exception:  # a damaged or mislabelled file fails in many library-specific ways
        raise _not_xlsx(name) from None
    cells_left = MAX_CELLS
    try:
        sheets = workbook.worksheets
        if not sheets:
            return
        sheet = sheets[0]
        sheet.reset_dimensions()  # type: ignore[union-attr]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_LINES:
                raise _too_many_lines(name)
            cells_left -= len(values)
            if cells_left < 0:
                raise CaseListError([f"{name}: more than {MAX_CELLS:,} cells; split the file"])
            if len(values) > MAX_COLUMNS:
                beyond = [n for n, value in enumerate(values[MAX_COLUMNS:], MAX_COLUMNS + 1)
                          if value not in (None, "")]
                if beyond:
                    raise CaseListError([f"{name}:{number}: a value in column {beyond[0]:,} "
                                         f"(at most {MAX_COLUMNS} columns)"])
                values = values[:MAX_COLUMNS]
            yield number, [_xlsx_cell(value) for value in values]
    except CaseListError:
        raise
    except Exception:  # damage inside a sheet surfaces only as rows are read
        raise _not_xlsx(name) from None
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
    """A cell's text without surrounding spaces, tabs and line ends (other controls stay,
    to be refused)."""
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return (cell or "").strip(_EDGE_SPACE)


def _texts(cells: list[Cell]) -> list[str]:
    """Trimmed cell texts without trailing empties, which are padding rather than data."""
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


def _header_texts(cells: list[Cell]) -> list[str]:
    """Header names on one line: a line break or tab inside a header cell is a space."""
    return [_HEADER_SPACE.sub(" ", text).strip() for text in _texts(cells)]


def _header_problems(header: list[str], line: int, name: str) -> list[str]:
    problems: list[str] = []
    if len(header) > MAX_COLUMNS:
        problems.append(f"{name}:{line}: the header has {len(header)} columns "
                        f"(at most {MAX_COLUMNS})")
    for index, text in enumerate(header[:MAX_COLUMNS]):
        if problem := imported_text_problem(text):
            problems.append(f"{name}:{line}: header of column {index + 1}: {problem}")
        elif len(text) > MAX_HEADER:
            problems.append(f"{name}:{line}: header of column {index + 1}: is {len(text)} "
                            f"characters long (at most {MAX_HEADER})")
    return problems


def _columns_found(header: list[str]) -> str:
    names = [text for text in header if text]
    shown = ", ".join(names[:30])
    return shown + (f", ... ({len(names)} columns)" if len(names) > 30 else "")


def _header_keys(header: list[str], line: int, name: str,
                 mapping: dict[str, str]) -> list[str | None]:
    """Field or normalised name per column (None where the header cell is empty).

    A column named by the mapping feeds its field; a column whose own name is a field
    that the mapping takes from elsewhere is kept as an attribute. Stop on bad headers.
    """
    found = _columns_found(header)
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
        text = _text(cell).strip()
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


def _value_problem(field: str, value: str, limit: int, *, multiline: bool = False) -> str | None:
    """Why an imported value cannot be kept: a control character, or too long."""
    if problem := imported_text_problem(value, multiline=multiline):
        return f"{field}: {problem}"
    if len(value) > limit:
        return f"{field}: is {len(value):,} characters long (at most {limit:,})"
    return None


def _parse(rows: Iterator[tuple[int, list[Cell]]], name: str, mapping: dict[str, str],
           keep_columns: list[str], strict_width: bool) -> CaseList:
    """Validate every row, collecting all problems, so one failed import shows them all."""
    header: list[str] = []
    header_line = width = 0
    for header_line, cells in rows:  # noqa: B007 - the header's line is used below
        if header := _header_texts(cells):
            width = len(cells) if strict_width else len(header)
            break
    if not header:
        raise CaseListError([f"{name}: no cases found"])
    if problems := _header_problems(header, header_line, name):
        raise CaseListError(problems)
    keys = _header_keys(header, header_line, name, mapping)
    keys += [None] * (width - len(keys))  # a CSV header's trailing empty cells
    dropped, kept, skipped = _identifying(header, keys, keep_columns, header_line, name)

    problems = []
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
        if strict_width and len(cells) != width:
            problems.append(f"{name}:{line}: row has {len(cells)} field"
                            f"{'' if len(cells) == 1 else 's'}, the header has {width}")
            continue
        if len(texts) > width:
            problems.append(f"{name}:{line}: a value in column {len(texts)}, but the header "
                            f"has {width} columns")
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
                if message := _value_problem(_quote(header[index]), text, MAX_ATTRIBUTE,
                                             multiline=True):
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
                row_problems.append(f"case_ref: '{value.strip()}' also appears on line "
                                    f"{seen[value.strip()]}")
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
        cases.append(CaseRow(
            line=line, case_ref=values["case_ref"], team=values["team"],
            worker=values["worker"] or None, manager=values["manager"] or None,
            cohort=values["cohort"] or None,
            child_pseudonym=values["child_pseudonym"] or None, opened_on=opened_on,
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
    return CaseList(cases, dropped, kept)


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
    """The header and the first few rows as text, for a person to map columns by eye.

    The header is checked as an import would check it; the rows are as the file has
    them, to be shown escaped (`for_terminal`), never acted on.
    """
    name = str(path)
    source, _strict = _rows_of(path, name)
    header: list[str] = []
    header_line = 0
    body: list[list[str]] = []
    try:
        for line, cells in source:
            if not header:
                header, header_line = _header_texts(cells), line
                continue
            if texts := _texts(cells):
                body.append(texts)
            if len(body) >= rows:
                break
    finally:
        source.close()
    if not header:
        raise CaseListError([f"{name}: no cases found"])
    if problems := _header_problems(header, header_line, name):
        raise CaseListError(problems)
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


# -- direct identifiers -----------------------------------------------------------------
#
# A header is compared as words: Unicode-normalised, case folded, apostrophes dropped
# ("Child's" -> "childs"), split at anything but letters and digits and at camelCase
# ("DateOfBirth"), runs of single letters joined ("D.O.B." -> "dob"). Staff and teams are
# not children: "Worker Name", "Team name" and "Manager" stay.

NAME = "a person's name"
BIRTH = "a date of birth"
ADDRESS = "an address or postcode"
NHS = "an NHS number"
NATIONAL_INSURANCE = "a National Insurance number"
PUPIL = "a pupil or learner number (UPN, ULN)"
PHONE = "a phone number"
EMAIL = "an email address"

_NUMBER_WORDS = {"number", "numbers", "no", "nos", "num", "nbr", "nr", "id", "ref",
                 "reference", "identifier"}
_NAME_WORDS = {"name", "names", "forename", "forenames", "surname", "surnames",
               "firstname", "firstnames", "lastname", "lastnames", "fullname", "givenname",
               "givennames", "familyname", "middlename", "middlenames", "nickname",
               "maidenname", "preferredname", "childname", "childsname", "alias", "aliases",
               "aka"}
# Words that make a name column someone's or something's other than a child's or family's.
_NOT_A_CHILD = {"worker", "workers", "socialworker", "manager", "managers", "team", "teams",
                "practitioner", "practitioners", "supervisor", "auditor", "officer", "iro",
                "sw", "staff", "keyworker", "caseworker", "lead", "school", "schools",
                "agency", "service", "services", "provider", "organisation", "organization",
                "setting", "user", "username", "file", "filename", "programme", "rubric",
                "pseudonym", "pseudonymised", "pseudonymized", "locality", "area", "office",
                "unit", "trust", "hospital", "gp", "surgery", "court", "authority", "la"}
_PHONE_WORDS = {"phone", "phones", "telephone", "telephones", "tel", "mobile", "mobiles",
                "landline", "cellphone", "phoneno", "telno", "mobileno"}
_ADDRESS_WORDS = {"address", "addresses", "addr", "postcode", "postcodes", "zipcode", "zip",
                  "street", "homeaddress"}


def _split_words(text: str) -> list[str]:
    """Case-folded words without apostrophes; a run of single letters is one word."""
    words: list[str] = []
    letters: list[str] = []
    for word in [*re.split(r"[\W_]+", re.sub(r"['’‘`]", "", text.casefold())), ""]:
        if len(word) == 1:
            letters.append(word)
            continue
        if letters:
            words.append("".join(letters))
            letters = []
        if word:
            words.append(word)
    return words


def _header_words(header: str) -> tuple[set[str], list[str], str]:
    """A header's words as compared: as a set (split at camelCase too, and not), in order
    (split at camelCase), and all run together."""
    text = unicodedata.normalize("NFKC", header)
    camel = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", text)
    ordered = _split_words(camel)
    plain = _split_words(text)
    return set(ordered) | set(plain), ordered, "".join(plain)


def _follows(ordered: list[str], first: set[str], second: set[str]) -> bool:
    return any(a in first and b in second for a, b in itertools.pairwise(ordered))


def identifier_reason(header: str) -> str | None:
    """What a column looks like if its header names a direct identifier of a child or
    family member (`"a date of birth"`), else None."""
    words, ordered, joined = _header_words(header)
    numbered = bool(words & _NUMBER_WORDS)
    if words & {"email", "emails", "emailaddress"} or "email" in joined \
            or _follows(ordered, {"e"}, {"mail"}):
        return EMAIL
    if words & {"dob", "dobs", "birthdate", "birthdates", "birthday", "dateofbirth"} \
            or "dateofbirth" in joined or "birthdate" in joined \
            or ("birth" in words and words & {"date", "dates", "day"}):
        return BIRTH
    if ("nhs" in words and (numbered or ordered == ["nhs"])) or "nhsnumber" in joined \
            or joined in ("nhsno", "nhsnum"):
        return NHS
    if {"national", "insurance"} <= words or "nationalinsurance" in joined \
            or words & {"nino", "ninumber"} or ("ni" in words and numbered):
        return NATIONAL_INSURANCE
    if words & {"upn", "upns", "uln", "ulns"} or "pupilnumber" in joined \
            or (words & {"pupil", "learner"} and numbered):
        return PUPIL
    if words & _PHONE_WORDS or "phone" in joined or "contactnumber" in joined \
            or ("contact" in words and numbered):
        return PHONE
    if words & _ADDRESS_WORDS or "address" in joined or "postcode" in joined \
            or _follows(ordered, {"post", "postal", "zip"}, {"code", "codes"}):
        return ADDRESS
    if (words & _NAME_WORDS or _follows(ordered, {"known"}, {"as"})) \
            and not words & _NOT_A_CHILD:
        return NAME
    return None


def identifying_columns(header: list[str], mapping: dict[str, str] | None = None
                        ) -> list[IdentifyingColumn]:
    """The columns of `header` an import would leave out unless they are named to keep:
    those that look like direct identifiers and feed no field."""
    mapping = mapping or {}
    mapped = {_mapped_key(text) for text in mapping.values()}
    found: list[IdentifyingColumn] = []
    for text in header:
        if not text or _mapped_key(text) in mapped:
            continue
        if _normalise(text) in KNOWN_COLUMNS and _normalise(text) not in mapping:
            continue  # a field under its own name
        if reason := identifier_reason(text):
            found.append(IdentifyingColumn(text, reason))
    return found


def _identifying(header: list[str], keys: list[str | None], keep_columns: list[str],
                 line: int, name: str) -> tuple[list[IdentifyingColumn], list[str], set[int]]:
    """(columns dropped, columns kept although identifying, indexes of the dropped)."""
    keep = {_mapped_key(text): text for text in keep_columns if text.strip()}
    present = {_mapped_key(text) for text in header if text}
    missing = [text for key, text in keep.items() if key not in present]
    if missing:
        raise CaseListError([
            f"{name}:{line}: column {_quote(text.strip())} is to be kept but is not in the "
            f"file (columns found: {_columns_found(header)})" for text in missing])
    dropped: list[IdentifyingColumn] = []
    kept: list[str] = []
    skipped: set[int] = set()
    for index, text in enumerate(header):
        if keys[index] is None or keys[index] in KNOWN_COLUMNS:
            continue
        reason = identifier_reason(text)
        if reason is None:
            continue
        if _mapped_key(text) in keep:
            kept.append(text)
        else:
            dropped.append(IdentifyingColumn(text, reason))
            skipped.add(index)
    return dropped, kept, skipped
