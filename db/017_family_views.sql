-- qa-tui schema, step 17: the family's view of the help they had.

-- What a child, young person or family member said about the help they received,
-- recorded on an audit: who gave it, how it was gathered, their words, and an optional
-- rating (1 = not at all helpful .. 5 = very helpful). Kept as said: corrections are a
-- new row and the old one withdrawn (withdrawn_at), so the record of what was said is
-- never rewritten.
CREATE TABLE family_views (
    id           INTEGER PRIMARY KEY,
    audit_id     INTEGER NOT NULL REFERENCES audits (id),
    given_by     TEXT NOT NULL CHECK (given_by IN
                     ('child', 'young_person', 'parent', 'carer', 'family')),
    gathered_how TEXT NOT NULL CHECK (gathered_how IN
                     ('conversation', 'phone', 'questionnaire', 'advocate', 'other')),
    said         TEXT NOT NULL CHECK (length(trim(said)) > 0),
    rating       INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    withdrawn_at TEXT
);
CREATE INDEX family_views_audit ON family_views (audit_id);
