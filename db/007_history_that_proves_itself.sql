-- qa-tui schema, step 7: history that proves itself.
-- A submitted audit cannot change by any path, SQL included, until it is reopened;
-- the events log is append-only and hash-chained (qa_tui/event_chain.py fills the
-- chain for events written before this step).

ALTER TABLE events ADD COLUMN prev_hash TEXT;
ALTER TABLE events ADD COLUMN hash TEXT;

-- Events are never edited or removed. The one update allowed is sealing an event
-- written before the chain existed (its hash still empty), done once by this step.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
WHEN OLD.hash IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: an event cannot be changed');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: an event cannot be removed');
END;

-- A submitted audit's grades, judgement and texts.
CREATE TRIGGER submitted_audit_locked BEFORE UPDATE ON audits
WHEN OLD.status = 'submitted' AND NEW.status = 'submitted' AND (
    NEW.case_ref IS NOT OLD.case_ref OR NEW.rubric_hash IS NOT OLD.rubric_hash
    OR NEW.auditor IS NOT OLD.auditor
    OR NEW.overall_grade_key IS NOT OLD.overall_grade_key
    OR NEW.overall_grade_value IS NOT OLD.overall_grade_value
    OR NEW.overall_grade_label IS NOT OLD.overall_grade_label
    OR NEW.overall_rationale IS NOT OLD.overall_rationale
    OR NEW.override_reason IS NOT OLD.override_reason
    OR NEW.strengths IS NOT OLD.strengths
    OR NEW.areas_for_development IS NOT OLD.areas_for_development
    OR NEW.team IS NOT OLD.team OR NEW.cohort IS NOT OLD.cohort)
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;
-- A submitted audit is never removed.
CREATE TRIGGER submitted_audit_kept BEFORE DELETE ON audits
WHEN OLD.status = 'submitted'
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: it cannot be removed');
END;

CREATE TRIGGER submitted_answers_no_insert BEFORE INSERT ON answers
WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'submitted'
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;
CREATE TRIGGER submitted_answers_no_update BEFORE UPDATE ON answers
WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'submitted'
  OR (SELECT status FROM audits WHERE id = NEW.audit_id) = 'submitted'
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;
CREATE TRIGGER submitted_answers_no_delete BEFORE DELETE ON answers
WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'submitted'
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;

-- Theme tags of a submitted audit: none added or removed. The catalogue may store a
-- tag under a theme's new name (a rename or merge, recorded in the audit's history),
-- which changes the name and never what was typed.
CREATE TRIGGER submitted_themes_no_insert BEFORE INSERT ON audit_themes
WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'submitted'
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;
CREATE TRIGGER submitted_themes_no_update BEFORE UPDATE ON audit_themes
WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'submitted' AND (
    NEW.audit_id IS NOT OLD.audit_id OR NEW.criterion_id IS NOT OLD.criterion_id
    OR NEW.polarity IS NOT OLD.polarity
    OR coalesce(NEW.entered_as, NEW.theme) IS NOT coalesce(OLD.entered_as, OLD.theme))
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;

-- A tag leaves a submitted audit only as a merge folds it into a tag the audit already
-- carries on the same criterion: its theme has left the catalogue by then.
CREATE TRIGGER submitted_themes_no_delete BEFORE DELETE ON audit_themes
WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'submitted' AND (
    EXISTS (SELECT 1 FROM theme_catalogue c WHERE c.name = OLD.theme)
    OR NOT EXISTS (SELECT 1 FROM audit_themes o WHERE o.audit_id = OLD.audit_id
                   AND o.criterion_id = OLD.criterion_id AND o.theme != OLD.theme))
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;

-- Case actions and escalations recorded with a submitted audit: what, who and when
-- stay as recorded; closing them (status, closing note) is follow-up work.
CREATE TRIGGER submitted_actions_no_insert BEFORE INSERT ON case_actions
WHEN (SELECT status FROM audits WHERE id = NEW.audit_id) = 'submitted'
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;
CREATE TRIGGER submitted_actions_no_change BEFORE UPDATE ON case_actions
WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'submitted' AND (
    NEW.audit_id IS NOT OLD.audit_id OR NEW.what IS NOT OLD.what
    OR NEW.owner IS NOT OLD.owner OR NEW.due_on IS NOT OLD.due_on)
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;
CREATE TRIGGER submitted_actions_no_delete BEFORE DELETE ON case_actions
WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'submitted'
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;
CREATE TRIGGER submitted_escalations_no_change BEFORE UPDATE ON escalations
WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'submitted' AND (
    NEW.audit_id IS NOT OLD.audit_id OR NEW.told_who IS NOT OLD.told_who
    OR NEW.told_at IS NOT OLD.told_at OR NEW.immediate_action IS NOT OLD.immediate_action)
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;
CREATE TRIGGER submitted_escalations_no_delete BEFORE DELETE ON escalations
WHEN (SELECT status FROM audits WHERE id = OLD.audit_id) = 'submitted'
BEGIN
    SELECT RAISE(ABORT, 'audit is submitted: reopen it to change it');
END;
