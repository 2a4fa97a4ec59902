-- qa-tui schema, step 6: themes that feed the improvement action plan.

-- The theme catalogue: one name per theme, found by a normalised key (case and spacing
-- ignored). Auditors' tags are stored under the catalogue's name; what they typed is
-- kept in entered_as when it differed.
CREATE TABLE theme_catalogue (
    key        TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
-- Known synonyms, merged by a QA lead: a tag whose key is variant_key is stored as the
-- theme whose key is theme_key.
CREATE TABLE theme_synonyms (
    variant_key TEXT PRIMARY KEY,
    theme_key   TEXT NOT NULL REFERENCES theme_catalogue (key),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
ALTER TABLE audit_themes ADD COLUMN entered_as TEXT;

-- Themes of submitted audits, counted like grade_cells (same levels and blanks), so a
-- theme ranking for any filter reads a few hundred cells. criterion_id '*' rows count
-- each audit once however many criteria carry the theme; other rows count the audits
-- that tagged it on that criterion ('' = on the audit as a whole). v1..v4 and worst are
-- the counted overall grades of those audits: the grade mix behind a theme.
CREATE TABLE theme_cells (
    level        INTEGER NOT NULL,
    polarity     TEXT NOT NULL,
    auditor      TEXT NOT NULL,
    rubric_id    TEXT NOT NULL,
    criterion_id TEXT NOT NULL,
    cohort       TEXT NOT NULL,
    programme_id INTEGER NOT NULL,
    team         TEXT NOT NULL,
    month        TEXT NOT NULL,
    theme        TEXT NOT NULL,
    audits       INTEGER NOT NULL,
    v1           INTEGER NOT NULL,
    v2           INTEGER NOT NULL,
    v3           INTEGER NOT NULL,
    v4           INTEGER NOT NULL,
    worst        INTEGER NOT NULL,
    PRIMARY KEY (level, polarity, auditor, rubric_id, criterion_id, cohort, programme_id,
                 team, month, theme)
) WITHOUT ROWID;
-- One theme's cells (the teams behind a highlighted theme) without reading every theme's.
CREATE INDEX theme_cells_by_theme ON theme_cells (level, theme, criterion_id);

-- Inspection recommendations an action can serve; the service edits the list.
CREATE TABLE recommendations (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    text       TEXT NOT NULL,
    source     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO recommendations (code, text, source, created_at) VALUES
 ('2023-1', 'Improve the support care leavers receive, including their pathway plans and contact with personal advisers.', 'Ofsted ILACS 2023 (example)', '2023-12-01'),
 ('2023-2', 'Improve social work practice for disabled children, including assessments and plans that reflect their needs and views.', 'Ofsted ILACS 2023 (example)', '2023-12-01'),
 ('2023-3', 'Improve the oversight of children electively home educated and children missing education.', 'Ofsted ILACS 2023 (example)', '2023-12-01'),
 ('2023-4', 'Improve the consistency and quality of assessments, so they analyse risk and need and are updated when circumstances change.', 'Ofsted ILACS 2023 (example)', '2023-12-01'),
 ('2023-5', 'Increase the sufficiency of placements, so children live in homes that meet their needs, close to their communities.', 'Ofsted ILACS 2023 (example)', '2023-12-01'),
 ('2023-6', 'Improve the response to children who go missing from care, including return home interviews and safety planning.', 'Ofsted ILACS 2023 (example)', '2023-12-01'),
 ('2023-7', 'Improve the quality and regularity of supervision, so it is reflective and drives progress for children.', 'Ofsted ILACS 2023 (example)', '2023-12-01'),
 ('2023-8', 'Increase service capacity, so social workers have caseloads that allow them to know their children well.', 'Ofsted ILACS 2023 (example)', '2023-12-01');

-- The improvement action plan. A measure is a figure the tool computes from audits:
-- the share of graded answers in a bucket for one criterion ('' = overall judgement),
-- optionally in one cohort, team or programme. The baseline is worked out when the
-- measure is set; progress is read from audits submitted since.
CREATE TABLE action_items (
    id                INTEGER PRIMARY KEY,
    title             TEXT NOT NULL,
    description       TEXT NOT NULL DEFAULT '',
    owner             TEXT NOT NULL DEFAULT '',
    due_on            TEXT,
    recommendation_id INTEGER REFERENCES recommendations (id),
    measure           TEXT,              -- JSON: rubric_id, criterion_id, bucket, cohort, team, programme_id
    measure_set_on    TEXT,              -- YYYY-MM-DD; progress counts audits from this month on
    baseline_value    REAL,
    baseline_audits   INTEGER,
    target_value      REAL,              -- a share, 0..1
    target_on         TEXT,
    status_override   TEXT CHECK (status_override IS NULL OR status_override IN
                          ('not_started', 'on_track', 'at_risk', 'off_track', 'complete')),
    status_reason     TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE TABLE action_themes (
    action_id INTEGER NOT NULL REFERENCES action_items (id),
    theme     TEXT NOT NULL,
    polarity  TEXT NOT NULL CHECK (polarity IN ('strength', 'area_for_development')),
    PRIMARY KEY (action_id, theme, polarity)
);
