"""The programmes screen's steps: create a programme (n), preview and draw its sample
(s), plan and make the assignment (a), repeat (r) or close (x) a round, and hand a case
list over to the import (i).

They live apart from the programmes screen because each step is a flow of its own (a
form, a preview to confirm, then the desk), beside listing programmes and their progress.
`ProgrammeActions` is mixed into the screen, so the keys stay the screen's bindings. Its
answers come back as messages (`ProgrammeChanged`, `SampleReady`, `AssignmentReady`);
their `@on` handlers stay on the screen, since Textual ignores `@on` in a plain mixin,
and pass them to the methods here. What is shown goes through `tui/widgets/shown.py`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.content import Content
from textual.message import Message

from qa_tui.domain.sampling import Assignment, Sample, SamplingRule
from qa_tui.tui.screens.import_cases import ImportPreviewed
from qa_tui.tui.screens.moderation_steering import with_moderation_terms
from qa_tui.tui.screens.programme_forms import (
    AssignForm,
    Confirm,
    ProgrammeForm,
    SampleForm,
    _split,
)
from qa_tui.tui.widgets.dialogs import quoted
from qa_tui.tui.widgets.shown import clip, fit

if TYPE_CHECKING:
    from textual.screen import Screen

    from qa_tui.desks.audits import AuditDesk
    from qa_tui.desks.programmes import ProgrammeDesk, Progress
    from qa_tui.domain.records import Programme
    from qa_tui.tui.runner import DeskRunner

    _Screen = Screen[None]
else:
    _Screen = object


class ProgrammeChanged(Message):
    """A programme was created or repeated: the list reloads."""


class SampleReady(Message):
    """A preview (nothing written) or a drawn sample."""

    def __init__(
        self, programme_id: int, rule: SamplingRule, seed: int, sample: Sample, drawn: bool
    ):
        super().__init__()
        self.programme_id, self.rule, self.seed = programme_id, rule, seed
        self.sample, self.drawn = sample, drawn


class AssignmentReady(Message):
    def __init__(
        self, programme_id: int, auditors: list[str], relax: str, plan: list[Assignment], done: bool
    ):
        super().__init__()
        self.programme_id, self.auditors, self.relax = programme_id, auditors, relax
        self.plan, self.done = plan, done


class ProgrammeActions(_Screen):
    """Mixed into the programmes screen: the steps that create, sample, assign, repeat,
    close and import."""

    if TYPE_CHECKING:

        @property
        def desk(self) -> AuditDesk: ...
        @property
        def runner(self) -> DeskRunner: ...
        @property
        def programmes(self) -> ProgrammeDesk: ...
        def _selected(self) -> tuple[Programme, Progress] | None: ...
        def refresh_list(self) -> None: ...

    def action_new_programme(self) -> None:
        desk, auditor_desk = self.programmes, self.desk

        def create(values: tuple[str, ...] | None) -> None:
            if not values:
                return
            name, kind, rubrics, due, owner, lookback, judgement, share, blind = values
            self.runner.run(
                "create the programme",
                lambda: with_moderation_terms(
                    auditor_desk,
                    share,
                    blind,
                    desk.create(
                        name=name,
                        kind=kind,
                        rubric_ids=_split(rubrics),
                        owner=owner,
                        due_on=date.fromisoformat(due) if due else None,
                        lookback_months=int(lookback),
                        judgement_months=int(judgement),
                    ),
                ),
                self,
                lambda _p: ProgrammeChanged(),
            )

        def form(rubric_ids: list[str]) -> None:
            self.app.push_screen(ProgrammeForm(rubric_ids, auditor_desk.user), create)

        self.runner.fetch(
            "read the rubric files",
            lambda: [f.rubric.id for f in auditor_desk.rubric_files()],
            self,
            form,
        )

    def action_sample(self) -> None:
        item = self._selected()
        if item is None:
            return
        p = item[0]
        desk = self.programmes

        def preview(values: tuple[str, ...] | None) -> None:
            if not values:
                return
            rule, seed = SampleForm.parsed(values)
            self.notify("Reading the case list and drawing the sample…", timeout=2)
            self.runner.run(
                "preview the sample",
                lambda: SampleReady(p.id, rule, seed, desk.preview(p.id, rule, seed), drawn=False),
                self,
                lambda m: m,
            )

        self.app.push_screen(SampleForm(p.rule), preview)

    def show_sample(self, message: SampleReady) -> None:
        counts = message.sample.by_outcome()
        summary = (
            f"{counts['sampled']} sampled of a cohort of {message.sample.cohort_size} "
            f"({message.sample.cases_listed} cases listed): {counts['excluded']} "
            f"excluded, {counts['not_drawn']} not drawn (seed {message.seed})"
        )
        if message.drawn:
            self.notify(f"Sample drawn: {summary}", timeout=6)
            self.refresh_list()
            return
        lines = [
            f"{fit(d.case_ref, 16)}{fit(d.team, 23)}{d.outcome:<9} {d.reason}"
            for d in message.sample.decisions
            if d.outcome != "not_drawn"
        ]
        desk = self.programmes

        def draw(yes: bool | None) -> None:
            if yes:
                self.runner.run(
                    "draw the sample",
                    lambda: SampleReady(
                        message.programme_id,
                        message.rule,
                        message.seed,
                        desk.draw(message.programme_id, message.rule, message.seed),
                        drawn=True,
                    ),
                    self,
                    lambda m: m,
                )

        self.app.push_screen(Confirm("Preview: nothing is recorded yet", summary, lines), draw)

    def action_assign(self) -> None:
        item = self._selected()
        if item is None:
            return
        p = item[0]
        desk = self.programmes

        def plan(values: tuple[str, ...] | None) -> None:
            if not values:
                return
            names, relax = _split(values[0]), values[1]
            self.runner.run(
                "plan the assignment",
                lambda: AssignmentReady(
                    p.id, names, relax, desk.plan_assignment(p.id, names, relax), done=False
                ),
                self,
                lambda m: m,
            )

        def form(known: list[str]) -> None:
            self.app.push_screen(AssignForm(known), plan)

        self.runner.fetch("read the auditors", lambda: list(desk.auditor_teams()), self, form)

    def show_assignment(self, message: AssignmentReady) -> None:
        if message.done:
            self.notify(f"{len(message.plan)} case(s) assigned.", timeout=5)
            self.refresh_list()
            return
        if not message.plan:
            self.notify("Nothing to assign: every chosen case already has its audits.")
            return
        lines = [
            f"{fit(a.case_ref, 16)}{fit(a.team, 23)}{fit(a.auditor or '-', 15)}{a.reason}"
            for a in message.plan
        ]
        missing = sum(1 for a in message.plan if a.auditor is None)
        body = Content(f"{len(message.plan)} case(s)")
        if missing:
            body = Content.assemble(
                body, "; ", (f"{missing} without an independent auditor", "bold $error")
            )
        desk = self.programmes

        def assign(yes: bool | None) -> None:
            if yes:
                self.runner.run(
                    "assign the sample",
                    lambda: AssignmentReady(
                        message.programme_id,
                        message.auditors,
                        message.relax,
                        desk.assign(message.programme_id, message.auditors, message.relax),
                        done=True,
                    ),
                    self,
                    lambda m: m,
                )

        self.app.push_screen(Confirm("Who would audit what", body, lines), assign)

    def action_repeat(self) -> None:
        item = self._selected()
        if item is None:
            return
        from qa_tui.tui.widgets.dialogs import TextPrompt

        p = item[0]
        desk = self.programmes

        def repeat(answer: str | None) -> None:
            if not answer or not answer.strip():
                return
            name, _, how = answer.partition("|")
            how = how.strip()
            same = how in ("", "same")
            seed = None if same else int(how) if how.lstrip("-").isdigit() else None
            if not same and seed is None:
                self.notify("After | give 'same' or a seed number.", severity="warning")
                return
            self.runner.run(
                "create the repeat",
                lambda: desk.repeat(p.id, name=name.strip(), seed=seed, same_cases=same),
                self,
                lambda _p: ProgrammeChanged(),
            )

        self.app.push_screen(
            TextPrompt(
                f"Repeat {quoted(p.name)}",
                "new name | same (the same cases) or a seed (a new sample)",
                value=f"{p.name} (repeat) | same",
            ),
            repeat,
        )

    def action_close_programme(self) -> None:
        item = self._selected()
        if item is None or item[0].status == "closed":
            return
        p, desk = item[0], self.programmes

        def close(yes: bool | None) -> None:
            if yes:

                def close_it() -> ProgrammeChanged:
                    desk.close(p.id)
                    return ProgrammeChanged()

                self.runner.run("close the programme", close_it, self, lambda m: m)

        self.app.push_screen(
            Confirm(
                f"Close {clip(p.name, 60)}?",
                "Its audits stay as they are; no more sampling or assignment.",
                [],
            ),
            close,
        )

    def action_import_cases(self) -> None:
        from qa_tui.tui.screens.import_cases import _prompt_path

        _prompt_path(self)

    def ask_mapping(self, message: ImportPreviewed) -> None:
        from qa_tui.tui.screens.import_cases import _ask_mapping

        _ask_mapping(self, message)
