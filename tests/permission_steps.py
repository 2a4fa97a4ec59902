"""Every public desk operation and export entry point, each in the situations that matter
(one's own audit or someone else's, one's team's or not, moderated or not, an action one
owns or not), with what the permission table says of it.

A step's `expect` takes the person and says whether the table allows the step: mostly
`allows(person, op, facts)`, with the facts written here from what the world holds
(never read back through a desk). tests/test_permissions.py runs each for each person.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from permission_world import ADMIN_PASSPHRASE, ANN, BOB, FUTURE, LEE, World, desk_for

from qa_tui.desks.dashboard import DashboardDesk
from qa_tui.desks.follow_ups import FollowUps
from qa_tui.desks.moderation import ModerationDesk
from qa_tui.desks.people import PeopleDesk
from qa_tui.desks.plan import ActionDesk
from qa_tui.desks.programmes import ProgrammeDesk
from qa_tui.desks.themes import ThemeDesk
from qa_tui.desks.upkeep import require_upkeep
from qa_tui.domain.case_list import CaseRow
from qa_tui.domain.dashboard_records import Filters
from qa_tui.domain.people import Person
from qa_tui.domain.permissions import Facts, Op, allows
from qa_tui.domain.plan_records import Measure
from qa_tui.domain.sampling import SamplingRule
from qa_tui.exports.actions import actions_document
from qa_tui.exports.grades import ExportFilters, grades_document
from qa_tui.exports.themes import resolve_filters, themes_document
from qa_tui.store.database import Store

Expect = Callable[[Person], bool]
MEASURE = Measure(rubric_id="mini", criterion_id="child-seen", bucket="good")
TODAY = date.today()


class Desks:
    """Every desk of one person on one copy of the database, made when first reached."""

    def __init__(self, store: Store, user: str):
        self.store = store
        self.audit = desk_for(store, user)

    @cached_property
    def programmes(self) -> ProgrammeDesk:
        return ProgrammeDesk(self.audit)

    @cached_property
    def moderation(self) -> ModerationDesk:
        return ModerationDesk(self.audit)

    @cached_property
    def follow_ups(self) -> FollowUps:
        return FollowUps(self.audit)

    @cached_property
    def themes(self) -> ThemeDesk:
        return ThemeDesk(self.audit)

    @cached_property
    def plan(self) -> ActionDesk:
        return ActionDesk(self.audit)

    @cached_property
    def dashboard(self) -> DashboardDesk:
        return DashboardDesk(self.audit)

    @cached_property
    def people(self) -> PeopleDesk:
        return PeopleDesk(self.audit)

    def moderation_view(self, audit_id: int) -> Any:
        """A moderation as its screen holds it (for `missing`), read by no one's rights."""
        return ModerationDesk(desk_for(self.store, LEE))._view(audit_id)


@dataclass(frozen=True)
class Step:
    method: str  # "AuditDesk.grade": what the completeness test counts
    situation: str
    call: Callable[[Desks], object]
    expect: Expect

    @property
    def name(self) -> str:
        return f"{self.method} ({self.situation})" if self.situation else self.method


def rule(op: Op, facts: Facts | None = None) -> Expect:
    return lambda person: allows(person, op, facts)


def signed_in(person: Person) -> bool:
    """Anyone who is a person of the database and not disabled."""
    return not person.disabled


def own_or(op: Op, owner: str) -> Expect:
    """One's own (tokens) for anyone signed in; anyone else's under `op`."""
    return lambda person: signed_in(person) if person.user_name == owner else allows(person, op)


