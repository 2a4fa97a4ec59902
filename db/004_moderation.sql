-- qa-tui schema, step 4: moderation. Both the auditor's and the moderator's grades are
-- kept for ever; the moderated one is the one that counts.

-- Share of audits (other than Inadequate and Outstanding, which are always moderated)
-- drawn for moderation in each programme.
ALTER TABLE programmes ADD COLUMN moderation_percent REAL NOT NULL DEFAULT 10;

CREATE TABLE moderations (
    audit_id            INTEGER PRIMARY KEY REFERENCES audits (id),
    selected_because    TEXT NOT NULL,      -- why this audit is moderated, as recorded
    selected_at         TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'done')),
    moderator           TEXT,
    overall_grade_key   TEXT,
    overall_grade_value INTEGER,
    overall_grade_label TEXT,
    overall_reason      TEXT NOT NULL DEFAULT '',
    completed_at        TEXT,
    -- the auditor's overall grade as moderated, kept even if the audit is reopened later
    auditor_overall_value INTEGER
);
CREATE INDEX moderations_status ON moderations (status);

CREATE TABLE moderation_answers (
    audit_id       INTEGER NOT NULL REFERENCES moderations (audit_id),
    criterion_id   TEXT NOT NULL,
    grade_key      TEXT,
    grade_value    INTEGER,
    grade_label    TEXT,
    not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
    reason         TEXT NOT NULL DEFAULT '',
    -- the auditor's grade as moderated (snapshot at completion): agreement compares these
    auditor_grade_value    INTEGER,
    auditor_not_applicable INTEGER,
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL,
    PRIMARY KEY (audit_id, criterion_id)
);
