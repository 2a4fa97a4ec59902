"""The demo's family's views: what children, young people and parents said about the
help they had, on some submitted audits (so the dashboard's Grades tab and
`qa-tui family-views list` count them) and on one of demo.auditor's audits in progress,
with a theme from it (so `v` on the audit screen shows one already there).

Its own seeded draws, made after the rest, so nothing built before it changes.
"""

from __future__ import annotations

import random

from qa_tui.desks.audits import AuditDesk
from qa_tui.desks.family_views import FamilyViews
from qa_tui.domain.family_views import FAMILY_VIEW
from qa_tui.paths import DEMO_USER
from qa_tui.store.database import Store

# (who, what they said, how helpful 1-5 or None when not asked)
SAID = (
    ("young_person", "She actually listened and came back when she said she would.", 5),
    ("parent", "I had three different workers in a year and had to tell it all again.", 2),
    ("child", "I liked doing the drawings about my house. I want to stay at my school.", 4),
    ("parent", "The plan made sense once we went through it together at the kitchen table.", 4),
    ("carer", "Nobody told us about the review until the day before.", 2),
    ("young_person", "I didn't know why people kept asking me the same questions.", None),
    ("family", "The family group conference helped us sort out who does what.", 5),
    ("parent", "It felt like they'd decided before they met us.", 1),
    ("child", "My worker helped me talk to my mum about the shouting.", 4),
    ("young_person", "My PA sorts things but I never see my social worker.", 3),
)
HOW = ("conversation", "phone", "questionnaire", "advocate")


def add_family_views(store: Store) -> None:
    rng = random.Random(17)
    submitted = store._rows("SELECT id, auditor FROM audits WHERE status = 'submitted' ORDER BY id")
    for (given_by, said, rating), row in zip(SAID, submitted[::6], strict=False):
        FamilyViews(AuditDesk(store, row["auditor"])).add(
            row["id"], given_by, rng.choice(HOW), said, rating
        )
    started = store._rows(
        "SELECT a.id FROM audits a JOIN cases c ON c.case_ref = a.case_ref WHERE a.status = "
        "'in_progress' AND a.auditor = ? AND c.cohort != 'Care leaver' ORDER BY a.id LIMIT 1",
        (DEMO_USER,),
    )
    if started:
        desk = AuditDesk(store, DEMO_USER)
        audit_id = started[0]["id"]
        FamilyViews(desk).add(
            audit_id,
            "parent",
            "questionnaire",
            "Six months on: things are calmer, but I still don't know who to ring if it "
            "goes wrong again.",
            3,
        )
        desk.add_theme(audit_id, FAMILY_VIEW, "- Family not told how to get help again")
