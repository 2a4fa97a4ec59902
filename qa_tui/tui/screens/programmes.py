"""Programmes (`p` from home): a QA lead's audit rounds, their samples and progress.

Create a round, preview its sample and draw it, assign it to independent auditors,
repeat it later; every step goes through `ProgrammeDesk`, so the screen and the
command line record the same things.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.desks.programmes import ProgrammeDesk, Progress
from qa_tui.domain.records import Programme
from qa_tui.domain.sampling import PROGRAMME_KINDS, Assignment, Sample, SamplingRule
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.screens.import_cases import CasesImported, ImportPreviewed
from qa_tui.tui.widgets.dialogs import Form, quoted
from qa_tui.tui.widgets.shown import block, clip, fill, fit, line


class ProgrammesListed(Message):
    def __init__(self, items: list[tuple[Programme, Progress]]):
        super().__init__()
        self.items = items


class ProgrammeChanged(Message):
    """A programme was created or repeated: the list reloads."""


class SampleReady(Message):
    """A preview (nothing written) or a drawn sample."""

    def __init__(self, programme_id: int, rule: SamplingRule, seed: int, sample: Sample,
                 drawn: bool):
        super().__init__()
        self.programme_id, self.rule, self.seed = programme_id, rule, seed
        self.sample, self.drawn = sample, drawn


class AssignmentReady(Message):
    def __init__(self, programme_id: int, auditors: list[str], relax: str,
                 plan: list[Assignment], done: bool):
        super().__init__()
        self.programme_id, self.auditors, self.relax = programme_id, auditors, relax
        self.plan, self.done = plan, done


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class ProgrammeForm(Form):
    heading = "New programme"
    note = "An audit round: what is audited, against which rubrics, by when."
    compact = True

    def __init__(self, rubric_ids: list[str], owner: str):
        super().__init__()
        self.rubric_ids = rubric_ids
        self.owner = owner

    def fields(self) -> list[tuple[str, str, str]]:
        return [("Name", "e.g. CIN dip sample, December", ""),
                (f"Type ({', '.join(PROGRAMME_KINDS)})", "dip_sample", "dip_sample"),
                (f"Rubrics, comma separated ({', '.join(self.rubric_ids)})", "voice-of-the-child",
                 self.rubric_ids[0] if self.rubric_ids else ""),
                ("Due date", "YYYY-MM-DD", ""),
                ("Owner", "e.g. Head of QA", self.owner),
                ("Look-back months", "12", "12"),
                ("Judgement months", "6", "6")]

    def check(self, values: tuple[str, ...]) -> str | None:
        name, kind, rubrics, due, _owner, lookback, judgement = values
        if not name:
            return "A programme needs a name."
        if kind not in PROGRAMME_KINDS:
            return f"Type must be one of {', '.join(PROGRAMME_KINDS)}."
        unknown = [quoted(r) for r in _split(rubrics) if r not in self.rubric_ids]
        if not _split(rubrics) or unknown:
            return f"Unknown rubric {', '.join(unknown) or '(none given)'}."
        if due:
            try:
                date.fromisoformat(due)
            except ValueError:
                return f"{quoted(due)} is not a date: use YYYY-MM-DD."
        if not (lookback.isdigit() and judgement.isdigit()):
            return "Months are whole numbers."
        return None


class SampleForm(Form):
    heading = "Draw the sample"
    note = "Leave a filter empty to take every value. The same seed gives the same sample."
    compact = True

    def __init__(self, rule: dict | None):
        super().__init__()
        self.rule = rule or {}

    def fields(self) -> list[tuple[str, str, str]]:
        r = self.rule
        attrs = "; ".join(f"{k}={v}" for k, vs in r.get("attributes", {}).items() for v in vs)
        return [("Seed", "a whole number", str(random.randrange(1, 10_000))),
                ("Cohorts (e.g. CIN, CP)", "every cohort", ", ".join(r.get("cohorts", []))),
                ("Teams", "every team", ", ".join(r.get("teams", []))),
                ("Case attributes NAME=VALUE; ...", "e.g. age_band=11-15", attrs),
                ("Opened since", "YYYY-MM-DD", r.get("opened_since") or ""),
                ("Cases per team (N), or", "", str(r.get("per_team") or "")),
                ("Percent per team", "", str(r.get("per_team_percent") or "")),
                ("Minimum per team (with a percent)", "1", str(r.get("per_team_minimum", 1))),
                ("Leave out cases audited within months", "12",
                 str(r.get("exclude_audited_within_months", 12)))]

    def check(self, values: tuple[str, ...]) -> str | None:
        try:
            self.parsed(values)
        except ValueError as exc:
            return str(exc).splitlines()[-1].removeprefix("  Value error, ")
        return None

    @staticmethod
    def parsed(values: tuple[str, ...]) -> tuple[SamplingRule, int]:
        seed, cohorts, teams, attrs, since, per_team, percent, minimum, months = values
        if not seed.lstrip("-").isdigit():
            raise ValueError("The seed is a whole number.")
        attributes: dict[str, list[str]] = {}
        for item in [a for a in attrs.split(";") if a.strip()]:
            name, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"{quoted(item.strip())} is not NAME=VALUE.")
            attributes.setdefault(name.strip(), []).append(value.strip())
        try:
            rule = SamplingRule(
                cohorts=_split(cohorts), teams=_split(teams), attributes=attributes,
                opened_since=date.fromisoformat(since) if since else None,
                per_team=int(per_team) if per_team else None,
                per_team_percent=float(percent) if percent else None,
                per_team_minimum=int(minimum or 1),
                exclude_audited_within_months=int(months or 12))
        except ValueError as exc:
            message = str(exc).splitlines()
            raise ValueError(message[-1].strip().removeprefix("Value error, ")) from None
        return rule, int(seed)


class AssignForm(Form):
    heading = "Assign the sample"
    note = "Auditors never get cases from a team they belong to or manage."
    compact = True

    def __init__(self, known: list[str]):
        super().__init__()
        self.known = known

    def fields(self) -> list[tuple[str, str, str]]:
        return [("Auditors, comma separated", ", ".join(self.known) or "e.g. qa.birch",
                 ", ".join(self.known)),
                ("Relax independence? Reason (else leave empty)", "", "")]

    def check(self, values: tuple[str, ...]) -> str | None:
        return None if _split(values[0]) else "Name at least one auditor."


class Confirm(ModalScreen[bool]):
    """A preview with its consequences; enter does it, escape does not.

    The title, a str body and the lines are shown literally; a body that needs styling
    is passed as Content, built from data with `shown`."""

    BINDINGS = [Binding("enter", "yes", "Do it", id="confirm.yes"),
                Binding("escape", "no", "Cancel", id="confirm.no")]

    def __init__(self, title: str, body: str | Content, lines: list[str]):
        super().__init__()
        self.confirm_title, self.body, self.lines = title, body, lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="confirm-box"):
            yield Label(line(self.confirm_title, "bold"))
            yield Static(block(self.body) if isinstance(self.body, str) else self.body)
            yield Static(Content("\n").join([line(text) for text in self.lines]),
                         id="confirm-lines")
            yield Label(Content.from_markup("[dim]enter: do it · escape: cancel[/dim]"))

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class ProgrammesScreen(DeskAccess, Screen[None]):
    TITLE = "Programmes"
    BINDINGS = [
        Binding("n", "new_programme", "New", id="programmes.new",
                tooltip="Create an audit round"),
        Binding("s", "sample", "Sample", id="programmes.sample",
                tooltip="Preview and draw the highlighted programme's sample"),
        Binding("a", "assign", "Assign", id="programmes.assign",
                tooltip="Assign the sample to independent auditors"),
        Binding("r", "repeat", "Repeat", id="programmes.repeat",
                tooltip="Create the next round of the highlighted programme"),
        Binding("c", "cases", "Cases", id="programmes.cases",
                tooltip="Every case's outcome and reason; add, remove, reassign"),
        Binding("i", "import_cases", "Import cases", id="programmes.import",
                tooltip="Import a case list: preview, map its columns, import"),
        Binding("x", "close_programme", "Close round", id="programmes.close", show=False,
                tooltip="Close the highlighted programme: no more sampling or assignment"),
        Binding("escape", "back", "Back", id="programmes.back", tooltip="Back to my audits"),
    ]
    HELP_EXTRA = [("↑ ↓", "Move between programmes; the right shows the highlighted one")]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[int, tuple[Programme, Progress]] = {}

    @property
    def programmes(self) -> ProgrammeDesk:
        return ProgrammeDesk(self.desk)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="programmes-body"):
            yield OptionList(id="programme-list")
            with VerticalScroll(id="programme-detail", can_focus=False):
                yield Static("", id="programme-info")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#programme-list", OptionList).focus()
        self.refresh_list()

    def refresh_list(self) -> None:
        desk = self.programmes

        def load() -> ProgrammesListed:
            return ProgrammesListed([(p, desk.progress(p.id)) for p in desk.all()])

        self.runner.run("list the programmes", load, self, lambda m: m)

    @on(ProgrammesListed)
    def _listed(self, message: ProgrammesListed) -> None:
        options = self.query_one("#programme-list", OptionList)
        keep = options.highlighted_option.id if options.highlighted_option else None
        self.items = {p.id: (p, progress) for p, progress in message.items}
        options.clear_options()
        for p, progress in message.items:
            t = progress.totals
            options.add_option(Option(Content.assemble(
                (fit(p.name, 21), "bold"), f"{p.status:<7}",
                (f"{t['submitted']}/{t['audits']}", ""),
                (f" {t['overdue']} overdue" if t["overdue"] else "", "bold $error")),
                id=f"p{p.id}"))
        if not message.items:
            options.add_option(Option(Content.styled("no programmes yet: press n", "dim"),
                                      disabled=True))
        if keep and keep in {f"p{i}" for i in self.items}:
            options.highlighted = options.get_option_index(keep)
        elif self.items:
            options.highlighted = 0
        self._show_selected()

    def _selected(self) -> tuple[Programme, Progress] | None:
        option = self.query_one("#programme-list", OptionList).highlighted_option
        if option is None or not option.id:
            return None
        return self.items.get(int(option.id[1:]))

    @on(OptionList.OptionHighlighted, "#programme-list")
    def _show_selected(self) -> None:
        item = self._selected()
        info = self.query_one("#programme-info", Static)
        if item is None:
            info.update("")
            return
        p, progress = item
        lines = [fill("[b]$name[/b]  ($kind, $status)", name=p.name, kind=p.kind,
                      status=p.status),
                 line(f"Rubrics: {', '.join(p.rubric_ids)}"),
                 line(f"Owner {p.owner} · due {p.due_on or '-'} · window "
                      f"{p.lookback_months} months, judged on {p.judgement_months}")]
        if p.repeat_of:
            earlier = self.items.get(p.repeat_of)
            lines.append(line(f"Repeat of {earlier[0].name if earlier else p.repeat_of}"))
        if p.rule:
            lines.append(Content(f"Sample: seed {p.seed}; {p.cases_listed} cases listed, "
                                 f"cohort {p.cohort_size}; {progress.chosen} chosen"))
        else:
            lines.append(Content.styled("No sample yet: press s", "dim"))
        if p.independence_relaxed:
            lines.append(fill("[b $warning]Independence relaxed:[/] $reason",
                              reason=p.independence_relaxed))
        t = progress.totals
        lines.append(Content.from_markup(
            f"\n[b]Progress[/b]  {t['audits']} audits · {t['started']} started · "
            f"{t['submitted']} submitted · {t['overdue']} overdue"))
        for title, rows in (("By auditor", progress.by_auditor), ("By team", progress.by_team)):
            if rows:
                lines.append(Content.assemble((f"{title:<15}", "underline"),
                                              f"{'audits':>7}{'begun':>6}{'done':>6}"
                                              f"{'late':>6}"))
                lines.extend(Content(f"{fit(r['name'], 15)}{r['audits']:>7}{r['started']:>6}"
                                     f"{r['submitted']:>6}{r['overdue']:>6}") for r in rows)
        info.update(Content("\n").join(lines))

    # -- actions -------------------------------------------------------------------------

    def action_new_programme(self) -> None:
        desk, auditor_desk = self.programmes, self.desk

        def create(values: tuple[str, ...] | None) -> None:
            if not values:
                return
            name, kind, rubrics, due, owner, lookback, judgement = values
            self.runner.run("create the programme", lambda: desk.create(
                name=name, kind=kind, rubric_ids=_split(rubrics), owner=owner,
                due_on=date.fromisoformat(due) if due else None,
                lookback_months=int(lookback), judgement_months=int(judgement)),
                self, lambda _p: ProgrammeChanged())

        def form(rubric_ids: list[str]) -> None:
            self.app.push_screen(ProgrammeForm(rubric_ids, auditor_desk.user), create)

        self.runner.fetch("read the rubric files", lambda: [
            f.rubric.id for f in auditor_desk.rubric_files()], self, form)

    @on(ProgrammeChanged)
    def _changed(self) -> None:
        self.refresh_list()

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
            self.runner.run("preview the sample", lambda: SampleReady(
                p.id, rule, seed, desk.preview(p.id, rule, seed), drawn=False), self,
                lambda m: m)

        self.app.push_screen(SampleForm(p.rule), preview)

    @on(SampleReady)
    def _sample_ready(self, message: SampleReady) -> None:
        counts = message.sample.by_outcome()
        summary = (f"{counts['sampled']} sampled of a cohort of {message.sample.cohort_size} "
                   f"({message.sample.cases_listed} cases listed): {counts['excluded']} "
                   f"excluded, {counts['not_drawn']} not drawn (seed {message.seed})")
        if message.drawn:
            self.notify(f"Sample drawn: {summary}", timeout=6)
            self.refresh_list()
            return
        lines = [f"{fit(d.case_ref, 16)}{fit(d.team, 23)}{d.outcome:<9} {d.reason}"
                 for d in message.sample.decisions if d.outcome != "not_drawn"]
        desk = self.programmes

        def draw(yes: bool | None) -> None:
            if yes:
                self.runner.run("draw the sample", lambda: SampleReady(
                    message.programme_id, message.rule, message.seed,
                    desk.draw(message.programme_id, message.rule, message.seed), drawn=True),
                    self, lambda m: m)

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
            self.runner.run("plan the assignment", lambda: AssignmentReady(
                p.id, names, relax, desk.plan_assignment(p.id, names, relax), done=False),
                self, lambda m: m)

        def form(known: list[str]) -> None:
            self.app.push_screen(AssignForm(known), plan)

        self.runner.fetch("read the auditors", lambda: list(desk.auditor_teams()), self, form)

    @on(AssignmentReady)
    def _assignment_ready(self, message: AssignmentReady) -> None:
        if message.done:
            self.notify(f"{len(message.plan)} case(s) assigned.", timeout=5)
            self.refresh_list()
            return
        if not message.plan:
            self.notify("Nothing to assign: every chosen case already has its audits.")
            return
        lines = [f"{fit(a.case_ref, 16)}{fit(a.team, 23)}{fit(a.auditor or '-', 15)}{a.reason}"
                 for a in message.plan]
        missing = sum(1 for a in message.plan if a.auditor is None)
        body = Content(f"{len(message.plan)} case(s)")
        if missing:
            body = Content.assemble(body, "; ", (f"{missing} without an independent auditor",
                                                 "bold $error"))
        desk = self.programmes

        def assign(yes: bool | None) -> None:
            if yes:
                self.runner.run("assign the sample", lambda: AssignmentReady(
                    message.programme_id, message.auditors, message.relax,
                    desk.assign(message.programme_id, message.auditors, message.relax),
                    done=True), self, lambda m: m)

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
            self.runner.run("create the repeat", lambda: desk.repeat(
                p.id, name=name.strip(), seed=seed, same_cases=same), self,
                lambda _p: ProgrammeChanged())

        self.app.push_screen(TextPrompt(
            f"Repeat {quoted(p.name)}",
            "new name | same (the same cases) or a seed (a new sample)",
            value=f"{p.name} (repeat) | same"), repeat)

    def action_cases(self) -> None:
        item = self._selected()
        if item is None:
            return
        from qa_tui.tui.screens.programme_cases import ProgrammeCasesScreen

        self.app.push_screen(ProgrammeCasesScreen(item[0]))

    def on_screen_resume(self) -> None:
        self.refresh_list()

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

        self.app.push_screen(Confirm(f"Close {clip(p.name, 60)}?", "Its audits stay as they "
                                     "are; no more sampling or assignment.", []), close)

    def action_import_cases(self) -> None:
        from qa_tui.tui.screens.import_cases import _prompt_path

        _prompt_path(self)

    @on(ImportPreviewed)
    def _previewed(self, message: ImportPreviewed) -> None:
        from qa_tui.tui.screens.import_cases import _ask_mapping

        _ask_mapping(self, message)

    @on(CasesImported)
    def _imported(self, message: CasesImported) -> None:
        self.notify(f"{message.path.name}: {message.added} case(s) added, {message.updated} "
                    f"updated, {message.closed} closed.", timeout=8)

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("New programme", "Create an audit round", self.action_new_programme)
        yield SystemCommand("Draw sample", "For the highlighted programme", self.action_sample)
        yield SystemCommand("Assign sample", "To independent auditors", self.action_assign)
        yield SystemCommand("Repeat programme", "Next round", self.action_repeat)
        yield SystemCommand("Programme cases", "Outcomes and reasons; add, remove, reassign",
                            self.action_cases)
        yield SystemCommand("Import case list", "Preview, map columns, import",
                            self.action_import_cases)
