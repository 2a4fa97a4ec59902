"""The permissions walk of moderation a QA lead steers (`ModerationSteering`).

Two things the shared world does not hold are added to both of its files once, before
any step runs: a question sent back to lee on lee's own submitted audit (`l_sub`, which
nobody may complete in the walk anyway), and a blind moderation of a new Team C case
audited by ann, graded and waiting to be revealed.
"""

from __future__ import annotations

from pathlib import Path

from conftest import graded_audit
from permission_steps import Desks, Step, rule, signed_in
from permission_world import ANN, LEE, World, desk_for

from qa_tui.desks.moderation_steering import ModerationSteering
from qa_tui.domain.permissions import Facts, Op
from qa_tui.domain.records import Case
from qa_tui.store.database import Store
from qa_tui.store.moderation import ModerationStore
from qa_tui.store.moderation_steering import ModerationSteeringStore

DESKS = [ModerationSteering]
BLIND_CASE = "C-M1"
_PREPARED: set[Path] = set()


def _prepare(path: Path, l_sub: int) -> None:
    """The send-back on l_sub and the blind audit, written once per template file."""
    if path not in _PREPARED:
        store = Store.open(path, create=False)
        try:
            store.upsert_cases([Case(BLIND_CASE, "Team C", cohort="CIN")], LEE, "test")
            ann = desk_for(store, ANN)
            blind = graded_audit(ann, BLIND_CASE)
            ann.submit(blind)
            steering = ModerationSteeringStore(store)
            steering.pick(blind, "picked by hand: walk", True, LEE)
            steering.set_blind(blind, True, LEE)
            grades = ModerationStore(store)
            grades.set_grade(blind, "child-seen", "good", 2, "Good", False, "", LEE)
            grades.set_grade(blind, "plan-smart", None, None, None, True, "", LEE)
            grades.set_grade(blind, "visits-in-time", "yes", 1, "Yes", False, "", LEE)
            grades.set_overall(blind, "good", 2, "Good", "", LEE)
            steering.send_back(l_sub, "Was the child seen alone?", LEE)
        finally:
            store.close()
        _PREPARED.add(path)


def _blind(d: Desks) -> int:
    """The blind audit's id in this copy (read, so the two files may number it apart)."""
    row = d.store._one("SELECT id FROM audits WHERE case_ref = ?", (BLIND_CASE,))
    assert row is not None
    return int(row["id"])


def _sent(d: Desks, audit_id: int) -> int:
    row = d.store._one(
        "SELECT min(id) AS id FROM moderation_send_backs WHERE audit_id = ?", (audit_id,)
    )
    assert row is not None and row["id"] is not None
    return int(row["id"])


def steps(w: World) -> list[Step]:
    a, f = w.audits, w.facts
    _prepare(w.people, a["l_sub"])
    _prepare(w.single, a["l_sub"])
    blind_facts = Facts(auditor=ANN, team="Team C")
    steer = rule(Op.STEER_MODERATION)

    def s(d: Desks) -> ModerationSteering:
        return ModerationSteering(d.audit)

    return [
        Step("ModerationSteering.terms", "", lambda d: s(d).terms(w.programme), steer),
        Step("ModerationSteering.set_share", "", lambda d: s(d).set_share(w.programme, 25), steer),
        Step(
            "ModerationSteering.set_blind_default",
            "",
            lambda d: s(d).set_blind_default(w.fresh_programme, True),
            steer,
        ),
        Step(
            "ModerationSteering.pick",
            "a_sub (queued already)",
            lambda d: s(d).pick(a["a_sub"], "Inspector asked"),
            steer,
        ),
        Step(
            "ModerationSteering.set_blind",
            "l_sub",
            lambda d: s(d).set_blind(a["l_sub"], True),
            steer,
        ),
        Step("ModerationSteering.moderators", "", lambda d: s(d).moderators(), steer),
        Step(
            "ModerationSteering.assign",
            "a_sub to lee",
            lambda d: s(d).assign(a["a_sub"], LEE),
            steer,
        ),
        Step(
            "ModerationSteering.reveal",
            "blind, graded",
            lambda d: s(d).reveal(_blind(d)),
            rule(Op.MODERATE, blind_facts),
        ),
        Step(
            "ModerationSteering.send_back",
            "a_sub",
            lambda d: s(d).send_back(a["a_sub"], "Which visit?"),
            steer,
        ),
        Step(
            "ModerationSteering.answer",
            "l_sub",
            lambda d: s(d).answer(a["l_sub"], _sent(d, a["l_sub"]), "Yes, alone"),
            rule(Op.GRADE_AUDIT, f["l_sub"]),
        ),
        Step(
            "ModerationSteering.send_backs",
            "l_sub",
            lambda d: s(d).send_backs(a["l_sub"]),
            rule(Op.SEE_AUDIT, f["l_sub"]),
        ),
        Step("ModerationSteering.waiting_answers", "", lambda d: s(d).waiting_answers(), signed_in),
        Step(
            "ModerationSteering.blind_agreement",
            "",
            lambda d: s(d).blind_agreement("overall"),
            rule(Op.SEE_FIGURES),
        ),
    ]
