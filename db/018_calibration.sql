-- qa-tui schema, step 18: calibration exercises.

-- A QA lead sets one case file, or a written vignette, for every auditor to grade
-- independently against one rubric version; then records the agreed grade for each
-- criterion (usually at a calibration meeting) and closes it. Each auditor's grades
-- against the agreed ones show how consistently they grade, and are dated by closed_at
-- so agreement over time counts them beside moderation.
CREATE TABLE calibrations (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    rubric_hash TEXT NOT NULL REFERENCES rubric_versions (hash),
    case_ref    TEXT REFERENCES cases (case_ref),
    vignette    TEXT,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    closed_at   TEXT,
    CHECK (case_ref IS NOT NULL OR length(trim(coalesce(vignette, ''))) > 0)
);

-- One grade per grader and criterion; grader '' is the agreed grade.
CREATE TABLE calibration_grades (
    calibration_id INTEGER NOT NULL REFERENCES calibrations (id),
    grader         TEXT NOT NULL,
    criterion_id   TEXT NOT NULL,
    grade_key      TEXT,
    grade_value    INTEGER,
    not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
    graded_at      TEXT NOT NULL,
    PRIMARY KEY (calibration_id, grader, criterion_id)
) WITHOUT ROWID;
