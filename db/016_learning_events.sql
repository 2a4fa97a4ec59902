-- qa-tui schema, step 16: learning that reaches the workforce.

-- A learning event a QA lead plans from the themes: a practice workshop or a training
-- need, on a date, with a facilitator. It answers one or more themes (the theme's name
-- as the catalogue keeps it, and its polarity) and is for some teams; once it has
-- happened, how many came from each team (attended: NULL until recorded).
CREATE TABLE learning_events (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('workshop', 'training_need')),
    title       TEXT NOT NULL,
    held_on     TEXT NOT NULL,                 -- YYYY-MM-DD
    facilitator TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX learning_events_held ON learning_events (held_on);

CREATE TABLE learning_event_themes (
    event_id INTEGER NOT NULL REFERENCES learning_events (id),
    theme    TEXT NOT NULL,
    polarity TEXT NOT NULL CHECK (polarity IN ('strength', 'area_for_development')),
    PRIMARY KEY (event_id, theme, polarity)
) WITHOUT ROWID;

CREATE TABLE learning_event_teams (
    event_id INTEGER NOT NULL REFERENCES learning_events (id),
    team     TEXT NOT NULL,
    attended INTEGER CHECK (attended IS NULL OR attended >= 0),
    PRIMARY KEY (event_id, team)
) WITHOUT ROWID;
