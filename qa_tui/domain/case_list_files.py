"""Reading a case list file's rows within bounds, whatever the file holds.

Split from `case_list` so the defences against an oversized or hostile file sit in one
place, apart from what the rows mean. Reading is bounded: a CSV over `MAX_FILE_BYTES`
is refused before it is read, and an XLSX is checked from its zip directory and a
streaming scan of its XML (sizes, compression ratio, rows, cells) before openpyxl
parses a byte of it, so a zip bomb is refused in a moment and in little memory.
"""

from __future__ import annotations

import csv
import datetime
import io
import warnings
import zipfile
from collections.abc import Generator
from pathlib import Path
from typing import Any

from qa_tui.domain.errors import CaseListError

MAX_ROWS = 200_000  # cases in one file
MAX_LINES = 250_000  # rows of a sheet or CSV records, blank ones included
MAX_COLUMNS = 200
MAX_CELLS = 20_000_000  # cells of a sheet, empty ones included
MAX_FILE_BYTES = 128 * 2**20  # a CSV file; each part of an XLSX, uncompressed
MAX_XLSX_BYTES = 256 * 2**20  # all the parts of an XLSX together, uncompressed
MAX_RATIO = 200  # uncompressed / compressed for a part over 1 MB
MAX_PARTS = 10_000  # files inside an XLSX
MAX_ROW_CELLS = 16_384  # cell elements in one sheet row (Excel's columns)
MAX_SHARED_STRINGS = 2_000_000

_EDGE_SPACE = " \t\r\n"  # trimmed before checking; any other control is refused

# A cell as the readers hand it over: text, a date (XLSX date cells only) or nothing.
Cell = str | datetime.date | None
Rows = Generator[tuple[int, list[Cell]], None, None]


def rows_of(path: Path, name: str) -> tuple[Rows, bool]:
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
    return CaseListError(
        [
            f"{name}: more than {MAX_LINES:,} rows (at most {MAX_ROWS:,} cases "
            f"a file); split the file"
        ]
    )


def _csv_rows(path: Path, name: str) -> Rows:
    """Yield (physical line the record starts on, cells): quoted newlines must not skew lines."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CaseListError(
                [
                    f"{name}: the file is {_megabytes(size)} (at most "
                    f"{_megabytes(MAX_FILE_BYTES)}); split it"
                ]
            )
        data = path.read_bytes()
    except OSError as exc:
        raise CaseListError([f"{name}: cannot read file: {exc.strerror or exc}"]) from None
    return csv_rows_of(data, name)


def csv_rows_of(data: bytes, name: str) -> Rows:
    """A CSV's rows from bytes already read (standard input: at most `MAX_FILE_BYTES`,
    and one byte more to tell that it was longer)."""
    if len(data) > MAX_FILE_BYTES:
        raise CaseListError([f"{name}: more than {_megabytes(MAX_FILE_BYTES)}; split it"])
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
                raise CaseListError(
                    [f"{self.name}:{self.rows}: the row has cells beyond Excel's last column, XFD"]
                )
            if self.cells + self.width > MAX_CELLS:
                raise self.too_many_cells()
        elif tag == "row" or tag[-4:] == ":row":
            self.end_row()
            self.rows += 1
            number = attributes.get("r", "")
            if (
                self.rows > MAX_LINES
                or len(number) > 7
                or (number.isdigit() and int(number) > MAX_LINES)
            ):
                raise _too_many_lines(self.name)
        elif tag == "si" or tag[-3:] == ":si":
            self.strings += 1
            if self.strings > MAX_SHARED_STRINGS:
                raise CaseListError(
                    [
                        f"{self.name}: more than {MAX_SHARED_STRINGS:,} different "
                        f"texts in the workbook; split the file"
                    ]
                )

    def end_row(self) -> None:
        self.cells += self.width
        self.row_cells = self.width = 0

    def too_many_cells(self) -> CaseListError:
        return CaseListError(
            [
                f"{self.name}: more than {MAX_CELLS:,} cells (counting the "
                f"empty ones up to each row's last) in {self.part}; split the "
                f"file or delete the columns beyond the data"
            ]
        )

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
                raise CaseListError(
                    [
                        f"{name}: {part.filename} is {_megabytes(part.file_size)} uncompressed "
                        f"(at most {_megabytes(MAX_FILE_BYTES)} a part, "
                        f"{_megabytes(MAX_XLSX_BYTES)} in all); save the sheet as CSV or "
                        f"split it"
                    ]
                )
            ratio = part.file_size // max(part.compress_size, 1)
            if part.file_size > 2**20 and ratio > MAX_RATIO:
                raise CaseListError(
                    [
                        f"{name}: {part.filename} expands {ratio:,} times when "
                        f"unzipped (at most {MAX_RATIO}: a zip bomb?); not read"
                    ]
                )
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
        sheet.reset_dimensions()
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_LINES:
                raise _too_many_lines(name)
            cells_left -= len(values)
            if cells_left < 0:
                raise CaseListError([f"{name}: more than {MAX_CELLS:,} cells; split the file"])
            if len(values) > MAX_COLUMNS:
                beyond = [
                    n
                    for n, value in enumerate(values[MAX_COLUMNS:], MAX_COLUMNS + 1)
                    if value not in (None, "")
                ]
                if beyond:
                    raise CaseListError(
                        [
                            f"{name}:{number}: a value in column {beyond[0]:,} "
                            f"(at most {MAX_COLUMNS} columns)"
                        ]
                    )
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


def cell_text(cell: Cell) -> str:
    """A cell's text without surrounding spaces, tabs and line ends (other controls stay,
    to be refused)."""
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return (cell or "").strip(_EDGE_SPACE)


def cell_texts(cells: list[Cell]) -> list[str]:
    """Trimmed cell texts without trailing empties, which are padding rather than data."""
    texts = [cell_text(cell) for cell in cells]
    while texts and not texts[-1]:
        texts.pop()
    return texts