def audit_steps(w: World) -> list[Step]:
    a, f = w.audits, w.facts
    steps = [
        Step(
            "AuditDesk.import_cases",
            "",
            lambda d: d.audit.import_cases(w.case_file),
            rule(Op.IMPORT_CASES),
        ),
        Step(
            "AuditDesk.import_case_rows",
            "",
            lambda d: d.audit.import_case_rows(
                [CaseRow(2, "C-N2", "Team B", None, None, None, None, None, {})], "typed"
            ),
            rule(Op.IMPORT_CASES),
        ),
        Step(
            "AuditDesk.save_case_mapping",
            "",
            lambda d: d.audit.save_case_mapping("council", {"case_ref": "Ref"}),
            rule(Op.IMPORT_CASES),
        ),
        Step(
            "AuditDesk.case_mapping",
            "",
            lambda d: d.audit.case_mapping("saved"),
            rule(Op.IMPORT_CASES),
        ),
        Step(
            "AuditDesk.case_mappings", "", lambda d: d.audit.case_mappings(), rule(Op.IMPORT_CASES)
        ),
        Step("AuditDesk.find_cases", "", lambda d: d.audit.find_cases("C-"), signed_in),
        Step("AuditDesk.my_audits", "", lambda d: d.audit.my_audits(), signed_in),
        Step("AuditDesk.my_audit_counts", "", lambda d: d.audit.my_audit_counts(), signed_in),
        Step(
            "AuditDesk.start_audit",
            "for oneself",
            lambda d: d.audit.start_audit("C-C4", "mini"),
            rule(Op.START_AUDIT),
        ),
        Step(
            "AuditDesk.start_audit",
            "for someone else",
            lambda d: d.audit.start_audit("C-C4", "mini", auditor="cover.auditor"),
            lambda p: allows(p, Op.START_AUDIT) and allows(p, Op.ASSIGN_AUDITS),
        ),
    ]
    for key in a:
        steps.append(
            Step(
                "AuditDesk.open_audit",
                key,
                lambda d, i=a[key]: d.audit.open_audit(i),
                rule(Op.SEE_AUDIT, f[key]),
            )
        )
    for key in ("a_mod", "a_sub", "b_sub", "l_sub"):
        steps.append(
            Step(
                "AuditDesk.reopen",
                key,
                lambda d, i=a[key]: d.audit.reopen(i, "The evidence was misread"),
                rule(Op.REOPEN_AUDIT, f[key]),
            )
        )
    for key in ("a_wip", "b_wip", "l_wip", "p_wip"):
        i, theme, action = a[key], w.themes[key], w.actions[key]
        calls: dict[str, Callable[[Desks], object]] = {
            "grade": lambda d, i=i: d.audit.grade(i, "child-seen", "outstanding"),
            "grade_by_number": lambda d, i=i: d.audit.grade_by_number(i, "child-seen", 2),
            "mark_not_applicable": lambda d, i=i: d.audit.mark_not_applicable(i, "plan-smart"),
            "clear_grade": lambda d, i=i: d.audit.clear_grade(i, "plan-smart"),
            "save_evidence": lambda d, i=i: d.audit.save_evidence(i, "child-seen", "Seen"),
            "add_theme": lambda d, i=i: d.audit.add_theme(i, "child-seen", "+Warm letters"),
            "remove_theme": lambda d, i=i, t=theme: d.audit.remove_theme(i, "child-seen", t),
            "set_overall": lambda d, i=i: d.audit.set_overall(i, "requires-improvement"),
            "set_text": lambda d, i=i: d.audit.set_text(i, "strengths", "Warm"),
            "add_action": lambda d, i=i: d.audit.add_action(i, "Call", "Jo", FUTURE),
            "remove_action": lambda d, i=i, x=action: d.audit.remove_action(i, x),
            "submit": lambda d, i=i: d.audit.submit(i),
        }
        steps += [
            Step(f"AuditDesk.{name}", key, call, rule(Op.GRADE_AUDIT, f[key]))
            for name, call in calls.items()
        ]
    return steps


