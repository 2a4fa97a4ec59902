"""Which column of a case list feeds which field: the column mapping and the header.

Split from `case_list` so everything about matching a file's own header texts to
qa-tui's fields sits together: checking a mapping before a file is read, guessing one
from common header names, checking the header row against it, and finding the columns
that look like direct identifiers (`identifiers`) and are to be left out unless kept.
A column mapped to a field is never dropped.
"""

from __future__ import annotations

import re

from qa_tui.domain.case_list_files import MAX_COLUMNS, Cell, cell_texts
from qa_tui.domain.errors import CaseListError
from qa_tui.domain.identifiers import IdentifyingColumn, identifier_reason
from qa_tui.domain.text import imported_text_problem

MAX_HEADER = 200  # a column's name
KNOWN_COLUMNS = ("case_ref", "team", "worker", "manager", "cohort", "child_pseudonym", "opened_on")
REQUIRED_COLUMNS = ("case_ref", "team")

_HEADER_SPACE = re.compile(r"[\t\r\n]+")


def check_mapping(mapping: dict[str, str]) -> list[str]:
    """Problems with a field -> header mapping itself, before any file is read."""
    problems: list[str] = []
    known = ", ".join(KNOWN_COLUMNS)
    used: dict[str, str] = {}
    for field, header in mapping.items():
        if field not in KNOWN_COLUMNS:
            problems.append(
                f"unknown field {quote(field)} in the column mapping (known fields: {known})"
            )
            continue
        key = _mapped_key(header)
        if not key:
            problems.append(f"field '{field}' is mapped to an empty column name")
        elif key in used:
            problems.append(
                f"column {quote(header.strip())} is mapped to both '{used[key]}' and '{field}'"
            )
        else:
            used[key] = field
    return problems


def quote(text: str) -> str:
    """Quote a value for a message without letting control characters or a novel through."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in text[:40])
    return f"'{shown}{'...' if len(text) > 40 else ''}'"


def _normalise(header: str) -> str:
    """`case_ref` matches ' Case_Ref ' and 'case-ref'; names are otherwise taken as written."""
    return header.strip().lower().replace("-", "_")


def _mapped_key(header: str) -> str:
    """How a mapped header is compared: trimmed, case ignored, nothing else changed."""
    return header.strip().casefold()


def header_texts(cells: list[Cell]) -> list[str]:
    """Header names on one line: a line break or tab inside a header cell is a space."""
    return [_HEADER_SPACE.sub(" ", text).strip() for text in cell_texts(cells)]


def header_problems(header: list[str], line: int, name: str) -> list[str]:
    problems: list[str] = []
    if len(header) > MAX_COLUMNS:
        problems.append(
            f"{name}:{line}: the header has {len(header)} columns (at most {MAX_COLUMNS})"
        )
    for index, text in enumerate(header[:MAX_COLUMNS]):
        if problem := imported_text_problem(text):
            problems.append(f"{name}:{line}: header of column {index + 1}: {problem}")
        elif len(text) > MAX_HEADER:
            problems.append(
                f"{name}:{line}: header of column {index + 1}: is {len(text)} "
                f"characters long (at most {MAX_HEADER})"
            )
    return problems


def _columns_found(header: list[str]) -> str:
    names = [text for text in header if text]
    shown = ", ".join(names[:30])
    return shown + (f", ... ({len(names)} columns)" if len(names) > 30 else "")


def header_keys(
    header: list[str], line: int, name: str, mapping: dict[str, str]
) -> list[str | None]:
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
        f"{name}:{line}: field '{field}' is mapped to column {quote(text.strip())}, which is "
        f"not in the file (columns found: {found})"
        for field, text in mapping.items()
        if field not in keys
    ]
    first: dict[str, int] = {}
    for index, column_key in enumerate(keys):
        if column_key is None:
            continue
        if column_key in first:
            problems.append(
                f"{name}:{line}: column {quote(header[index])} appears more than once "
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


def guess_mapping(
    headers: list[str], saved: dict[str, dict[str, str]] | None = None
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


def identifying_columns(
    header: list[str], mapping: dict[str, str] | None = None
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


def drop_identifying(
    header: list[str], keys: list[str | None], keep_columns: list[str], line: int, name: str
) -> tuple[list[IdentifyingColumn], list[str], set[int]]:
    """(columns dropped, columns kept although identifying, indexes of the dropped)."""
    keep = {_mapped_key(text): text for text in keep_columns if text.strip()}
    present = {_mapped_key(text) for text in header if text}
    missing = [text for key, text in keep.items() if key not in present]
    if missing:
        raise CaseListError(
            [
                f"{name}:{line}: column {quote(text.strip())} is to be kept but is not in the "
                f"file (columns found: {_columns_found(header)})"
                for text in missing
            ]
        )
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
