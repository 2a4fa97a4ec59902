-- qa-tui schema, step 5: the dashboard's summary tables, kept current in the same
-- transaction as every submit, reopen and completed moderation, so a dashboard refresh
-- reads a few thousand counted cells instead of scanning every answer.

-- An audit counts under the team and cohort its case had when it was submitted: a case
-- moving team later does not move its past audits.
ALTER TABLE audits ADD COLUMN team TEXT;
ALTER TABLE audits ADD COLUMN cohort TEXT;
UPDATE audits SET team = (SELECT c.team FROM cases c WHERE c.case_ref = audits.case_ref),
                  cohort = (SELECT c.cohort FROM cases c WHERE c.case_ref = audits.case_ref)
 WHERE status = 'submitted';
CREATE INDEX audits_status_submitted ON audits (status, submitted_at);
-- The dashboard lists a team's audits behind a figure, newest first.
CREATE INDEX audits_team_submitted ON audits (team, status, submitted_at);

-- Each rubric version's criteria, in order, with how each is counted; criterion_id ''
-- is the overall judgement. grades = the scale's length, so its worst value is known.
CREATE TABLE rubric_criteria (
    rubric_hash  TEXT NOT NULL REFERENCES rubric_versions (hash),
    criterion_id TEXT NOT NULL,
    position     INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('overall', 'quality', 'compliance')),
    question     TEXT NOT NULL,
    grades       INTEGER NOT NULL,
    PRIMARY KEY (rubric_hash, criterion_id)
);

-- Counted grades, summed. Each audit is counted once per level; every level keeps
-- month, rubric and criterion, and blanks ('' or 0) the dimensions it does not keep:
-- 0 none; 1 team; 2 cohort; 3 programme; 4 team, cohort and programme; 5 all of those
-- and the auditor (see qa_tui/summary_store.py). A dashboard query reads the smallest
-- level that has every dimension it filters or groups by. The counted grade is the moderated
-- one where a moderation is complete; not-applicable answers are counted in na only.
CREATE TABLE grade_cells (
    level        INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    auditor      TEXT NOT NULL,
    rubric_id    TEXT NOT NULL,
    criterion_id TEXT NOT NULL,
    cohort       TEXT NOT NULL,
    programme_id INTEGER NOT NULL,
    team         TEXT NOT NULL,
    month        TEXT NOT NULL,
    counted      INTEGER NOT NULL,   -- graded, not N/A
    na           INTEGER NOT NULL,
    v1           INTEGER NOT NULL,   -- best grade (Outstanding / Yes)
    v2           INTEGER NOT NULL,
    v3           INTEGER NOT NULL,
    v4           INTEGER NOT NULL,
    worst        INTEGER NOT NULL,   -- the scale's worst grade (Inadequate / No)
    -- Month last: a query names every other key column (the blanked ones as '' or 0,
    -- the rubrics and criteria as lists), so a period is one range per cell group.
    PRIMARY KEY (level, kind, auditor, rubric_id, criterion_id, cohort, programme_id, team,
                 month)
) WITHOUT ROWID;

-- The moderation screen lists the latest completed moderations first.
CREATE INDEX moderations_done ON moderations (status, completed_at);

-- Auditor-and-moderator grade pairs of completed moderations, counted: agreement and
-- kappa come from these few rows instead of every moderated answer. A moderation is
-- final once complete, so a pair is added once and never taken out. grouping is
-- 'auditor', 'criterion' or 'programme' (criterion grades) or 'overall' (overall grades,
-- keyed by auditor); size is the scale's length; 0 stands for not applicable.
CREATE TABLE agreement_cells (
    grouping        TEXT NOT NULL,
    key             TEXT NOT NULL,
    size            INTEGER NOT NULL,
    auditor_value   INTEGER NOT NULL,
    moderator_value INTEGER NOT NULL,
    pairs           INTEGER NOT NULL,
    PRIMARY KEY (grouping, key, size, auditor_value, moderator_value)
) WITHOUT ROWID;
