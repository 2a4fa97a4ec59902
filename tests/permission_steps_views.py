"""The permissions walk of the warehouse export's desk (issue 14, part 5): making the
council's pseudonym key and reading the pseudonymised rows are EXPORT. Discovered by
tests/test_permissions.py (see permission_steps.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from permission_steps import Step, rule
from permission_world import World

from qa_tui.desks.warehouse import WarehouseDesk
from qa_tui.domain.permissions import Op
from qa_tui.exports.warehouse import write_warehouse

DESKS = [WarehouseDesk]


_ROOT = tempfile.TemporaryDirectory(prefix="qa-walk-")  # removed when the tests end


def _folder() -> Path:
    return Path(tempfile.mkdtemp(dir=_ROOT.name)) / "warehouse"


def steps(w: World) -> list[Step]:
    return [
        Step("WarehouseDesk.key", "", lambda d: WarehouseDesk(d.audit).key(), rule(Op.EXPORT)),
        Step(
            "WarehouseDesk.rows",
            "every table",
            lambda d: [
                list(WarehouseDesk(d.audit).rows(t, "TEST", "k" * 16))
                for t in ("audits", "counted_grades", "themes", "actions")
            ],
            rule(Op.EXPORT),
        ),
        Step(
            "exports.write_warehouse",
            "to a new folder",
            lambda d: write_warehouse(d.audit, _folder(), "TEST"),
            rule(Op.EXPORT),
        ),
    ]
