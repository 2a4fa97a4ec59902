"""SQL for a rubric's history: each version audits were graded against (rubric_versions
keeps one row per content hash), when it was first used, and how many audits use it.

Part of the store layer. The audit counts are one pass over audits for all the
rubric's versions together (there is no index on audits.rubric_hash: the command that
reads this is run by hand, now and then).
"""

from __future__ import annotations

from typing import Any

from qa_tui.store.database import Store

_VERSIONS = """
SELECT v.hash, v.version, v.title, v.first_seen_at, v.body,
       coalesce(n.audits, 0) AS audits, coalesce(n.submitted, 0) AS submitted
  FROM rubric_versions v
  LEFT JOIN (SELECT rubric_hash, count(*) AS audits,
                    sum(status = 'submitted') AS submitted
               FROM audits
              WHERE rubric_hash IN (SELECT hash FROM rubric_versions WHERE rubric_id = :rid)
              GROUP BY rubric_hash) n ON n.rubric_hash = v.hash
 WHERE v.rubric_id = :rid
 ORDER BY v.first_seen_at, v.rowid
"""


def rubric_versions(store: Store, rubric_id: str) -> list[dict[str, Any]]:
    """The stored versions of one rubric, oldest first, each with its audit counts."""
    return store._rows(_VERSIONS, {"rid": rubric_id})
