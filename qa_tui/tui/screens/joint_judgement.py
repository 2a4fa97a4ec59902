"""A multi-agency round's joint judgements (`j` on the programmes screen): the
partnership's one evaluation for each child.

Left, the round's children: how many agencies' audits are in, and whether the joint
judgement is agreed. Right, the highlighted child's criteria, overall first, with each
agency's grade side by side (≠ where they differ) and the joint grade. A digit records
the joint grade of the highlighted criterion (`n` not applicable); where the agencies
differ the reason is asked first. `p` says who took part, `c` settles it, `a` assigns the
round's audits to each agency's auditor, `g` shows the round by agency (criteria down,
agencies across, the joint judgement last). Every save is one short write, off the UI
thread, as everywhere else.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from qa_tui.desks.multi_agency import JointView, MultiAgencyDesk
from qa_tui.domain.multi_agency import AgencyCell
from qa_tui.domain.permissions import Op
from qa_tui.tui.base import DeskAccess
from qa_tui.tui.screens.joint_judgement_forms import (
    AssignAgenciesForm,
    ParticipantsForm,
    ReasonForm,
    by_agency_text,
    child_state,
    criteria_rows,
)
from qa_tui.tui.widgets.shown import block, brief, line


class ChildrenListed(Message):
    def __init__(self, rows: list[dict[str, Any]], name: str, note: str = ""):
        super().__init__()
        self.rows, self.name, self.note = rows, name, note


class JointRead(Message):
    def __init__(self, view: JointView, saved: str | None = None):
        super().__init__()
        self.view, self.saved = view, saved


class AgenciesRead(Message):
    def __init__(self, tables: list[tuple[Any, list[AgencyCell]]]):
        super().__init__()
        self.tables = tables


class JointJudgementScreen(DeskAccess, Screen[None]):
    TITLE = "Joint judgements"
    DEFAULT_CSS = """
    #joint-body { height: 1fr; }
    #joint-children { width: 19; height: 1fr; }
    #joint-side { width: 3fr; height: 1fr; }
    #joint-head { height: auto; max-height: 3; padding: 0 1;
                  text-wrap: nowrap; text-overflow: ellipsis; }
    #joint-criteria { height: 1fr; min-height: 5; }
    #joint-detail { height: auto; max-height: 8; padding: 0 1; }
    #joint-agencies { height: 1fr; padding: 0 1; display: none; }
    JointJudgementScreen.by-agency #joint-agencies { display: block; }
    JointJudgementScreen.by-agency #joint-side { display: none; }
    JointJudgementScreen.by-agency #joint-children { display: none; }
    """
    GUARDS = {
        "grade": Op.JOINT_JUDGEMENT,
        "participants": Op.JOINT_JUDGEMENT,
        "settle": Op.JOINT_JUDGEMENT,
        "assign": Op.ASSIGN_AUDITS,
        "by_agency": Op.SEE_FIGURES,
    }
    BINDINGS = [
        Binding(
            "1",
            "grade(1)",
            "Joint grade",
            key_display="1-N",
            id="joint.grade",
            tooltip="The partnership's grade for the highlighted criterion, best first",
        ),
        *[Binding(str(n), f"grade({n})", show=False, id=f"joint.grade{n}") for n in range(2, 10)],
        Binding("n", "grade(0)", "N/A", id="joint.na", tooltip="Not applicable, if it may be"),
        Binding(
            "p",
            "participants",
            "Took part",
            id="joint.participants",
            tooltip="Who took part in agreeing it: Agency=Name; ...",
        ),
        Binding(
            "c",
            "settle",
            "Agree",
            id="joint.settle",
            tooltip="Settle the child's joint judgement: it no longer changes",
        ),
        Binding(
            "a",
            "assign",
            "Assign",
            id="joint.assign",
            tooltip="Audit each child once per agency: Agency=user; ...",
        ),
        Binding(
            "g",
            "by_agency",
            "By agency",
            id="joint.by_agency",
            tooltip="The round by agency: criteria down, agencies across",
        ),
        Binding("escape", "back", "Back", id="joint.back", tooltip="Back to the programmes"),
    ]
    HELP_EXTRA = [("tab", "Between the children and the child's criteria")]

    def __init__(self, programme_id: int):
        super().__init__()
        self.programme_id = programme_id
        self.rows: list[dict[str, Any]] = []
        self.view: JointView | None = None
        self.view_case = ""  # the child the criteria list shows

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="joint-body"):
            yield OptionList(id="joint-children")
            with Vertical(id="joint-side"):
                yield Static("loading…", id="joint-head")
                yield OptionList(id="joint-criteria")
                yield Static("", id="joint-detail")
            with VerticalScroll(id="joint-agencies"):
                yield Static("", id="joint-agencies-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#joint-children", OptionList).focus()
        self.load()

    def load(self) -> None:
        desk, programme_id = self.desk, self.programme_id

        def read() -> ChildrenListed:
            multi = MultiAgencyDesk(desk)
            name = multi.programmes.get(programme_id).name
            return ChildrenListed(multi.children(programme_id), name)

        self.runner.run("list the round's children", read, self, lambda m: m)

    @on(ChildrenListed)
    def _listed(self, message: ChildrenListed) -> None:
        self.sub_title = message.name
        if message.note:
            self.notify(message.note, timeout=5)
        options = self.query_one("#joint-children", OptionList)
        keep = options.highlighted
        options.clear_options()
        self.rows = message.rows
        for r in message.rows:
            options.add_option(
                Option(
                    Content.assemble(
                        line(brief(r["case_ref"]), "bold"),
                        "\n",
                        line(f" {r['submitted']}/{r['agencies']} · {child_state(r)}", "dim"),
                    )
                )
            )
        if not message.rows:
            options.add_option(
                Option(line("no agency audits yet: a assigns the round", "dim"), disabled=True)
            )
            self.query_one("#joint-head", Static).update(
                block(
                    "Assign the round first (a): one auditor per agency, e.g. "
                    "Police=police.ash; Health=nurse.hazel"
                )
            )
            return
        options.highlighted = min(keep or 0, len(message.rows) - 1)
        self._read_child()

    @on(OptionList.OptionHighlighted, "#joint-children")
    def _child_highlighted(self) -> None:
        self._read_child()

    def _child(self) -> dict[str, Any] | None:
        options = self.query_one("#joint-children", OptionList)
        if options.highlighted is None or not self.rows:
            return None
        return self.rows[options.highlighted]

    def _read_child(self, saved: str | None = None) -> None:
        child = self._child()
        if child is None:
            return
        desk, programme_id = self.desk, self.programme_id
        case_ref, rubric_id = child["case_ref"], child["rubric_id"]
        self.runner.run(
            "read the child's joint judgement",
            lambda: JointRead(
                MultiAgencyDesk(desk).joint(programme_id, case_ref, rubric_id), saved
            ),
            self,
            lambda m: m,
        )

    @on(JointRead)
    def _joint(self, message: JointRead) -> None:
        child = self._child()
        if child is None or child["case_ref"] != message.view.case_ref:
            return  # another child was highlighted since
        v = self.view = message.view
        state = f"agreed {v.agreed_at[:10]}" if v.agreed_at else "not agreed yet"
        head = [
            line(f"{brief(v.case_ref)} · {brief(v.rubric.title)} · {state}", "bold"),
        ]
        if v.waiting_for:
            head.append(line("Waiting for: " + ", ".join(v.waiting_for), "$warning"))
        who = "; ".join(
            f"{p['name']} ({p['agency']})" if p.get("agency") else p["name"] for p in v.participants
        )
        head.append(line(f"Took part: {who}" if who else "Took part: not said yet (p)", "dim"))
        self.query_one("#joint-head", Static).update(Content("\n").join(head))
        options = self.query_one("#joint-criteria", OptionList)
        same_child = self.view_case == v.case_ref
        self.view_case = v.case_ref
        missing = [n for n, c in enumerate(v.criteria) if c.agreed is None]
        # the same child: stay put; another: the first criterion still to agree
        at = (self._criterion_index() or 0) if same_child else (missing or [0])[0]
        options.clear_options()
        names, *rows = criteria_rows(v)
        options.add_options([Option(names, disabled=True), *(Option(r) for r in rows)])
        if message.saved is not None:
            ids = [c.criterion_id for c in v.criteria]
            at = min(ids.index(message.saved) + 1, len(ids) - 1)
            name = v.criteria[ids.index(message.saved)].name
            self.notify(f"{name}: agreed ✓", timeout=2)
        options.highlighted = min(at, len(v.criteria) - 1) + 1  # under the agencies' names
        self._show_detail()

    def _criterion_index(self) -> int | None:
        """The highlighted criterion's place in the view (the list's first line names
        the agencies)."""
        at = self.query_one("#joint-criteria", OptionList).highlighted
        return None if at is None or at < 1 else at - 1

    @on(OptionList.OptionHighlighted, "#joint-criteria")
    def _show_detail(self) -> None:
        v, at = self.view, self._criterion_index()
        if v is None or at is None:
            return
        c = v.criteria[at]
        parts = [line(c.name, "bold")]
        parts.append(
            line("; ".join(f"{g.agency}: {g.text}" for g in c.agencies) or "no grades yet")
        )
        if c.agreed:
            parts.append(line(f"Joint: {c.agreed['label']}", "bold"))
            if c.agreed["reason"]:
                parts.append(block(c.agreed["reason"], "italic"))
        elif c.differ:
            parts.append(line("The agencies differ: the joint grade needs a reason.", "dim"))
        self.query_one("#joint-detail", Static).update(Content("\n").join(parts))

    # -- actions -----------------------------------------------------------------------

    def action_grade(self, number: int) -> None:
        v, at = self.view, self._criterion_index()
        if v is None or at is None or self.has_class("by-agency"):
            return
        c = v.criteria[at]
        if c.differ and v.agreed_at is None and not v.waiting_for:
            heading = f"{c.name}: the agencies differ"

            def with_reason(answer: tuple[str, ...] | None) -> None:
                if answer is not None:
                    self._save(c.criterion_id, number, answer[0])

            self.app.push_screen(ReasonForm(heading), with_reason)
            return
        self._save(c.criterion_id, number, "")

    def _save(self, criterion_id: str, number: int, reason: str) -> None:
        v = self.view
        assert v is not None
        desk, programme_id = self.desk, self.programme_id
        case_ref, rubric_id = v.case_ref, v.rubric.id

        def save() -> JointRead:
            saved = MultiAgencyDesk(desk).grade(
                programme_id, case_ref, criterion_id or "overall", number or None, reason,
                rubric_id,
            )  # fmt: skip
            return JointRead(saved, criterion_id)

        self.runner.run("save the joint grade", save, self, lambda m: m)

    def action_participants(self) -> None:
        v = self.view
        if v is None:
            return
        desk, programme_id, case_ref = self.desk, self.programme_id, v.case_ref
        now = "; ".join(
            f"{p['agency']}={p['name']}" if p.get("agency") else p["name"] for p in v.participants
        )

        def said(answer: tuple[str, ...] | None) -> None:
            if answer is None:
                return
            names = [n for n in answer[0].split(";") if n.strip()]
            self.runner.run(
                "save who took part",
                lambda: JointRead(
                    MultiAgencyDesk(desk).set_participants(
                        programme_id, case_ref, names, v.rubric.id
                    )
                ),
                self,
                lambda m: m,
            )

        self.app.push_screen(ParticipantsForm(now), said)

    def action_settle(self) -> None:
        v = self.view
        if v is None:
            return
        desk, programme_id, case_ref = self.desk, self.programme_id, v.case_ref
        name = self.sub_title or ""

        def settle() -> ChildrenListed:
            multi = MultiAgencyDesk(desk)
            multi.agree(programme_id, case_ref, v.rubric.id)
            note = f"{case_ref}: the joint judgement is agreed."
            return ChildrenListed(multi.children(programme_id), name, note)

        self.runner.run("agree the joint judgement", settle, self, lambda m: m)

    def action_assign(self) -> None:
        desk, programme_id, name = self.desk, self.programme_id, self.sub_title or ""

        def named(answer: tuple[str, ...] | None) -> None:
            if answer is None:
                return
            auditors = [a for a in answer[0].split(";") if a.strip()]

            def assign() -> ChildrenListed:
                multi = MultiAgencyDesk(desk)
                made = multi.assign(programme_id, auditors)
                return ChildrenListed(
                    multi.children(programme_id),
                    name,
                    f"{len(made)} audit(s) made for the agencies named.",
                )

            self.runner.run("assign the round to the agencies", assign, self, lambda m: m)

        self.app.push_screen(AssignAgenciesForm(), named)

    def action_by_agency(self) -> None:
        if self.has_class("by-agency"):
            self.remove_class("by-agency")
            self.query_one("#joint-criteria", OptionList).focus()
            return
        desk, programme_id = self.desk, self.programme_id
        self.runner.run(
            "read the round by agency",
            lambda: AgenciesRead(MultiAgencyDesk(desk).by_agency(programme_id)[1]),
            self,
            lambda m: m,
        )

    @on(AgenciesRead)
    def _agencies(self, message: AgenciesRead) -> None:
        self.query_one("#joint-agencies-text", Static).update(by_agency_text(message.tables))
        self.add_class("by-agency")
        self.query_one("#joint-agencies").focus()

    def action_back(self) -> None:
        if self.has_class("by-agency"):
            self.action_by_agency()
            return
        self.app.pop_screen()
