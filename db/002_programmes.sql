-- qa-tui schema, step 2: dip-sampling programmes, case lists as they come.

-- A case that drops out of a fresh case list is closed, never deleted: its audits stay.
ALTER TABLE cases ADD COLUMN status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'closed'));
ALTER TABLE cases ADD COLUMN closed_on TEXT;

-- Named column mappings for case-management exports ("Case Ref" -> case_ref, ...).
CREATE TABLE column_mappings (
    name       TEXT PRIMARY KEY,
    mapping    TEXT NOT NULL,          -- JSON: {"case_ref": "Case Ref", "team": "Allocated Team", ...}
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

-- Who audits, and the teams each belongs to or manages: no auditor audits their own.
CREATE TABLE auditors (
    name       TEXT PRIMARY KEY,
    teams      TEXT NOT NULL DEFAULT '[]',   -- JSON list of team names
    updated_at TEXT NOT NULL
);

-- An audit round: what is audited, against which rubrics, when, by whose sample.
CREATE TABLE programmes (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL CHECK (kind IN ('dip_sample', 'thematic', 'repeat',
                            'collaborative', 'multi_agency', 'supervision', 'closure')),
    rubric_ids          TEXT NOT NULL,          -- JSON list of rubric ids
    lookback_months     INTEGER NOT NULL DEFAULT 12,
    judgement_months    INTEGER NOT NULL DEFAULT 6,
    due_on              TEXT,
    owner               TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    repeat_of           INTEGER REFERENCES programmes (id),
    rule                TEXT,                   -- JSON sampling rule, as drawn
    seed                INTEGER,
    cohort_size         INTEGER,
    cases_listed        INTEGER,                -- case list size when drawn
    sampled_at          TEXT,
    independence_relaxed TEXT NOT NULL DEFAULT '',  -- the reason, when the rule is relaxed
    created_at          TEXT NOT NULL,
    created_by          TEXT NOT NULL
);

-- Every cohort case of a drawn programme and why it was or was not chosen.
-- outcome: sampled | excluded (closed, audited recently) | not_drawn (quota met)
--          | added / removed (by hand, with a reason)
CREATE TABLE programme_cases (
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    case_ref     TEXT NOT NULL REFERENCES cases (case_ref),
    team         TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('sampled', 'excluded', 'not_drawn',
                     'added', 'removed')),
    reason       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (programme_id, case_ref)
);
CREATE INDEX programme_cases_outcome ON programme_cases (programme_id, outcome);

ALTER TABLE audits ADD COLUMN programme_id INTEGER REFERENCES programmes (id);
ALTER TABLE audits ADD COLUMN previous_audit_id INTEGER REFERENCES audits (id);
CREATE INDEX audits_programme ON audits (programme_id);
CREATE INDEX audits_case_submitted ON audits (case_ref, submitted_at);
