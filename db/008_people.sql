-- qa-tui schema, step 8: the people of a QA team, what each may do, and how they sign in.
-- A database with no row in `people` is single-user, exactly as before this step.
-- Nobody is ever deleted: a person is disabled, and their past audits keep their name.

CREATE TABLE people (
    user_name        TEXT PRIMARY KEY,
    display_name     TEXT NOT NULL,
    roles            TEXT NOT NULL DEFAULT '[]',   -- JSON list: auditor, qa_lead, manager, ...
    manages          TEXT NOT NULL DEFAULT '[]',   -- JSON list of the teams they manage
    agency           TEXT,                         -- a partner agency's name
    passphrase_hash  TEXT,                         -- scrypt, never the passphrase itself
    failed_sign_ins  INTEGER NOT NULL DEFAULT 0,
    locked_until     TEXT,                         -- ISO time; sign-in refused before it
    disabled_at      TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

-- A script's way in: a per-person token, kept only as its SHA-256, revocable.
CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY,
    user_name    TEXT NOT NULL REFERENCES people (user_name),
    token_hash   TEXT NOT NULL UNIQUE,
    label        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);
CREATE INDEX tokens_by_person ON tokens (user_name);

CREATE TRIGGER people_kept BEFORE DELETE ON people
BEGIN
    SELECT RAISE(ABORT, 'people are never removed: disable them instead');
END;