def lead_steps(w: World) -> list[Step]:
    p, fresh, rule_ = w.programme, w.fresh_programme, SamplingRule(per_team=1)
    run, assign = rule(Op.RUN_PROGRAMMES), rule(Op.ASSIGN_AUDITS)
    steps = [
        Step(
            "ProgrammeDesk.create",
            "",
            lambda d: d.programmes.create(
                name="Round nine", kind="dip_sample", rubric_ids=["mini"], owner=""
            ),
            run,
        ),
        Step("ProgrammeDesk.get", "", lambda d: d.programmes.get(p), run),
        Step("ProgrammeDesk.all", "", lambda d: d.programmes.all(), run),
        Step("ProgrammeDesk.close", "", lambda d: d.programmes.close(p), run),
        Step("ProgrammeDesk.preview", "", lambda d: d.programmes.preview(fresh, rule_, 3), run),
        Step("ProgrammeDesk.draw", "", lambda d: d.programmes.draw(fresh, rule_, 3), run),
        Step(
            "ProgrammeDesk.add_case",
            "",
            lambda d: d.programmes.add_case(p, w.spare_case, "the inspector asked"),
            run,
        ),
        Step(
            "ProgrammeDesk.remove_case",
            "",
            lambda d: d.programmes.remove_case(p, w.added_case, "not needed after all"),
            run,
        ),
        Step("ProgrammeDesk.decisions", "", lambda d: d.programmes.decisions(p), run),
        Step(
            "ProgrammeDesk.set_auditor_teams",
            "",
            lambda d: d.programmes.set_auditor_teams(BOB, ["Team B", "Team C"]),
            rule(Op.SET_TEAMS),
        ),
        Step(
            "ProgrammeDesk.auditor_teams",
            "",
            lambda d: d.programmes.auditor_teams(),
            rule(Op.SEE_PEOPLE),
        ),
        Step(
            "ProgrammeDesk.plan_assignment",
            "",
            lambda d: d.programmes.plan_assignment(p, [ANN, BOB]),
            assign,
        ),
        Step("ProgrammeDesk.assign", "", lambda d: d.programmes.assign(p, [ANN, BOB]), assign),
        Step(
            "ProgrammeDesk.reassign_case",
            "",
            lambda d: d.programmes.reassign_case(p, w.assigned_case, "cover.auditor", "on leave"),
            assign,
        ),
        Step(
            "ProgrammeDesk.reassign",
            "",
            lambda d: d.programmes.reassign(w.audits["b_wip"], "cover.auditor", "on leave"),
            assign,
        ),
        Step(
            "ProgrammeDesk.repeat",
            "",
            lambda d: d.programmes.repeat(p, name="Round one again", same_cases=True),
            run,
        ),
        Step("ProgrammeDesk.progress", "", lambda d: d.programmes.progress(p), run),
        Step("ModerationDesk.queue", "", lambda d: d.moderation.queue(), rule(Op.MODERATE)),
        Step(
            "ModerationDesk.queue_size", "", lambda d: d.moderation.queue_size(), rule(Op.MODERATE)
        ),
        Step(
            "ModerationDesk.agreement_by",
            "",
            lambda d: d.moderation.agreement_by("auditor"),
            rule(Op.SEE_FIGURES),
        ),
        Step(
            "ModerationDesk.agreement_grid",
            "",
            lambda d: d.moderation.agreement_grid(),
            rule(Op.SEE_FIGURES),
        ),
        Step(
            "ModerationDesk.open",
            "a_mod",
            lambda d: d.moderation.open(w.audits["a_mod"]),
            rule(Op.MODERATE, w.facts["a_mod"]),
        ),
    ]
    for key in ("a_sub", "b_sub", "l_sub"):
        i, moderate = w.audits[key], rule(Op.MODERATE, w.facts[key])
        steps += [
            Step("ModerationDesk.open", key, lambda d, i=i: d.moderation.open(i), moderate),
            Step(
                "ModerationDesk.grade",
                key,
                lambda d, i=i: d.moderation.grade(i, "child-seen", 1),
                moderate,
            ),
            Step(
                "ModerationDesk.agree",
                key,
                lambda d, i=i: d.moderation.agree(i, "visits-in-time"),
                moderate,
            ),
            Step(
                "ModerationDesk.set_overall",
                key,
                lambda d, i=i: d.moderation.set_overall(i, 2, "Good, not Outstanding"),
                moderate,
            ),
            Step(
                "ModerationDesk.missing",
                key,
                lambda d, i=i: d.moderation.missing(d.moderation_view(i)),
                moderate,
            ),
            Step("ModerationDesk.complete", key, lambda d, i=i: d.moderation.complete(i), moderate),
        ]
    steps.append(Step("FollowUps.list", "", lambda d: d.follow_ups.list(), rule(Op.SEE_FOLLOW_UPS)))
    for situation, (kind, item, facts) in w.follow_ups.items():
        steps.append(
            Step(
                "FollowUps.close",
                situation,
                lambda d, k=kind, i=item: d.follow_ups.close(k, i, "Done and seen"),
                rule(Op.CLOSE_FOLLOW_UP, facts),
            )
        )
    return steps


