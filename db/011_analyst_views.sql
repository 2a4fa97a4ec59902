-- qa-tui schema, step 11: views for analysts. Someone opening the file in Datasette,
-- DuckDB or pandas finds the counting rule here, in SQL, rather than only in Python and
-- in the dashboard's summary tables. Views hold no data and cost nothing until read: the
-- app never reads them. A later migration that renames or drops a column these views
-- use must drop and make them again in the same step.

-- One row per submitted audit and criterion (criterion_id '' = the overall judgement),
-- with the grade that counts: the moderated grade where a moderation is complete, else
-- the auditor's. A not-applicable answer is kept and flagged (na = 1, value NULL), so
-- count(value) is the graded answers and sum(na) the not-applicable ones. The columns
-- up to `grades` are, row for row, COUNTED in qa_tui/store/summaries.py, which fills the
-- dashboard's summary tables (tests/test_analyst_views.py checks both ways).
-- programme_id 0 = no programme; team and cohort '' = none recorded.
CREATE VIEW v_counted_grades AS
SELECT a.id AS audit_id, a.submitted_at AS submitted_at, rc.kind AS kind,
       rc.criterion_id AS criterion_id,
       r.rubric_id AS rubric_id, substr(a.submitted_at, 1, 7) AS month,
       coalesce(a.team, '') AS team, coalesce(a.cohort, '') AS cohort,
       coalesce(a.programme_id, 0) AS programme_id, a.auditor AS auditor,
       CASE WHEN rc.kind = 'overall'
                 THEN coalesce(m.overall_grade_value, a.overall_grade_value)
            WHEN y.audit_id IS NOT NULL
                 THEN CASE WHEN y.not_applicable THEN NULL ELSE y.grade_value END
            ELSE CASE WHEN x.not_applicable THEN NULL ELSE x.grade_value END END AS value,
       CASE WHEN rc.kind = 'overall' THEN 0
            WHEN y.audit_id IS NOT NULL THEN y.not_applicable
            ELSE coalesce(x.not_applicable, 0) END AS na,
       rc.grades AS grades,
       -- Conveniences, worked out from the columns above.
       m.audit_id IS NOT NULL AS moderated,
       rc.question AS question
  FROM audits a
  JOIN rubric_versions r ON r.hash = a.rubric_hash
  JOIN rubric_criteria rc ON rc.rubric_hash = a.rubric_hash
  LEFT JOIN answers x ON x.audit_id = a.id AND x.criterion_id = rc.criterion_id
  LEFT JOIN moderations m ON m.audit_id = a.id AND m.status = 'done'
  LEFT JOIN moderation_answers y ON y.audit_id = m.audit_id
                                AND y.criterion_id = rc.criterion_id
 WHERE a.status = 'submitted';

-- Every audit (any status) with its case, team, cohort, programme and rubric, and, once
-- submitted, the overall grade that counts (the moderated one where a moderation is
-- complete). team and cohort are the case's when the audit was submitted (the case's
-- current ones before). worker and manager are names, as the case list holds them.
CREATE VIEW v_audits AS
SELECT a.id AS audit_id, a.case_ref AS case_ref, a.status AS status, a.auditor AS auditor,
       r.rubric_id AS rubric_id, r.version AS rubric_version, r.title AS rubric_title,
       coalesce(a.team, c.team) AS team, coalesce(a.cohort, c.cohort) AS cohort,
       c.worker AS worker, c.manager AS manager,
       a.programme_id AS programme_id, p.name AS programme_name, p.kind AS programme_kind,
       a.previous_audit_id AS previous_audit_id,
       a.created_at AS created_at, a.due_on AS due_on, a.started_at AS started_at,
       a.submitted_at AS submitted_at, substr(a.submitted_at, 1, 7) AS month,
       a.overall_grade_value AS auditor_overall_value,
       a.overall_grade_label AS auditor_overall_label,
       m.status AS moderation_status,
       CASE WHEN m.status = 'done' THEN m.overall_grade_value END AS moderated_overall_value,
       CASE WHEN a.status = 'submitted'
            THEN coalesce(CASE WHEN m.status = 'done' THEN m.overall_grade_value END,
                          a.overall_grade_value) END AS counted_overall_value,
       CASE WHEN a.status = 'submitted'
            THEN CASE WHEN m.status = 'done' AND m.overall_grade_value IS NOT NULL
                      THEN m.overall_grade_label ELSE a.overall_grade_label END
            END AS counted_overall_label,
       rc.grades AS overall_grades
  FROM audits a
  JOIN cases c ON c.case_ref = a.case_ref
  JOIN rubric_versions r ON r.hash = a.rubric_hash
  LEFT JOIN rubric_criteria rc ON rc.rubric_hash = a.rubric_hash AND rc.criterion_id = ''
  LEFT JOIN programmes p ON p.id = a.programme_id
  LEFT JOIN moderations m ON m.audit_id = a.id;

