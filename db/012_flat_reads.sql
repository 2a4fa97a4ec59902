-- qa-tui schema, step 12: reads that stay flat as the history grows.

-- Summary level 6 keeps team and cohort but not programme (store/summaries.py LEVELS).
-- A filter on a team and a cohort read level 4, which spreads the same figures over
-- every programme as well: ten times the cells on a large database. Level 6 is level 4
-- summed over programmes, so it is filled from it here without reading any audit; from
-- now on it is kept current with the other levels (submit, reopen, moderation, theme
-- merge and rename) and recounted with them by a rebuild. Cells that sum to nothing
-- (left by reopened audits) are left out, as a recount leaves them out.
DELETE FROM grade_cells WHERE level = 6;
INSERT INTO grade_cells (level, kind, auditor, rubric_id, criterion_id, cohort, programme_id,
                         team, month, counted, na, v1, v2, v3, v4, worst)
SELECT 6, kind, auditor, rubric_id, criterion_id, cohort, 0, team, month, sum(counted),
       sum(na), sum(v1), sum(v2), sum(v3), sum(v4), sum(worst)
  FROM grade_cells
 WHERE level = 4
 GROUP BY kind, auditor, rubric_id, criterion_id, cohort, team, month
HAVING sum(counted) != 0 OR sum(na) != 0 OR sum(v1) != 0 OR sum(v2) != 0 OR sum(v3) != 0
    OR sum(v4) != 0 OR sum(worst) != 0;

DELETE FROM theme_cells WHERE level = 6;
INSERT INTO theme_cells (level, polarity, auditor, rubric_id, criterion_id, cohort,
                         programme_id, team, month, theme, audits, v1, v2, v3, v4, worst)
SELECT 6, polarity, auditor, rubric_id, criterion_id, cohort, 0, team, month, theme,
       sum(audits), sum(v1), sum(v2), sum(v3), sum(v4), sum(worst)
  FROM theme_cells
 WHERE level = 4
 GROUP BY polarity, auditor, rubric_id, criterion_id, cohort, team, month, theme
HAVING sum(audits) != 0 OR sum(v1) != 0 OR sum(v2) != 0 OR sum(v3) != 0 OR sum(v4) != 0
    OR sum(worst) != 0;

-- A programme's progress (audits, started, submitted, overdue, by auditor and by team),
-- counted per programme, auditor or team, status and due date, so the programmes
-- screen reads a few cells a programme instead of every audit of every round. `per`
-- says which grouping a cell is in ('auditor' or 'team': the case's team as it is
-- now). due_on is kept only while an audit is not submitted (it is what makes one
-- overdue), '' once submitted or when there is none: the cells grow with the people,
-- the teams and the open work, not with the history. Triggers keep it current on any
-- change to an audit or to a case's team, whatever part of qa-tui writes it.
CREATE TABLE programme_progress (
    programme_id INTEGER NOT NULL,
    per          TEXT NOT NULL,
    name         TEXT NOT NULL,
    status       TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    audits       INTEGER NOT NULL,
    PRIMARY KEY (programme_id, per, name, status, due_on)
) WITHOUT ROWID;
INSERT INTO programme_progress (programme_id, per, name, status, due_on, audits)
SELECT a.programme_id, k.per, CASE k.per WHEN 'auditor' THEN a.auditor ELSE c.team END,
       a.status, CASE WHEN a.status = 'submitted' THEN '' ELSE coalesce(a.due_on, '') END,
       count(*)
  FROM audits a JOIN cases c ON c.case_ref = a.case_ref
 CROSS JOIN (SELECT 'auditor' AS per UNION ALL SELECT 'team') k
 WHERE a.programme_id IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER programme_progress_insert AFTER INSERT ON audits
WHEN NEW.programme_id IS NOT NULL
BEGIN
    INSERT INTO programme_progress (programme_id, per, name, status, due_on, audits)
    SELECT NEW.programme_id, k.per, k.name, NEW.status,
           CASE WHEN NEW.status = 'submitted' THEN '' ELSE coalesce(NEW.due_on, '') END, 1
      FROM (SELECT 'auditor' AS per, NEW.auditor AS name UNION ALL
            SELECT 'team', c.team FROM cases c WHERE c.case_ref = NEW.case_ref) k
     WHERE true
    ON CONFLICT DO UPDATE SET audits = audits + 1;
END;
CREATE TRIGGER programme_progress_delete AFTER DELETE ON audits
WHEN OLD.programme_id IS NOT NULL
BEGIN
    UPDATE programme_progress SET audits = audits - 1
     WHERE programme_id = OLD.programme_id AND per = 'auditor' AND name = OLD.auditor
       AND status = OLD.status AND due_on =
           CASE WHEN OLD.status = 'submitted' THEN '' ELSE coalesce(OLD.due_on, '') END;
    UPDATE programme_progress SET audits = audits - 1
     WHERE programme_id = OLD.programme_id AND per = 'team'
       AND name = (SELECT c.team FROM cases c WHERE c.case_ref = OLD.case_ref)
       AND status = OLD.status AND due_on =
           CASE WHEN OLD.status = 'submitted' THEN '' ELSE coalesce(OLD.due_on, '') END;
END;
CREATE TRIGGER programme_progress_update
AFTER UPDATE OF programme_id, auditor, status, due_on, case_ref ON audits
WHEN OLD.programme_id IS NOT NEW.programme_id OR OLD.auditor IS NOT NEW.auditor
  OR OLD.status IS NOT NEW.status OR OLD.due_on IS NOT NEW.due_on
  OR OLD.case_ref IS NOT NEW.case_ref
BEGIN
    UPDATE programme_progress SET audits = audits - 1
     WHERE programme_id = OLD.programme_id AND per = 'auditor' AND name = OLD.auditor
       AND status = OLD.status AND due_on =
           CASE WHEN OLD.status = 'submitted' THEN '' ELSE coalesce(OLD.due_on, '') END;
    UPDATE programme_progress SET audits = audits - 1
     WHERE programme_id = OLD.programme_id AND per = 'team'
       AND name = (SELECT c.team FROM cases c WHERE c.case_ref = OLD.case_ref)
       AND status = OLD.status AND due_on =
           CASE WHEN OLD.status = 'submitted' THEN '' ELSE coalesce(OLD.due_on, '') END;
    INSERT INTO programme_progress (programme_id, per, name, status, due_on, audits)
    SELECT NEW.programme_id, k.per, k.name, NEW.status,
           CASE WHEN NEW.status = 'submitted' THEN '' ELSE coalesce(NEW.due_on, '') END, 1
      FROM (SELECT 'auditor' AS per, NEW.auditor AS name UNION ALL
            SELECT 'team', c.team FROM cases c WHERE c.case_ref = NEW.case_ref) k
     WHERE NEW.programme_id IS NOT NULL
    ON CONFLICT DO UPDATE SET audits = audits + 1;
END;
CREATE TRIGGER programme_progress_case_team AFTER UPDATE OF team ON cases
WHEN OLD.team IS NOT NEW.team
BEGIN
    INSERT INTO programme_progress (programme_id, per, name, status, due_on, audits)
    SELECT a.programme_id, 'team', t.team, a.status,
           CASE WHEN a.status = 'submitted' THEN '' ELSE coalesce(a.due_on, '') END, sum(t.n)
      FROM audits a, (SELECT OLD.team AS team, -1 AS n UNION ALL SELECT NEW.team, 1) t
     WHERE a.case_ref = NEW.case_ref AND a.programme_id IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT DO UPDATE SET audits = audits + excluded.audits;
END;