def figure_steps(w: World) -> list[Step]:
    see, plan, edit = rule(Op.SEE_FIGURES), rule(Op.SEE_PLAN), rule(Op.EDIT_PLAN)
    everything = Filters()
    item = w.item
    return [
        Step("ThemeDesk.scope", "", lambda d: d.themes.scope(everything), see),
        Step("ThemeDesk.ranking", "", lambda d: d.themes.ranking(everything, "2026-01"), see),
        Step(
            "ThemeDesk.teams_for",
            "",
            lambda d: d.themes.teams_for(everything, "Plans not SMART", "area_for_development"),
            see,
        ),
        Step(
            "ThemeDesk.audits_with",
            "",
            lambda d: d.themes.audits_with(everything, "Plans not SMART", "area_for_development"),
            see,
        ),
        Step("ThemeDesk.catalogue", "", lambda d: d.themes.catalogue(), see),
        Step(
            "ThemeDesk.merge",
            "",
            lambda d: d.themes.merge("Plans are vague", "Plans not SMART"),
            rule(Op.MERGE_THEMES),
        ),
        Step(
            "ThemeDesk.rename",
            "",
            lambda d: d.themes.rename("Plans not SMART", "Plans are not SMART"),
            rule(Op.MERGE_THEMES),
        ),
        Step("DashboardDesk.overview", "", lambda d: d.dashboard.overview(everything), see),
        Step(
            "DashboardDesk.comparison",
            "",
            lambda d: d.dashboard.comparison(Filters(programme_id=w.programme), {}, {}),
            see,
        ),
        Step(
            "DashboardDesk.audits",
            "",
            lambda d: d.dashboard.audits(everything, "mini", "", "good"),
            see,
        ),
        Step("DashboardDesk.choices", "", lambda d: d.dashboard.choices(), see),
        Step("DashboardDesk.criterion_labels", "", lambda d: d.dashboard.criterion_labels(), see),
        Step("DashboardDesk.criterion_kinds", "", lambda d: d.dashboard.criterion_kinds(), see),
        Step("ActionDesk.figure", "", lambda d: d.plan.figure(MEASURE, None, None), plan),
        Step("ActionDesk.baseline", "", lambda d: d.plan.baseline(MEASURE, TODAY), plan),
        Step(
            "ActionDesk.progress",
            "",
            lambda d: d.plan.progress(d.plan.store.items()[0], TODAY),
            plan,
        ),
        Step("ActionDesk.measure_label", "", lambda d: d.plan.measure_label(MEASURE), plan),
        Step("ActionDesk.names", "", lambda d: d.plan.names(), plan),
        Step("ActionDesk.items", "", lambda d: d.plan.items(), plan),
        Step("ActionDesk.recommendations", "", lambda d: d.plan.recommendations(), plan),
        Step("ActionDesk.create", "", lambda d: d.plan.create("Chronologies kept"), edit),
        Step(
            "ActionDesk.set_measure",
            "",
            lambda d: d.plan.set_measure(item, MEASURE, target=0.9, target_on=FUTURE),
            edit,
        ),
        Step(
            "ActionDesk.override_status",
            "",
            lambda d: d.plan.override_status(item, "at_risk", "Posts vacant"),
            edit,
        ),
        Step("ActionDesk.update", "", lambda d: d.plan.update(item, owner="Lee Lead"), edit),
        Step(
            "ActionDesk.edit",
            "",
            lambda d: d.plan.edit(
                item,
                title="Plans SMART",
                description="",
                owner="Hana Head",
                due_on=FUTURE,
                recommendation=None,
            ),
            edit,
        ),
        Step(
            "ActionDesk.add_recommendation",
            "",
            lambda d: d.plan.add_recommendation("R2", "Supervision", "local"),
            edit,
        ),
        Step(
            "exports.grades_document",
            "",
            lambda d: grades_document(d.audit, ExportFilters()),
            rule(Op.EXPORT),
        ),
        Step(
            "exports.themes_document",
            "",
            lambda d: themes_document(d.audit, everything, {}, suppress_below=0, today=TODAY),
            rule(Op.EXPORT),
        ),
        Step(
            "exports.actions_document",
            "",
            lambda d: actions_document(d.audit, everything, {}, suppress_below=0, today=TODAY),
            rule(Op.EXPORT),
        ),
        Step(
            "exports.resolve_filters",
            "",
            lambda d: resolve_filters(d.audit, programme=str(w.programme)),
            rule(Op.EXPORT),
        ),
        Step(
            "upkeep.require_upkeep",
            "",
            lambda d: require_upkeep(
                lambda: desk_for(Store.open(d.store.path, create=False), d.audit.user)
            ),
            rule(Op.UPKEEP),
        ),
    ]