-- Themes of submitted audits (the ones the themes tab counts): one row per tag, on a
-- criterion or on the audit as a whole (criterion_id ''), with the audit's team, cohort,
-- programme, month and counted overall grade. An audit tagged with a theme on several
-- criteria has several rows: count(DISTINCT audit_id) counts it once, as the tab does.
-- entered_as is what the auditor typed when it differed from the catalogue's name.
CREATE VIEW v_audit_themes AS
SELECT t.audit_id AS audit_id, t.theme AS theme, t.polarity AS polarity,
       t.criterion_id AS criterion_id, t.entered_as AS entered_as,
       v.rubric_id AS rubric_id, v.submitted_at AS submitted_at, v.month AS month,
       v.team AS team, v.cohort AS cohort, v.programme_id AS programme_id,
       v.programme_name AS programme_name, v.auditor AS auditor,
       v.counted_overall_value AS counted_overall_value, v.overall_grades AS overall_grades
  FROM audit_themes t
  JOIN v_audits v ON v.audit_id = t.audit_id
 WHERE v.status = 'submitted';

-- The improvement action plan, one row per item, with its success measure taken apart
-- (the share of graded answers in `measure_bucket` for one rubric's criterion, '' = the
-- overall judgement, optionally in one team, cohort or programme), its baseline and
-- target, and where it stands now: current_value is the same share over audits
-- submitted from the month after the measure was set (current_audits graded answers
-- behind it), read from the summary the plan itself reads (grade_cells, at the level
-- the plan picks: qa_tui/desks/dashboard.py level_for), so the view costs a few
-- hundred cells, not a scan of every answer. The suggested status is not here: it
-- depends on today's date and the plan's tolerances (qa_tui/desks/plan_status.py);
-- `qa-tui export actions` gives it. status_override is the owner's, when set.
CREATE VIEW v_action_items AS
SELECT i.id AS action_id, i.title AS title, i.owner AS owner, i.due_on AS due_on,
       rec.code AS recommendation_code,
       (SELECT group_concat(t.theme, '; ') FROM action_themes t WHERE t.action_id = i.id)
           AS themes,
       json_extract(i.measure, '$.rubric_id') AS measure_rubric_id,
       json_extract(i.measure, '$.criterion_id') AS measure_criterion_id,
       json_extract(i.measure, '$.bucket') AS measure_bucket,
       json_extract(i.measure, '$.team') AS measure_team,
       json_extract(i.measure, '$.cohort') AS measure_cohort,
       json_extract(i.measure, '$.programme_id') AS measure_programme_id,
       i.measure_set_on AS measure_set_on,
       i.baseline_value AS baseline_value, i.baseline_audits AS baseline_audits,
       i.target_value AS target_value, i.target_on AS target_on,
       CASE WHEN i.measure IS NOT NULL AND i.measure_set_on IS NOT NULL
            THEN coalesce(cur.counted, 0) END AS current_audits,
       CASE WHEN i.measure IS NOT NULL AND i.measure_set_on IS NOT NULL AND cur.counted > 0
            THEN 1.0 * cur.hits / cur.counted END AS current_value,
       i.status_override AS status_override,
       i.created_at AS created_at, i.updated_at AS updated_at
  FROM action_items i
  LEFT JOIN recommendations rec ON rec.id = i.recommendation_id
  LEFT JOIN (
      SELECT q.id AS id, sum(g.counted) AS counted,
             sum(CASE q.bucket WHEN 'good' THEN g.v1 + g.v2 WHEN 'inadequate' THEN g.worst
                     WHEN 'v1' THEN g.v1 WHEN 'v2' THEN g.v2 WHEN 'v3' THEN g.v3
                     WHEN 'v4' THEN g.v4 WHEN 'na' THEN g.na WHEN 'counted' THEN g.counted
                     END) AS hits
        FROM (SELECT i2.id AS id, json_extract(i2.measure, '$.rubric_id') AS rubric_id,
                     json_extract(i2.measure, '$.criterion_id') AS criterion_id,
                     json_extract(i2.measure, '$.bucket') AS bucket,
                     json_extract(i2.measure, '$.team') AS team,
                     json_extract(i2.measure, '$.cohort') AS cohort,
                     json_extract(i2.measure, '$.programme_id') AS programme_id,
                     strftime('%Y-%m', i2.measure_set_on, 'start of month', '+1 month')
                         AS since
                FROM action_items i2
               WHERE i2.measure IS NOT NULL AND i2.measure_set_on IS NOT NULL) q
        JOIN grade_cells g
          ON g.level = CASE (q.team IS NOT NULL) + (q.cohort IS NOT NULL)
                            + (q.programme_id IS NOT NULL)
                         WHEN 0 THEN 0
                         WHEN 1 THEN CASE WHEN q.team IS NOT NULL THEN 1
                                          WHEN q.cohort IS NOT NULL THEN 2 ELSE 3 END
                         ELSE 4 END
         AND g.kind IN ('overall', 'quality', 'compliance') AND g.auditor = ''
         AND g.rubric_id = q.rubric_id AND g.criterion_id = q.criterion_id
         AND g.month >= q.since
         AND (q.team IS NULL OR g.team = q.team)
         AND (q.cohort IS NULL OR g.cohort = q.cohort)
         AND (q.programme_id IS NULL OR g.programme_id = q.programme_id)
       GROUP BY q.id
  ) cur ON cur.id = i.id;
