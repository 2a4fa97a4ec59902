-- qa-tui schema, step 10: findings go back to practice. Feedback to the worker and
-- manager, re-audits scheduled from an audit, supervision audits that check earlier
-- findings reached supervision, moderation a QA lead steers, the QA lead's
-- recommendations for a round, and the action plan's quarterly review snapshots.
-- Every row is written the moment it is made, with an event, like the rest.

-- What the auditor told the worker or their manager about the audit, and what they said
-- back. One row per conversation: the worker and the manager are often told apart.
CREATE TABLE audit_feedback (
    id          INTEGER PRIMARY KEY,
    audit_id    INTEGER NOT NULL REFERENCES audits (id),
    given_to    TEXT NOT NULL CHECK (given_to IN ('worker', 'manager')),
    given_to_name TEXT NOT NULL DEFAULT '',   -- the person told (a name: --with-workers)
    given_on    TEXT NOT NULL,                -- YYYY-MM-DD
    how         TEXT NOT NULL CHECK (how IN ('in_person', 'in_writing', 'by_phone', 'online')),
    response    TEXT NOT NULL DEFAULT 'not_yet' CHECK (response IN
                    ('agrees', 'partly_agrees', 'disagrees', 'not_yet')),
    reasons     TEXT NOT NULL DEFAULT '',     -- why they disagree (needed when they do)
    reflection  TEXT NOT NULL DEFAULT '',     -- the worker's own reflection
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX audit_feedback_audit ON audit_feedback (audit_id);

-- "Re-audit in N months": set on a submitted audit; on the QA lead's list from due_on;
-- started as a new audit of the same case whose previous_audit_id is this audit.
CREATE TABLE reaudits (
    audit_id         INTEGER PRIMARY KEY REFERENCES audits (id),   -- the earlier audit
    months           INTEGER NOT NULL CHECK (months BETWEEN 1 AND 36),
    due_on           TEXT NOT NULL,                                -- YYYY-MM-DD
    reason           TEXT NOT NULL DEFAULT '',
    set_at           TEXT NOT NULL,
    set_by           TEXT NOT NULL,
    started_audit_id INTEGER REFERENCES audits (id),               -- the re-audit, once made
    started_at       TEXT,
    started_by       TEXT,
    cancelled_at     TEXT,
    cancelled_by     TEXT,
    cancel_reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reaudits_due ON reaudits (due_on) WHERE started_audit_id IS NULL
    AND cancelled_at IS NULL;
CREATE INDEX audits_previous ON audits (previous_audit_id) WHERE previous_audit_id IS NOT NULL;

-- A supervision audit asks of each earlier finding and open case action of the case:
-- was it discussed in supervision, and what was agreed. item_key names the item:
-- 'finding:<audit id>:<criterion id>' or 'action:<case action id>'; summary is what the
-- auditor was shown, kept as shown.
CREATE TABLE supervision_checks (
    audit_id        INTEGER NOT NULL REFERENCES audits (id),   -- the supervision audit
    item_key        TEXT NOT NULL,
    item_kind       TEXT NOT NULL CHECK (item_kind IN ('finding', 'action')),
    source_audit_id INTEGER NOT NULL REFERENCES audits (id),   -- the audit it came from
    summary         TEXT NOT NULL,
    discussed       TEXT CHECK (discussed IS NULL OR discussed IN ('yes', 'partly', 'no')),
    agreed          TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    PRIMARY KEY (audit_id, item_key)
);
CREATE INDEX supervision_checks_source ON supervision_checks (source_audit_id);

-- Moderation a QA lead steers: the moderator assigned (never the auditor), blind
-- moderation (the moderator grades before seeing the auditor's grades), and the
-- programme's default for blindness. selected_because already says "picked by hand".
ALTER TABLE moderations ADD COLUMN assigned_to TEXT;
ALTER TABLE moderations ADD COLUMN blind INTEGER NOT NULL DEFAULT 0 CHECK (blind IN (0, 1));
ALTER TABLE moderations ADD COLUMN revealed_at TEXT;    -- a blind moderator saw the grades
ALTER TABLE programmes ADD COLUMN moderation_blind INTEGER NOT NULL DEFAULT 0
    CHECK (moderation_blind IN (0, 1));

-- "Send back to the auditor": a question the auditor answers before moderation completes.
CREATE TABLE moderation_send_backs (
    id          INTEGER PRIMARY KEY,
    audit_id    INTEGER NOT NULL REFERENCES moderations (audit_id),
    comment     TEXT NOT NULL,
    sent_at     TEXT NOT NULL,
    sent_by     TEXT NOT NULL,
    answer      TEXT,
    answered_at TEXT,
    answered_by TEXT
);
CREATE INDEX moderation_send_backs_audit ON moderation_send_backs (audit_id);

-- The QA lead's recommendations for a round, in the order the report prints them.
CREATE TABLE programme_recommendations (
    id           INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    position     INTEGER NOT NULL,
    text         TEXT NOT NULL,
    written_at   TEXT NOT NULL,
    written_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX programme_recommendations_programme ON programme_recommendations
    (programme_id, position);

-- Settings of the council's, not of one person's: name = 'quarters', value 'calendar'
-- or 'financial' (April start, "Q4-23/24"), read by the dashboard, plan and reports.
CREATE TABLE council_settings (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- The action plan's quarterly review: each item's status, measure and note as they
-- stood at a quarter's end, kept for the board to read back. quarter_end is the
-- quarter's last day (YYYY-MM-DD), the same whichever way quarters are named.
CREATE TABLE plan_snapshots (
    quarter_end    TEXT NOT NULL,
    action_id      INTEGER NOT NULL REFERENCES action_items (id),
    title          TEXT NOT NULL,
    owner          TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    measure_text   TEXT NOT NULL DEFAULT '',  -- the measure as the plan words it
    baseline_value REAL,
    current_value  REAL,
    target_value   REAL,
    audits         INTEGER,                   -- audits behind current_value
    note           TEXT NOT NULL DEFAULT '',
    taken_at       TEXT NOT NULL,
    taken_by       TEXT NOT NULL,
    PRIMARY KEY (quarter_end, action_id)
);
