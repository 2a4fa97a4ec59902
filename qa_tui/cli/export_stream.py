"""`qa-tui export grades` streamed: the records written as they are read, to stdout
or to `-o FILE` (written to a temporary file beside it and renamed at the end, so the
file is whole or not there, as `common.emit` does), with a progress bar on stderr
only when stderr is a terminal (a script's stderr stays quiet).

The formats themselves are exports/grades_stream.py's; the permission is the desk's,
asked by `grades_records` and `grades_counts` before anything is read.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import click

from qa_tui.exports.formats import XLSX_MAX_ROWS


@contextmanager
def output_file(output: str | None, *, binary: bool = False, bom: bool = False) -> Iterator[IO]:
    """A handle to write the export to: stdout (streamed), or a temporary file beside
    `output` renamed over it once everything is written and removed on any failure."""
    import tempfile

    if output is None or output == "-":
        if binary:  # a workbook is built whole in a temporary file, then copied out
            with tempfile.TemporaryFile() as spool:
                yield spool
                spool.seek(0)
                sys.stdout.flush()
                import shutil

                shutil.copyfileobj(spool, sys.stdout.buffer)
                sys.stdout.buffer.flush()
            return
        if bom:
            sys.stdout.write("\ufeff")
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(output)
    if target.is_dir():
        raise click.ClickException(f"{output}: is a folder; -o takes a file name")
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
    except OSError as exc:
        raise click.ClickException(f"{output}: cannot write ({exc.strerror})") from None
    try:
        if binary:
            handle: IO = os.fdopen(fd, "wb")
        else:
            encoding = "utf-8-sig" if bom else "utf-8"
            handle = os.fdopen(fd, "w", encoding=encoding, newline="", buffering=1 << 16)
        with handle:
            yield handle
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise click.ClickException(
            f"{output}: cannot write ({exc.strerror}); nothing was written"
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    click.echo(f"wrote {target}", err=True)


@contextmanager
def progress(records: Iterable[Any], total: int | None, what: str) -> Iterator[Iterable[Any]]:
    """The records, counted on a bar on stderr when it is a terminal; as they are
    otherwise."""
    if total is None or not sys.stderr.isatty():
        yield records
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        f"[progress.description]{what}",  # a constant: no stored text in markup
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        yield bar.track(records, total=total)


def stream_grades(
    desk: Any,
    filters: Any,
    fmt: str,
    output: str | None,
    *,
    with_evidence: bool,
    with_workers: bool,
    table: str = "answers",
    xlsx_limit: int = XLSX_MAX_ROWS,
) -> int:
    """Write the grades export in `fmt`; returns how many audits it holds."""
    from qa_tui.exports import grades_stream as write
    from qa_tui.exports.grades import grades_counts, grades_head, grades_records

    counts = None
    if fmt in ("xlsx", "md") or sys.stderr.isatty():  # one cheap query, before any work
        counts = grades_counts(desk, filters)
    if fmt == "xlsx":
        assert counts is not None
        write.check_xlsx_fits(counts, xlsx_limit)
    head = grades_head(filters, with_evidence, with_workers)
    records = grades_records(desk, filters, with_evidence, with_workers)
    total = None if counts is None else counts["audits"]
    with (  # the bar goes before "wrote FILE" is said
        output_file(output, binary=fmt == "xlsx", bom=fmt == "csv") as out,
        progress(records, total, "Exporting audits") as audits,
    ):
        if fmt == "json":
            return write.write_json(head, audits, out)
        if fmt == "ndjson":
            return write.write_ndjson(audits, out)
        if fmt == "csv":
            return write.write_csv(head, audits, out, table)
        if fmt == "md":
            assert counts is not None
            return write.write_markdown(head, audits, out, counts["statuses"])
        assert counts is not None
        return write.write_xlsx(head, audits, out, counts, xlsx_limit)
