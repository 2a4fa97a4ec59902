-- qa-tui schema, step 1: the auditor's desk.
-- Applied by qa_tui.store in one transaction with its row in schema_migrations.

-- Every rubric an audit was ever graded against, frozen by content hash, so that
-- editing a rubric file never rewrites a past audit.
CREATE TABLE rubric_versions (
    hash          TEXT PRIMARY KEY,
    rubric_id     TEXT NOT NULL,
    version       TEXT NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,          -- canonical JSON of the validated rubric
    first_seen_at TEXT NOT NULL
);
CREATE INDEX rubric_versions_rubric ON rubric_versions (rubric_id);

-- Case files as imported from the case-management system: references and
-- pseudonyms only, never names.
CREATE TABLE cases (
    case_ref        TEXT PRIMARY KEY,
    team            TEXT NOT NULL,
    worker          TEXT,
    manager         TEXT,
    cohort          TEXT,
    child_pseudonym TEXT,
    opened_on       TEXT,
    attributes      TEXT NOT NULL DEFAULT '{}',
    imported_at     TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX cases_team ON cases (team);

CREATE TABLE audits (
    id                    INTEGER PRIMARY KEY,
    case_ref              TEXT NOT NULL REFERENCES cases (case_ref),
    rubric_hash           TEXT NOT NULL REFERENCES rubric_versions (hash),
    auditor               TEXT NOT NULL,
    status                TEXT NOT NULL DEFAULT 'to_do'
                          CHECK (status IN ('to_do', 'in_progress', 'submitted')),
    due_on                TEXT,
    lookback_from         TEXT,           -- the window read: usually 12 months
    judgement_from        TEXT,           -- practice judged from here: usually 6 months
    window_to             TEXT,
    created_at            TEXT NOT NULL,
    created_by            TEXT NOT NULL,
    started_at            TEXT,
    submitted_at          TEXT,
    overall_grade_key     TEXT,
    overall_grade_value   INTEGER,
    overall_grade_label   TEXT,
    overall_rationale     TEXT NOT NULL DEFAULT '',
    override_reason       TEXT NOT NULL DEFAULT '',
    strengths             TEXT NOT NULL DEFAULT '',
    areas_for_development TEXT NOT NULL DEFAULT '',
    updated_at            TEXT NOT NULL
);
CREATE INDEX audits_auditor_status ON audits (auditor, status);
CREATE INDEX audits_case ON audits (case_ref);

-- One row per criterion answered. A grade is stored as its scale value and label,
-- so a script never needs the rubric file to read it.
CREATE TABLE answers (
    audit_id       INTEGER NOT NULL REFERENCES audits (id),
    criterion_id   TEXT NOT NULL,
    grade_key      TEXT,
    grade_value    INTEGER,
    grade_label    TEXT,
    not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
    evidence       TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL,
    PRIMARY KEY (audit_id, criterion_id),
    CHECK (NOT (not_applicable = 1 AND grade_key IS NOT NULL))
);

-- Confirmed theme tags; criterion_id '' is a theme of the audit as a whole.
CREATE TABLE audit_themes (
    audit_id     INTEGER NOT NULL REFERENCES audits (id),
    criterion_id TEXT NOT NULL DEFAULT '',
    theme        TEXT NOT NULL,
    polarity     TEXT NOT NULL CHECK (polarity IN ('strength', 'area_for_development')),
    added_at     TEXT NOT NULL,
    added_by     TEXT NOT NULL,
    PRIMARY KEY (audit_id, criterion_id, theme)
);
CREATE INDEX audit_themes_theme ON audit_themes (theme);

CREATE TABLE case_actions (
    id         INTEGER PRIMARY KEY,
    audit_id   INTEGER NOT NULL REFERENCES audits (id),
    what       TEXT NOT NULL,
    owner      TEXT NOT NULL,
    due_on     TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX case_actions_audit ON case_actions (audit_id);

-- An Inadequate overall grade means a child may be unsafe: who was told, when, and
-- the immediate action agreed, recorded before the audit can be submitted.
CREATE TABLE escalations (
    id               INTEGER PRIMARY KEY,
    audit_id         INTEGER NOT NULL REFERENCES audits (id),
    told_who         TEXT NOT NULL,
    told_at          TEXT NOT NULL,
    immediate_action TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    recorded_at      TEXT NOT NULL,
    recorded_by      TEXT NOT NULL
);
CREATE INDEX escalations_audit ON escalations (audit_id);

-- Every change: who, when, what, old and new value.
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    who       TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX events_entity ON events (entity, entity_id);
