-- qa-tui schema, step 9: the rubric's theme suggestions an auditor dismissed.
-- A suggestion is confirmed (it becomes a row of audit_themes) or dismissed (a row
-- here), one at a time; a dismissed one is not offered again for that criterion of
-- that audit. Like the audit's own tags, these are fixed once the audit is submitted.

CREATE TABLE dismissed_suggestions (
    audit_id      INTEGER NOT NULL REFERENCES audits (id),
    criterion_id  TEXT NOT NULL,
    theme         TEXT NOT NULL,
    dismissed_at  TEXT NOT NULL,
    dismissed_by  TEXT NOT NULL,
    PRIMARY KEY (audit_id, criterion_id, theme)
);

CREATE TRIGGER submitted_dismissals_no_insert BEFORE INSERT ON dismissed_suggestions
WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'submitted'
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;
CREATE TRIGGER submitted_dismissals_no_update BEFORE UPDATE ON dismissed_suggestions
WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'submitted'
  OR (SELECT status FROM audits WHERE id = NEW.audit_id) = 'submitted'
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;
CREATE TRIGGER submitted_dismissals_no_delete BEFORE DELETE ON dismissed_suggestions
WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'submitted'
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;
