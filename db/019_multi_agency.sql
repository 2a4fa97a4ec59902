-- qa-tui schema, step 19: multi-agency audits and the partnership's joint judgement.

-- The agency an audit speaks for, in a multi-agency round: each sampled child is audited
-- once per agency (children's social care, police, health, education, ...), each by that
-- agency's auditor reading their own agency's records. NULL: a single-agency audit.
ALTER TABLE audits ADD COLUMN agency TEXT;
CREATE INDEX audits_programme_agency ON audits (programme_id, agency);

-- One evaluation for each child by the partnership: after every agency has graded its
-- part, the agencies meet and agree one grade per criterion and overall, with the
-- reasons where they differed and who took part (participants: a JSON list of
-- {"name", "agency"}). agreed_at: the judgement is settled and no longer changes.
CREATE TABLE joint_judgements (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    case_ref     TEXT NOT NULL REFERENCES cases (case_ref),
    rubric_hash  TEXT NOT NULL REFERENCES rubric_versions (hash),
    participants TEXT NOT NULL DEFAULT '[]',
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    agreed_at    TEXT,
    agreed_by    TEXT,
    UNIQUE (programme_id, case_ref, rubric_hash)
);

-- The agreed grade of one criterion (criterion_id '' is the overall grade), stored as its
-- scale value and label like an audit's answers, with the reason the partnership gave.
CREATE TABLE joint_grades (
    joint_id       INTEGER NOT NULL REFERENCES joint_judgements (id),
    criterion_id   TEXT NOT NULL,
    grade_key      TEXT,
    grade_value    INTEGER,
    grade_label    TEXT,
    not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
    reason         TEXT NOT NULL DEFAULT '',
    graded_at      TEXT NOT NULL,
    graded_by      TEXT NOT NULL,
    PRIMARY KEY (joint_id, criterion_id),
    CHECK (NOT (not_applicable = 1 AND grade_key IS NOT NULL))
) WITHOUT ROWID;
