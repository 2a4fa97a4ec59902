-- qa-tui schema, step 13: not applicable by the rubric's rule, with its reason.

-- A criterion the rubric rules out for this child or this audit ("not applicable: the
-- child is under 5", "not applicable: no missing episode in the window") is recorded as
-- not applicable with the reason here; '' is not applicable chosen by the auditor (or
-- no N/A at all), so the two stay distinguishable in every export and report.
ALTER TABLE answers ADD COLUMN na_reason TEXT NOT NULL DEFAULT '';