def people_steps(w: World) -> list[Step]:
    manage = rule(Op.MANAGE_PEOPLE)
    return [
        Step("PeopleDesk.everyone", "", lambda d: d.people.everyone(), rule(Op.SEE_PEOPLE)),
        Step(
            "PeopleDesk.add", "", lambda d: d.people.add("new.person", "New", ["auditor"]), manage
        ),
        Step(
            "PeopleDesk.change",
            "teams only",
            lambda d: d.people.change(BOB, teams=["Team C"]),
            rule(Op.SET_TEAMS),
        ),
        Step(
            "PeopleDesk.change",
            "display name",
            lambda d: d.people.change(BOB, display_name="Robert"),
            manage,
        ),
        Step("PeopleDesk.disable", "", lambda d: d.people.disable(BOB), manage),
        Step(
            "PeopleDesk.reset_passphrase",
            "",
            lambda d: d.people.reset_passphrase(BOB, "a brand new passphrase"),
            manage,
        ),
        Step(
            "PeopleDesk.change_passphrase",
            "",
            lambda d: d.people.change_passphrase(ADMIN_PASSPHRASE, "my own new passphrase"),
            signed_in,
        ),
        Step("PeopleDesk.issue_token", "", lambda d: d.people.issue_token("mine"), signed_in),
        Step(
            "PeopleDesk.tokens",
            "bob's",
            lambda d: d.people.tokens(BOB),
            own_or(Op.MANAGE_PEOPLE, BOB),
        ),
        Step(
            "PeopleDesk.revoke_token",
            "bob's",
            lambda d: d.people.revoke_token(w.bob_token),
            own_or(Op.MANAGE_PEOPLE, BOB),
        ),
    ]


def more_step_modules() -> list[Any]:
    """The walks of later desks: each `permission_steps_*.py` beside this file has
    `steps(w)` (its Steps) and `DESKS` (the desk classes whose public names it walks)."""
    import importlib
    from pathlib import Path

    here = Path(__file__).parent
    return [
        importlib.import_module(path.stem) for path in sorted(here.glob("permission_steps_*.py"))
    ]


def every_step(w: World) -> list[Step]:
    steps = audit_steps(w) + lead_steps(w) + figure_steps(w) + people_steps(w)
    for module in more_step_modules():
        steps += module.steps(w)
    return steps
