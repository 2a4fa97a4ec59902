"""Time and peak memory of `qa-tui export grades` (JSON and CSV) beside a plain
streaming reference script measured in the same run, on a copy of a large database.

    python bench/export_grades.py /tmp/large.sqlite3 [--formats json csv] [--runs 1]

The database is copied first (the export opens it as qa-tui does; the original is
never written). Each command runs in its own child process; its peak memory is that
child's `ru_maxrss` (read through a small wrapper process, so one run's peak never
hides another's). The reference (`--reference FMT DB OUT`, below) uses sqlite3 only:
the same ordered queries, one per table, merged by audit id, one audit written at a
time. Printed: seconds and MiB for each, and the export's time as a ratio of the
reference's (goal 0.8x, must 1.0x; peak memory goal 50 MiB, must 100 MiB).
Run by hand, never in tests: the machine is shared and noisy, ratios hold, times not.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

_MEASURE = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)"
    ".returncode; d = time.perf_counter() - t; "
    "print(rc, d, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)

_QUERIES = {
    "answers": "SELECT audit_id, criterion_id, grade_key, grade_value, grade_label, "
    "not_applicable FROM answers ORDER BY audit_id, criterion_id",
    "themes": "SELECT audit_id, criterion_id, theme, polarity FROM audit_themes "
    "ORDER BY audit_id, theme, criterion_id",
    "moderation": "SELECT audit_id, status, selected_because, completed_at, "
    "overall_grade_key, overall_grade_value, overall_grade_label, overall_reason "
    "FROM moderations ORDER BY audit_id",
    "moderated": "SELECT y.audit_id, y.criterion_id, y.grade_key, y.grade_value, "
    "y.grade_label, y.not_applicable, y.reason FROM moderation_answers y JOIN moderations m "
    "ON m.audit_id = y.audit_id WHERE m.status = 'done' ORDER BY y.audit_id",
    "actions": "SELECT audit_id, id, what, due_on, status, closed_at FROM case_actions "
    "ORDER BY audit_id, id",
    "escalations": "SELECT audit_id, id, told_at, status, closed_at FROM escalations "
    "ORDER BY audit_id, id",
    "feedback": "SELECT audit_id, id, given_to, given_on, how, response FROM audit_feedback "
    "ORDER BY audit_id, given_on, id",
}


def _grouped(conn: sqlite3.Connection, sql: str):  # type: ignore[no-untyped-def]
    cur = conn.execute(sql)
    names = [d[0] for d in cur.description][1:]
    row = cur.fetchone()

    def take(audit_id: int) -> list[dict]:
        nonlocal row
        out = []
        while row is not None and row[0] <= audit_id:
            if row[0] == audit_id:
                out.append(dict(zip(names, row[1:], strict=True)))
            row = cur.fetchone()
        return out

    return take


def reference(fmt: str, db: str, out_path: str) -> None:
    """The plain streaming script: the same content, one audit at a time."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    audits = conn.execute(
        "SELECT a.id, a.case_ref, coalesce(a.team, c.team), coalesce(a.cohort, c.cohort), "
        "r.rubric_id, r.version, a.rubric_hash, a.status, "
        "substr(coalesce(a.submitted_at, a.started_at, a.created_at), 1, 10), a.created_at, "
        "a.started_at, a.submitted_at, a.due_on, a.overall_grade_key, a.overall_grade_value, "
        "a.overall_grade_label, a.programme_id, p.name, a.previous_audit_id "
        "FROM audits a JOIN cases c ON c.case_ref = a.case_ref "
        "JOIN rubric_versions r ON r.hash = a.rubric_hash "
        "LEFT JOIN programmes p ON p.id = a.programme_id ORDER BY a.id"
    )
    take = {key: _grouped(conn, sql) for key, sql in _QUERIES.items()}
    with open(out_path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        if fmt == "json":
            out.write('{\n  "schema_version": 2,\n  "audits": [')
        else:
            writer.writerow(["audit_id", "case_ref", "team", "criterion_id", "grade_value"])
        first = True
        for a in audits:
            parts = {key: get(a[0]) for key, get in take.items()}
            moderated = {m["criterion_id"]: m for m in parts["moderated"]}
            answers = [
                {
                    "criterion_id": x["criterion_id"],
                    "not_applicable": bool(x["not_applicable"]),
                    "grade": {"key": x["grade_key"], "value": x["grade_value"]},
                    "themes": [
                        t for t in parts["themes"] if t["criterion_id"] == x["criterion_id"]
                    ],
                    "moderated": moderated.get(x["criterion_id"]),
                }
                for x in parts["answers"]
            ]
            if fmt == "json":
                record = {
                    "audit_id": a[0],
                    "case_ref": a[1],
                    "team": a[2],
                    "cohort": a[3],
                    "rubric": {"id": a[4], "version": a[5], "hash": a[6]},
                    "status": a[7],
                    "dates": list(a[8:13]),
                    "overall": {"key": a[13], "value": a[14], "label": a[15]},
                    "answers": answers,
                    "moderation": parts["moderation"][0] if parts["moderation"] else None,
                    "programme": {"id": a[16], "name": a[17]},
                    "previous_audit_id": a[18],
                    "case_actions": parts["actions"],
                    "escalations": parts["escalations"],
                    "feedback": parts["feedback"],
                }
                text = json.dumps(record, indent=2, ensure_ascii=False)
                out.write(("\n    " if first else ",\n    ") + text.replace("\n", "\n    "))
                first = False
            else:  # the same columns, formulas neutralised as the export does
                base = [*a[:16], a[16], a[17], a[18]]
                tail = [len(parts[k]) for k in ("actions", "escalations", "feedback")]
                for x in answers or [{"criterion_id": None, "grade": {}, "themes": []}]:
                    agreed = x.get("moderated") or {}
                    row = [
                        *base,
                        x["criterion_id"],
                        x.get("not_applicable"),
                        x["grade"].get("value"),
                        x["grade"].get("key"),
                        "; ".join(t["theme"] for t in x["themes"]),
                        agreed.get("grade_value"),
                        agreed.get("grade_label"),
                        *tail,
                    ]
                    writer.writerow(
                        ["" if v is None else "'" + v if str(v).startswith("=") else v for v in row]
                    )
        if fmt == "json":
            out.write("\n  ]\n}\n")


def _measure(argv: list[str]) -> tuple[float, float]:
    """Seconds and peak MiB of one command run in its own child."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, *argv], capture_output=True, text=True, check=True, env=env
    )
    rc, seconds, kib = result.stdout.split()
    if rc != "0":
        raise SystemExit(f"{' '.join(argv)} failed")
    return float(seconds), int(kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("--formats", nargs="+", default=["json", "csv"])
    parser.add_argument("--runs", type=int, default=1)
    if sys.argv[1:2] == ["--reference"]:  # the reference itself, in its own child
        reference(*sys.argv[2:5])
        return
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir="/tmp") as work:
        db = Path(work) / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            if Path(args.db + suffix).exists():
                shutil.copyfile(args.db + suffix, str(db) + suffix)
        print(f"{args.db}: copied to {db}")
        for fmt in args.formats:
            for run in range(args.runs):
                out = Path(work) / f"out.{fmt}"
                export = [
                    sys.executable, "-c", "from qa_tui.cli import main; main()",
                    "export", "grades", "--db", str(db), "--format", fmt, "-o", str(out),
                ]  # fmt: skip
                ref = [sys.executable, __file__, "--reference", fmt, str(db), str(out)]
                ref_s, ref_mib = _measure(ref)
                exp_s, exp_mib = _measure(export)
                print(
                    f"{fmt} run {run + 1}: export {exp_s:6.1f} s {exp_mib:6.0f} MiB | "
                    f"reference {ref_s:6.1f} s {ref_mib:6.0f} MiB | "
                    f"time ratio {exp_s / ref_s:.2f}x (goal 0.8x, must 1.0x); "
                    f"peak {exp_mib:.0f} MiB (goal 50, must 100)"
                )


if __name__ == "__main__":
    main()
