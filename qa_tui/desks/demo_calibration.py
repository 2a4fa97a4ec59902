"""The demo's calibration exercises: one closed last quarter on a case file, graded by
four auditors and agreed at a calibration meeting (qa.birch grades more generously than
agreed, as their moderations drift), and one still open on a written vignette, graded by
two auditors but not yet by demo.auditor, so `k` from the home has something to grade.

Made through the desks, after the rest, with no random draws: nothing built before it
changes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.calibration import CalibrationDesk
from qa_tui.desks.demo_data import MODERATOR
from qa_tui.paths import DEMO_USER
from qa_tui.store.calibration import CalibrationRecords
from qa_tui.store.database import Store

# voice-of-the-child, a child of 9: the agreed grade per criterion (None: not applicable)
AGREED: dict[str, int | None] = {
    "seen-at-expected-frequency": 2,
    "seen-alone": 2,
    "young-child-observed": None,
    "visits-with-purpose": 3,
    "wishes-and-feelings": 2,
    "lived-experience": 3,
    "views-influence-decisions": 3,
    "identity-culture-and-communication": 2,
}
# how far each auditor graded from the agreed grade (negative: more generous)
APART = {
    DEMO_USER: {"lived-experience": 1},
    "qa.rowan": {},
    "qa.birch": {
        "visits-with-purpose": -1,
        "lived-experience": -1,
        "views-influence-decisions": -1,
    },
    MODERATOR: {"identity-culture-and-communication": 1},
}
VIGNETTE = (
    "Jay is 7 and lives with his mother and baby sister. The plan from the child in need "
    "review says 'mum to engage with services', 'school to monitor attendance' and "
    "'social worker to visit regularly'. Attendance has been 78% for two terms. Nothing "
    "in the plan says what will be different for Jay, by when, or what happens if "
    "attendance does not improve; the last review was 16 weeks ago."
)


def add_calibration(store: Store, today: date) -> None:
    lead = CalibrationDesk(AuditDesk(store, MODERATOR))
    case = store._one("SELECT case_ref FROM cases WHERE cohort = 'CIN' ORDER BY case_ref LIMIT 1")
    closed = lead.create(
        "Summer calibration: voice of the child",
        "voice-of-the-child",
        case_ref=None if case is None else case["case_ref"],
        vignette=VIGNETTE if case is None else None,
    )
    for auditor, apart in APART.items():
        mine = CalibrationDesk(AuditDesk(store, auditor))
        for criterion_id, agreed in AGREED.items():
            value = None if agreed is None else agreed + apart.get(criterion_id, 0)
            mine.grade(closed, criterion_id, value)
    for criterion_id, agreed in AGREED.items():
        lead.grade(closed, criterion_id, agreed, agreed=True)
    lead.close(closed)
    when = datetime.combine(today - timedelta(days=100), time(15, 30), UTC)
    CalibrationRecords(store).backdate_close(closed, when.isoformat(timespec="seconds"), "demo")

    still_open = lead.create("Winter calibration: a plan for Jay", "smart-plans", vignette=VIGNETTE)
    for auditor, shift in (("qa.rowan", 0), ("qa.birch", -1)):
        mine = CalibrationDesk(AuditDesk(store, auditor))
        for criterion_id, value in (
            ("specific-needs-and-risks", 3),
            ("who-what-by-when", 4),
            ("measurable-outcomes", 4),
            ("plan-reviewed-on-time", 3),
        ):
            mine.grade(still_open, criterion_id, max(1, value + shift))
