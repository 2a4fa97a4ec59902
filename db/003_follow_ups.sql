-- qa-tui schema, step 3: following up escalations and case actions until they are done.
-- Closing one needs a note of what was done, so the service can show it happened.

ALTER TABLE case_actions ADD COLUMN closed_at TEXT;
ALTER TABLE case_actions ADD COLUMN closed_by TEXT;
ALTER TABLE case_actions ADD COLUMN closing_note TEXT NOT NULL DEFAULT '';

ALTER TABLE escalations ADD COLUMN closed_at TEXT;
ALTER TABLE escalations ADD COLUMN closed_by TEXT;
ALTER TABLE escalations ADD COLUMN closing_note TEXT NOT NULL DEFAULT '';

CREATE INDEX case_actions_status ON case_actions (status, due_on);
CREATE INDEX escalations_status ON escalations (status);
