BEGIN TRANSACTION;
CREATE TABLE answers (
    audit_id       INTEGER NOT NULL REFERENCES audits (id),
    criterion_id   TEXT NOT NULL,
    grade_key      TEXT,
    grade_value    INTEGER,
    grade_label    TEXT,
    not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
    evidence       TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL,
    PRIMARY KEY (audit_id, criterion_id),
    CHECK (NOT (not_applicable = 1 AND grade_key IS NOT NULL))
);
INSERT INTO "answers" VALUES(1,'visits-with-purpose','good',2,'Good',0,'Purposeful visits linked to the plan; seen in the last two records.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(1,'wishes-and-feelings','good',2,'Good',0,'','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(1,'lived-experience','requires-improvement',3,'Requires improvement to be good',0,'Day-to-day life described from the parents'' account only.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(1,'views-influence-decisions','good',2,'Good',0,'Child''s views shaped the plan; seen in the last two records.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(1,'identity-culture-and-communication','outstanding',1,'Outstanding',0,'','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(1,'seen-at-expected-frequency','yes',1,'Yes',0,'','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(1,'seen-alone','yes',1,'Yes',0,'Child seen alone on 3 of 4 visits; reasons recorded for the fourth.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(2,'specific-needs-and-risks','requires-improvement',3,'Requires improvement to be good',0,'Needs copied from the sibling''s plan; no risks specific to her.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(2,'who-what-by-when','requires-improvement',3,'Requires improvement to be good',0,'Plan actions lack dates; ''mum to engage'' repeated across reviews.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(2,'measurable-outcomes','inadequate',4,'Inadequate',0,'Outcomes are services attended, not what will change for the child.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(2,'contingency-plan','requires-improvement',3,'Requires improvement to be good',0,'Contingency reads ''escalate if no progress''; no trigger or owner.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(2,'progress-without-drift','good',2,'Good',0,'','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(2,'plan-understood-by-family','requires-improvement',3,'Requires improvement to be good',0,'Plan not shared; family told at the door only.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(2,'plan-reviewed-on-time','yes',1,'Yes',0,'Plan reviewed on time; seen in the last two records.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(3,'visits-with-purpose','outstanding',1,'Outstanding',0,'Purposeful visits linked to the plan; seen in the last two records.','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(3,'wishes-and-feelings','outstanding',1,'Outstanding',0,'','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(3,'lived-experience','good',2,'Good',0,'','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(3,'views-influence-decisions','outstanding',1,'Outstanding',0,'Child''s views shaped the plan; seen in the last two records.','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(3,'identity-culture-and-communication','outstanding',1,'Outstanding',0,'','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(3,'seen-at-expected-frequency','yes',1,'Yes',0,'','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(3,'seen-alone','yes',1,'Yes',0,'Child seen alone on 3 of 4 visits; reasons recorded for the fourth.','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(4,'specific-needs-and-risks','outstanding',1,'Outstanding',0,'Needs and risks clearly set out; seen in the last two records.','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(4,'who-what-by-when','outstanding',1,'Outstanding',0,'','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(4,'measurable-outcomes','good',2,'Good',0,'','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(4,'contingency-plan','outstanding',1,'Outstanding',0,'Clear contingency plan; seen in the last two records.','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(4,'progress-without-drift','outstanding',1,'Outstanding',0,'','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(4,'plan-understood-by-family','outstanding',1,'Outstanding',0,'','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(4,'plan-reviewed-on-time','yes',1,'Yes',0,'Plan reviewed on time; seen in the last two records.','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(5,'visits-with-purpose','inadequate',4,'Inadequate',0,'Visit notes describe the home, not what the child said or did.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(5,'wishes-and-feelings','inadequate',4,'Inadequate',0,'Views recorded once, in mum''s words; no direct work in the window.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(5,'lived-experience','inadequate',4,'Inadequate',0,'Day-to-day life described from the parents'' account only.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(5,'views-influence-decisions','inadequate',4,'Inadequate',0,'Child asked to stay at school club; not mentioned in the plan.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(5,'identity-culture-and-communication','requires-improvement',3,'Requires improvement to be good',0,'First language noted; no interpreter at visits.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(5,'seen-at-expected-frequency','partly',2,'Partly',0,'Visits 4-6 weeks apart against a 10-day standard.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(5,'seen-alone','yes',1,'Yes',0,'Child seen alone on 3 of 4 visits; reasons recorded for the fourth.','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "answers" VALUES(6,'specific-needs-and-risks','requires-improvement',3,'Requires improvement to be good',0,'Needs copied from the sibling''s plan; no risks specific to her.','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(6,'who-what-by-when','requires-improvement',3,'Requires improvement to be good',0,'Plan actions lack dates; ''mum to engage'' repeated across reviews.','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(6,'measurable-outcomes','inadequate',4,'Inadequate',0,'Outcomes are services attended, not what will change for the child.','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(6,'contingency-plan','requires-improvement',3,'Requires improvement to be good',0,'Contingency reads ''escalate if no progress''; no trigger or owner.','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(6,'progress-without-drift','good',2,'Good',0,'','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(6,'plan-understood-by-family','requires-improvement',3,'Requires improvement to be good',0,'Plan not shared; family told at the door only.','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(6,'plan-reviewed-on-time','yes',1,'Yes',0,'Plan reviewed on time; seen in the last two records.','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(7,'visits-with-purpose','requires-improvement',3,'Requires improvement to be good',0,'Visit notes describe the home, not what the child said or did.','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(7,'wishes-and-feelings','requires-improvement',3,'Requires improvement to be good',0,'Views recorded once, in mum''s words; no direct work in the window.','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "answers" VALUES(7,'lived-experience','inadequate',4,'Inadequate',0,'Day-to-day life described from the parents'' account only.','2026-12-02T11:43:57+00:00','qa.rowan');
CREATE TABLE audit_themes (
    audit_id     INTEGER NOT NULL REFERENCES audits (id),
    criterion_id TEXT NOT NULL DEFAULT '',
    theme        TEXT NOT NULL,
    polarity     TEXT NOT NULL CHECK (polarity IN ('strength', 'area_for_development')),
    added_at     TEXT NOT NULL,
    added_by     TEXT NOT NULL,
    PRIMARY KEY (audit_id, criterion_id, theme)
);
INSERT INTO "audit_themes" VALUES(1,'visits-with-purpose','Purposeful visits linked to the plan','strength','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "audit_themes" VALUES(1,'lived-experience','Child''s lived experience not understood','area_for_development','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "audit_themes" VALUES(2,'specific-needs-and-risks','Needs and risks not specific to the child','area_for_development','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "audit_themes" VALUES(2,'who-what-by-when','Plans not SMART','area_for_development','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "audit_themes" VALUES(3,'visits-with-purpose','Purposeful visits linked to the plan','strength','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "audit_themes" VALUES(4,'specific-needs-and-risks','Needs and risks clearly set out','strength','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "audit_themes" VALUES(5,'visits-with-purpose','Visits not purposeful','area_for_development','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "audit_themes" VALUES(5,'wishes-and-feelings','Child''s views not recorded','area_for_development','2026-12-02T11:43:57+00:00','qa.birch');
INSERT INTO "audit_themes" VALUES(6,'specific-needs-and-risks','Needs and risks not specific to the child','area_for_development','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "audit_themes" VALUES(6,'who-what-by-when','Plans not SMART','area_for_development','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "audit_themes" VALUES(7,'visits-with-purpose','Visits not purposeful','area_for_development','2026-12-02T11:43:57+00:00','qa.rowan');
INSERT INTO "audit_themes" VALUES(7,'wishes-and-feelings','Child''s views not recorded','area_for_development','2026-12-02T11:43:57+00:00','qa.rowan');
CREATE TABLE auditors (
    name       TEXT PRIMARY KEY,
    teams      TEXT NOT NULL DEFAULT '[]',   -- JSON list of team names
    updated_at TEXT NOT NULL
);
CREATE TABLE audits (
    id                    INTEGER PRIMARY KEY,
    case_ref              TEXT NOT NULL REFERENCES cases (case_ref),
    rubric_hash           TEXT NOT NULL REFERENCES rubric_versions (hash),
    auditor               TEXT NOT NULL,
    status                TEXT NOT NULL DEFAULT 'to_do'
                          CHECK (status IN ('to_do', 'in_progress', 'submitted')),
    due_on                TEXT,
    lookback_from         TEXT,           -- the window read: usually 12 months
    judgement_from        TEXT,           -- practice judged from here: usually 6 months
    window_to             TEXT,
    created_at            TEXT NOT NULL,
    created_by            TEXT NOT NULL,
    started_at            TEXT,
    submitted_at          TEXT,
    overall_grade_key     TEXT,
    overall_grade_value   INTEGER,
    overall_grade_label   TEXT,
    overall_rationale     TEXT NOT NULL DEFAULT '',
    override_reason       TEXT NOT NULL DEFAULT '',
    strengths             TEXT NOT NULL DEFAULT '',
    areas_for_development TEXT NOT NULL DEFAULT '',
    updated_at            TEXT NOT NULL
, programme_id INTEGER REFERENCES programmes (id), previous_audit_id INTEGER REFERENCES audits (id), team TEXT, cohort TEXT);
INSERT INTO "audits" VALUES(1,'FIX-CIN-0001','35a9ffdc51643744f412f79daa6381fa1dd7c67b6ed4ae9b01e287824da4dbf5','qa.birch','submitted','2026-12-03','2025-11-23','2026-05-23','2026-11-23','2026-12-02T11:43:57+00:00','hos.maple','2026-12-02T11:43:57+00:00','2026-10-06T10:15:00+00:00','good',2,'Good','Child seen and understood, plan progressing; the gaps noted are minor and known to the manager.','Overall judged Good: the weaker grade for lived experience reflects a recent gap the manager is already addressing.','Purposeful visits linked to the plan.','Child''s lived experience not understood.','2026-12-02T11:43:57+00:00',NULL,NULL,'Assessment North','CIN');
INSERT INTO "audits" VALUES(2,'FIX-CIN-0005','2338f3dd700321d8dd77fe77c78806f432e626f2597f2ca295f168e850642068','qa.birch','submitted','2026-12-03','2025-11-23','2026-05-23','2026-11-23','2026-12-02T11:43:57+00:00','hos.maple','2026-12-02T11:43:57+00:00','2026-12-02T11:43:57+00:00','requires-improvement',3,'Requires improvement to be good','Some good direct work, but weaknesses noted mean the impact on the child is not yet clear.','','Worker knows the child and family well.','Needs and risks not specific to the child; Plans not SMART.','2026-12-02T11:43:57+00:00',NULL,NULL,'Family Support South','CIN');
INSERT INTO "audits" VALUES(3,'FIX-CP-0009','35a9ffdc51643744f412f79daa6381fa1dd7c67b6ed4ae9b01e287824da4dbf5','qa.rowan','submitted','2026-12-03','2025-11-23','2026-05-23','2026-11-23','2026-12-02T11:43:57+00:00','hos.maple','2026-12-02T11:43:57+00:00','2026-10-13T11:15:00+00:00','outstanding',1,'Outstanding','Consistently child-centred practice; the child''s experience is clear and the plan is making a measurable difference.','Overall judged Outstanding: the weaker grade for lived experience reflects a recent gap the manager is already addressing.','Purposeful visits linked to the plan.','Keep the plan and chronology current as things change.','2026-12-02T11:43:57+00:00',NULL,NULL,'Child Protection East','CP');
INSERT INTO "audits" VALUES(4,'FIX-CIN-0002','2338f3dd700321d8dd77fe77c78806f432e626f2597f2ca295f168e850642068','qa.rowan','submitted','2026-12-03','2025-11-23','2026-05-23','2026-11-23','2026-12-02T11:43:57+00:00','hos.maple','2026-12-02T11:43:57+00:00','2026-12-02T11:43:57+00:00','outstanding',1,'Outstanding','Consistently child-centred practice; the child''s experience is clear and the plan is making a measurable difference.','','Needs and risks clearly set out.','Keep the plan and chronology current as things change.','2026-12-02T11:43:57+00:00',NULL,NULL,'Assessment North','CIN');
INSERT INTO "audits" VALUES(5,'FIX-CP-0010','35a9ffdc51643744f412f79daa6381fa1dd7c67b6ed4ae9b01e287824da4dbf5','qa.birch','submitted','2026-12-03','2025-11-23','2026-05-23','2026-11-23','2026-12-02T11:43:57+00:00','hos.maple','2026-12-02T11:43:57+00:00','2026-10-20T12:15:00+00:00','inadequate',4,'Inadequate','Little change for the child over many months; risks not analysed and the plan has drifted. Escalated to the team manager the same day.','','Worker knows the child and family well.','Visits not purposeful; Child''s views not recorded.','2026-12-02T11:43:57+00:00',NULL,NULL,'Child Protection East','CP');
INSERT INTO "audits" VALUES(6,'FIX-CIN-0006','2338f3dd700321d8dd77fe77c78806f432e626f2597f2ca295f168e850642068','qa.rowan','submitted','2026-12-03','2025-11-23','2026-05-23','2026-11-23','2026-12-02T11:43:57+00:00','hos.maple','2026-12-02T11:43:57+00:00','2026-12-02T11:43:57+00:00','requires-improvement',3,'Requires improvement to be good','Some good direct work, but weaknesses noted mean the impact on the child is not yet clear.','','Worker knows the child and family well.','Needs and risks not specific to the child; Plans not SMART.','2026-12-02T11:43:57+00:00',NULL,NULL,'Family Support South','CIN');
INSERT INTO "audits" VALUES(7,'FIX-CIN-0007','35a9ffdc51643744f412f79daa6381fa1dd7c67b6ed4ae9b01e287824da4dbf5','qa.rowan','in_progress','2026-12-07','2025-11-23','2026-05-23','2026-11-23','2026-12-02T11:43:57+00:00','hos.maple','2026-12-02T11:43:57+00:00',NULL,NULL,NULL,NULL,'','','','','2026-12-02T11:43:57+00:00',NULL,NULL,NULL,NULL);
CREATE TABLE case_actions (
    id         INTEGER PRIMARY KEY,
    audit_id   INTEGER NOT NULL REFERENCES audits (id),
    what       TEXT NOT NULL,
    owner      TEXT NOT NULL,
    due_on     TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
, closed_at TEXT, closed_by TEXT, closing_note TEXT NOT NULL DEFAULT '');
INSERT INTO "case_actions" VALUES(1,2,'Update the chronology with significant events before the next review','TM Hazel','2026-12-14','open','2026-12-02T11:43:57+00:00','qa.birch',NULL,NULL,'');
INSERT INTO "case_actions" VALUES(2,5,'Update the chronology with significant events before the next review','TM Larch','2026-12-14','open','2026-12-02T11:43:57+00:00','qa.birch',NULL,NULL,'');
INSERT INTO "case_actions" VALUES(3,6,'Update the chronology with significant events before the next review','TM Hazel','2026-12-14','open','2026-12-02T11:43:57+00:00','qa.rowan',NULL,NULL,'');
CREATE TABLE cases (
    case_ref        TEXT PRIMARY KEY,
    team            TEXT NOT NULL,
    worker          TEXT,
    manager         TEXT,
    cohort          TEXT,
    child_pseudonym TEXT,
    opened_on       TEXT,
    attributes      TEXT NOT NULL DEFAULT '{}',
    imported_at     TEXT NOT NULL,
    updated_at      TEXT NOT NULL
, status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'closed')), closed_on TEXT);
INSERT INTO "cases" VALUES('FIX-CIN-0001','Assessment North','SW Amber','TM Cedar','CIN','Child A2','2026-08-25','{"age_band": "5-10", "re_referral": "N"}','2026-12-02T11:43:56+00:00','2026-12-02T11:43:56+00:00','open',NULL);
INSERT INTO "cases" VALUES('FIX-CIN-0002','Assessment North','SW Coral','TM Cedar','CIN','Child B3','2026-05-27','{"age_band": "11-15", "re_referral": "N"}','2026-12-02T11:43:56+00:00','2026-12-02T11:43:56+00:00','open',NULL);
INSERT INTO "cases" VALUES('FIX-CIN-0003','Assessment North','SW Amber','TM Cedar','CIN','Child C4','2026-02-26','{"age_band": "16-17", "re_referral": "N"}','2026-12-02T11:43:56+00:00','2026-12-02T11:43:56+00:00','open',NULL);
INSERT INTO "cases" VALUES('FIX-CIN-0004','Assessment North','SW Coral','TM Cedar','CIN','Child D5','2025-11-28','{"age_band": "0-4", "re_referral": "N"}','2026-12-02T11:43:56+00:00','2026-12-02T11:43:56+00:00','open',NULL);
INSERT INTO "cases" VALUES('FIX-CIN-0005','Family Support South','SW Flint','TM Hazel','CIN','Child E6','2025-08-30','{"age_band": "5-10", "re_referral": "Y"}','2026-12-02T11:43:56+00:00','2026-12-02T11:43:56+00:00','open',NULL);
INSERT INTO "cases" VALUES('FIX-CIN-0006','Family Support South','SW Heron','TM Hazel','CIN','Child F7','2025-06-01','{"age_band": "11-15", "re_referral": "N"}','2026-12-02T11:43:56+00:00','2026-12-02T11:43:56+00:00','open',NULL);
INSERT INTO "cases" VALUES('FIX-CIN-0007','Family Support South','SW Flint','TM Hazel','CIN','Child G8','2025-03-03','{"age_band": "16-17", "re_referral": "N"}','2026-12-02T11:43:56+00:00','2026-12-02T11:43:56+00:00','open',NULL);
INSERT INTO "cases" VALUES('FIX-CIN-0008','Family Support South','SW Heron','TM Hazel','CIN','Child H9','2024-12-03','{"age_band": "0-4", "re_referral": "N"}','2026-12-02T11:43:56+00:00','2026-12-02T11:43:56+00:00','open',NULL);
INSERT INTO "cases" VALUES('FIX-CP-0009','Child Protection East','SW Linden','TM Larch','CP','Child J1','2024-09-04','{"age_band": "5-10", "re_referral": "N"}','2026-12-02T11:43:56+00:00','2026-12-02T11:43:56+00:00','open',NULL);
INSERT INTO "cases" VALUES('FIX-CP-0010','Child Protection East','SW Moss','TM Larch','CP','Child K2','2024-06-06','{"age_band": "11-15", "re_referral": "Y"}','2026-12-02T11:43:56+00:00','2026-12-02T11:43:56+00:00','open',NULL);
INSERT INTO "cases" VALUES('FIX-CP-0011','Child Protection East','SW Linden','TM Larch','CP','Child L3','2024-03-08','{"age_band": "16-17", "re_referral": "N"}','2026-12-02T11:43:56+00:00','2026-12-02T11:43:56+00:00','open',NULL);
INSERT INTO "cases" VALUES('FIX-CP-0012','Child Protection East','SW Moss','TM Larch','CP','Child M4','2023-12-09','{"age_band": "0-4", "re_referral": "N"}','2026-12-02T11:43:56+00:00','2026-12-02T11:43:56+00:00','open',NULL);
CREATE TABLE column_mappings (
    name       TEXT PRIMARY KEY,
    mapping    TEXT NOT NULL,          -- JSON: {"case_ref": "Case Ref", "team": "Allocated Team", ...}
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE TABLE escalations (
    id               INTEGER PRIMARY KEY,
    audit_id         INTEGER NOT NULL REFERENCES audits (id),
    told_who         TEXT NOT NULL,
    told_at          TEXT NOT NULL,
    immediate_action TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    recorded_at      TEXT NOT NULL,
    recorded_by      TEXT NOT NULL
, closed_at TEXT, closed_by TEXT, closing_note TEXT NOT NULL DEFAULT '');
INSERT INTO "escalations" VALUES(1,5,'TM Larch, team manager','2026-11-23 14:30','Strategy discussion today; SW Moss to see the child alone within 24 hours.','open','2026-12-02T11:43:57+00:00','qa.birch',NULL,NULL,'');
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    who       TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT
);
INSERT INTO "events" VALUES(1,'2026-12-02T11:43:56+00:00','hos.maple','cases','schema-state fixture (invented)','import',NULL,'12 added, 0 updated, 0 closed');
INSERT INTO "events" VALUES(2,'2026-12-02T11:43:57+00:00','hos.maple','audit','1','created',NULL,'FIX-CIN-0001 / 35a9ffdc5164 / qa.birch');
INSERT INTO "events" VALUES(3,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','answer.visits-with-purpose.grade',NULL,'Good');
INSERT INTO "events" VALUES(4,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','status','to_do','in_progress');
INSERT INTO "events" VALUES(5,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','answer.visits-with-purpose.evidence','','Purposeful visits linked to the plan; seen in the last two records.');
INSERT INTO "events" VALUES(6,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','theme.visits-with-purpose',NULL,'Purposeful visits linked to the plan (strength)');
INSERT INTO "events" VALUES(7,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','answer.wishes-and-feelings.grade',NULL,'Good');
INSERT INTO "events" VALUES(8,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','answer.lived-experience.grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(9,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','answer.lived-experience.evidence','','Day-to-day life described from the parents'' account only.');
INSERT INTO "events" VALUES(10,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','theme.lived-experience',NULL,'Child''s lived experience not understood (area_for_development)');
INSERT INTO "events" VALUES(11,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','answer.views-influence-decisions.grade',NULL,'Good');
INSERT INTO "events" VALUES(12,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','answer.views-influence-decisions.evidence','','Child''s views shaped the plan; seen in the last two records.');
INSERT INTO "events" VALUES(13,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','answer.identity-culture-and-communication.grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(14,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','answer.seen-at-expected-frequency.grade',NULL,'Yes');
INSERT INTO "events" VALUES(15,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','answer.seen-alone.grade',NULL,'Yes');
INSERT INTO "events" VALUES(16,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','answer.seen-alone.evidence','','Child seen alone on 3 of 4 visits; reasons recorded for the fourth.');
INSERT INTO "events" VALUES(17,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','overall_grade',NULL,'Good');
INSERT INTO "events" VALUES(18,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','overall_rationale','','Child seen and understood, plan progressing; the gaps noted are minor and known to the manager.');
INSERT INTO "events" VALUES(19,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','override_reason','','Overall judged Good: the weaker grade for lived experience reflects a recent gap the manager is already addressing.');
INSERT INTO "events" VALUES(20,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','strengths','','Purposeful visits linked to the plan.');
INSERT INTO "events" VALUES(21,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','areas_for_development','','Child''s lived experience not understood.');
INSERT INTO "events" VALUES(22,'2026-12-02T11:43:57+00:00','qa.birch','audit','1','status','in_progress','submitted');
INSERT INTO "events" VALUES(23,'2026-12-02T11:43:57+00:00','hos.maple','audit','2','created',NULL,'FIX-CIN-0005 / 2338f3dd7003 / qa.birch');
INSERT INTO "events" VALUES(24,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','answer.specific-needs-and-risks.grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(25,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','status','to_do','in_progress');
INSERT INTO "events" VALUES(26,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','answer.specific-needs-and-risks.evidence','','Needs copied from the sibling''s plan; no risks specific to her.');
INSERT INTO "events" VALUES(27,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','theme.specific-needs-and-risks',NULL,'Needs and risks not specific to the child (area_for_development)');
INSERT INTO "events" VALUES(28,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','answer.who-what-by-when.grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(29,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','answer.who-what-by-when.evidence','','Plan actions lack dates; ''mum to engage'' repeated across reviews.');
INSERT INTO "events" VALUES(30,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','theme.who-what-by-when',NULL,'Plans not SMART (area_for_development)');
INSERT INTO "events" VALUES(31,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','answer.measurable-outcomes.grade',NULL,'Inadequate');
INSERT INTO "events" VALUES(32,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','answer.measurable-outcomes.evidence','','Outcomes are services attended, not what will change for the child.');
INSERT INTO "events" VALUES(33,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','answer.contingency-plan.grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(34,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','answer.contingency-plan.evidence','','Contingency reads ''escalate if no progress''; no trigger or owner.');
INSERT INTO "events" VALUES(35,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','answer.progress-without-drift.grade',NULL,'Good');
INSERT INTO "events" VALUES(36,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','answer.plan-understood-by-family.grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(37,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','answer.plan-understood-by-family.evidence','','Plan not shared; family told at the door only.');
INSERT INTO "events" VALUES(38,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','answer.plan-reviewed-on-time.grade',NULL,'Yes');
INSERT INTO "events" VALUES(39,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','answer.plan-reviewed-on-time.evidence','','Plan reviewed on time; seen in the last two records.');
INSERT INTO "events" VALUES(40,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','overall_grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(41,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','overall_rationale','','Some good direct work, but weaknesses noted mean the impact on the child is not yet clear.');
INSERT INTO "events" VALUES(42,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','strengths','','Worker knows the child and family well.');
INSERT INTO "events" VALUES(43,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','areas_for_development','','Needs and risks not specific to the child; Plans not SMART.');
INSERT INTO "events" VALUES(44,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','action.1',NULL,'Update the chronology with significant events before the next review | TM Hazel | 2026-12-14');
INSERT INTO "events" VALUES(45,'2026-12-02T11:43:57+00:00','qa.birch','audit','2','status','in_progress','submitted');
INSERT INTO "events" VALUES(46,'2026-12-02T11:43:57+00:00','hos.maple','audit','3','created',NULL,'FIX-CP-0009 / 35a9ffdc5164 / qa.rowan');
INSERT INTO "events" VALUES(47,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','answer.visits-with-purpose.grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(48,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','status','to_do','in_progress');
INSERT INTO "events" VALUES(49,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','answer.visits-with-purpose.evidence','','Purposeful visits linked to the plan; seen in the last two records.');
INSERT INTO "events" VALUES(50,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','theme.visits-with-purpose',NULL,'Purposeful visits linked to the plan (strength)');
INSERT INTO "events" VALUES(51,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','answer.wishes-and-feelings.grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(52,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','answer.lived-experience.grade',NULL,'Good');
INSERT INTO "events" VALUES(53,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','answer.views-influence-decisions.grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(54,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','answer.views-influence-decisions.evidence','','Child''s views shaped the plan; seen in the last two records.');
INSERT INTO "events" VALUES(55,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','answer.identity-culture-and-communication.grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(56,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','answer.seen-at-expected-frequency.grade',NULL,'Yes');
INSERT INTO "events" VALUES(57,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','answer.seen-alone.grade',NULL,'Yes');
INSERT INTO "events" VALUES(58,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','answer.seen-alone.evidence','','Child seen alone on 3 of 4 visits; reasons recorded for the fourth.');
INSERT INTO "events" VALUES(59,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','overall_grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(60,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','overall_rationale','','Consistently child-centred practice; the child''s experience is clear and the plan is making a measurable difference.');
INSERT INTO "events" VALUES(61,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','override_reason','','Overall judged Outstanding: the weaker grade for lived experience reflects a recent gap the manager is already addressing.');
INSERT INTO "events" VALUES(62,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','strengths','','Purposeful visits linked to the plan.');
INSERT INTO "events" VALUES(63,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','areas_for_development','','Keep the plan and chronology current as things change.');
INSERT INTO "events" VALUES(64,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','status','in_progress','submitted');
INSERT INTO "events" VALUES(65,'2026-12-02T11:43:57+00:00','qa.rowan','audit','3','moderation',NULL,'selected: every Outstanding audit is moderated');
INSERT INTO "events" VALUES(66,'2026-12-02T11:43:57+00:00','hos.maple','audit','4','created',NULL,'FIX-CIN-0002 / 2338f3dd7003 / qa.rowan');
INSERT INTO "events" VALUES(67,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','answer.specific-needs-and-risks.grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(68,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','status','to_do','in_progress');
INSERT INTO "events" VALUES(69,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','answer.specific-needs-and-risks.evidence','','Needs and risks clearly set out; seen in the last two records.');
INSERT INTO "events" VALUES(70,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','theme.specific-needs-and-risks',NULL,'Needs and risks clearly set out (strength)');
INSERT INTO "events" VALUES(71,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','answer.who-what-by-when.grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(72,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','answer.measurable-outcomes.grade',NULL,'Good');
INSERT INTO "events" VALUES(73,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','answer.contingency-plan.grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(74,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','answer.contingency-plan.evidence','','Clear contingency plan; seen in the last two records.');
INSERT INTO "events" VALUES(75,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','answer.progress-without-drift.grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(76,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','answer.plan-understood-by-family.grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(77,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','answer.plan-reviewed-on-time.grade',NULL,'Yes');
INSERT INTO "events" VALUES(78,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','answer.plan-reviewed-on-time.evidence','','Plan reviewed on time; seen in the last two records.');
INSERT INTO "events" VALUES(79,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','overall_grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(80,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','overall_rationale','','Consistently child-centred practice; the child''s experience is clear and the plan is making a measurable difference.');
INSERT INTO "events" VALUES(81,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','strengths','','Needs and risks clearly set out.');
INSERT INTO "events" VALUES(82,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','areas_for_development','','Keep the plan and chronology current as things change.');
INSERT INTO "events" VALUES(83,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','status','in_progress','submitted');
INSERT INTO "events" VALUES(84,'2026-12-02T11:43:57+00:00','qa.rowan','audit','4','moderation',NULL,'selected: every Outstanding audit is moderated');
INSERT INTO "events" VALUES(85,'2026-12-02T11:43:57+00:00','hos.maple','audit','5','created',NULL,'FIX-CP-0010 / 35a9ffdc5164 / qa.birch');
INSERT INTO "events" VALUES(86,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','answer.visits-with-purpose.grade',NULL,'Inadequate');
INSERT INTO "events" VALUES(87,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','status','to_do','in_progress');
INSERT INTO "events" VALUES(88,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','answer.visits-with-purpose.evidence','','Visit notes describe the home, not what the child said or did.');
INSERT INTO "events" VALUES(89,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','theme.visits-with-purpose',NULL,'Visits not purposeful (area_for_development)');
INSERT INTO "events" VALUES(90,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','answer.wishes-and-feelings.grade',NULL,'Inadequate');
INSERT INTO "events" VALUES(91,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','answer.wishes-and-feelings.evidence','','Views recorded once, in mum''s words; no direct work in the window.');
INSERT INTO "events" VALUES(92,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','theme.wishes-and-feelings',NULL,'Child''s views not recorded (area_for_development)');
INSERT INTO "events" VALUES(93,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','answer.lived-experience.grade',NULL,'Inadequate');
INSERT INTO "events" VALUES(94,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','answer.lived-experience.evidence','','Day-to-day life described from the parents'' account only.');
INSERT INTO "events" VALUES(95,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','answer.views-influence-decisions.grade',NULL,'Inadequate');
INSERT INTO "events" VALUES(96,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','answer.views-influence-decisions.evidence','','Child asked to stay at school club; not mentioned in the plan.');
INSERT INTO "events" VALUES(97,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','answer.identity-culture-and-communication.grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(98,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','answer.identity-culture-and-communication.evidence','','First language noted; no interpreter at visits.');
INSERT INTO "events" VALUES(99,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','answer.seen-at-expected-frequency.grade',NULL,'Partly');
INSERT INTO "events" VALUES(100,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','answer.seen-at-expected-frequency.evidence','','Visits 4-6 weeks apart against a 10-day standard.');
INSERT INTO "events" VALUES(101,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','answer.seen-alone.grade',NULL,'Yes');
INSERT INTO "events" VALUES(102,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','answer.seen-alone.evidence','','Child seen alone on 3 of 4 visits; reasons recorded for the fourth.');
INSERT INTO "events" VALUES(103,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','overall_grade',NULL,'Inadequate');
INSERT INTO "events" VALUES(104,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','overall_rationale','','Little change for the child over many months; risks not analysed and the plan has drifted. Escalated to the team manager the same day.');
INSERT INTO "events" VALUES(105,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','strengths','','Worker knows the child and family well.');
INSERT INTO "events" VALUES(106,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','areas_for_development','','Visits not purposeful; Child''s views not recorded.');
INSERT INTO "events" VALUES(107,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','action.2',NULL,'Update the chronology with significant events before the next review | TM Larch | 2026-12-14');
INSERT INTO "events" VALUES(108,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','escalation.1',NULL,'told TM Larch, team manager at 2026-11-23 14:30: Strategy discussion today; SW Moss to see the child alone within 24 hours.');
INSERT INTO "events" VALUES(109,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','status','in_progress','submitted');
INSERT INTO "events" VALUES(110,'2026-12-02T11:43:57+00:00','qa.birch','audit','5','moderation',NULL,'selected: every Inadequate audit is moderated');
INSERT INTO "events" VALUES(111,'2026-12-02T11:43:57+00:00','hos.maple','audit','6','created',NULL,'FIX-CIN-0006 / 2338f3dd7003 / qa.rowan');
INSERT INTO "events" VALUES(112,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','answer.specific-needs-and-risks.grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(113,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','status','to_do','in_progress');
INSERT INTO "events" VALUES(114,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','answer.specific-needs-and-risks.evidence','','Needs copied from the sibling''s plan; no risks specific to her.');
INSERT INTO "events" VALUES(115,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','theme.specific-needs-and-risks',NULL,'Needs and risks not specific to the child (area_for_development)');
INSERT INTO "events" VALUES(116,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','answer.who-what-by-when.grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(117,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','answer.who-what-by-when.evidence','','Plan actions lack dates; ''mum to engage'' repeated across reviews.');
INSERT INTO "events" VALUES(118,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','theme.who-what-by-when',NULL,'Plans not SMART (area_for_development)');
INSERT INTO "events" VALUES(119,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','answer.measurable-outcomes.grade',NULL,'Inadequate');
INSERT INTO "events" VALUES(120,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','answer.measurable-outcomes.evidence','','Outcomes are services attended, not what will change for the child.');
INSERT INTO "events" VALUES(121,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','answer.contingency-plan.grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(122,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','answer.contingency-plan.evidence','','Contingency reads ''escalate if no progress''; no trigger or owner.');
INSERT INTO "events" VALUES(123,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','answer.progress-without-drift.grade',NULL,'Good');
INSERT INTO "events" VALUES(124,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','answer.plan-understood-by-family.grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(125,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','answer.plan-understood-by-family.evidence','','Plan not shared; family told at the door only.');
INSERT INTO "events" VALUES(126,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','answer.plan-reviewed-on-time.grade',NULL,'Yes');
INSERT INTO "events" VALUES(127,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','answer.plan-reviewed-on-time.evidence','','Plan reviewed on time; seen in the last two records.');
INSERT INTO "events" VALUES(128,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','overall_grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(129,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','overall_rationale','','Some good direct work, but weaknesses noted mean the impact on the child is not yet clear.');
INSERT INTO "events" VALUES(130,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','strengths','','Worker knows the child and family well.');
INSERT INTO "events" VALUES(131,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','areas_for_development','','Needs and risks not specific to the child; Plans not SMART.');
INSERT INTO "events" VALUES(132,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','action.3',NULL,'Update the chronology with significant events before the next review | TM Hazel | 2026-12-14');
INSERT INTO "events" VALUES(133,'2026-12-02T11:43:57+00:00','qa.rowan','audit','6','status','in_progress','submitted');
INSERT INTO "events" VALUES(134,'2026-12-02T11:43:57+00:00','hos.maple','audit','7','created',NULL,'FIX-CIN-0007 / 35a9ffdc5164 / qa.rowan');
INSERT INTO "events" VALUES(135,'2026-12-02T11:43:57+00:00','qa.rowan','audit','7','answer.visits-with-purpose.grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(136,'2026-12-02T11:43:57+00:00','qa.rowan','audit','7','status','to_do','in_progress');
INSERT INTO "events" VALUES(137,'2026-12-02T11:43:57+00:00','qa.rowan','audit','7','answer.visits-with-purpose.evidence','','Visit notes describe the home, not what the child said or did.');
INSERT INTO "events" VALUES(138,'2026-12-02T11:43:57+00:00','qa.rowan','audit','7','theme.visits-with-purpose',NULL,'Visits not purposeful (area_for_development)');
INSERT INTO "events" VALUES(139,'2026-12-02T11:43:57+00:00','qa.rowan','audit','7','answer.wishes-and-feelings.grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(140,'2026-12-02T11:43:57+00:00','qa.rowan','audit','7','answer.wishes-and-feelings.evidence','','Views recorded once, in mum''s words; no direct work in the window.');
INSERT INTO "events" VALUES(141,'2026-12-02T11:43:57+00:00','qa.rowan','audit','7','theme.wishes-and-feelings',NULL,'Child''s views not recorded (area_for_development)');
INSERT INTO "events" VALUES(142,'2026-12-02T11:43:57+00:00','qa.rowan','audit','7','answer.lived-experience.grade',NULL,'Inadequate');
INSERT INTO "events" VALUES(143,'2026-12-02T11:43:57+00:00','qa.rowan','audit','7','answer.lived-experience.evidence','','Day-to-day life described from the parents'' account only.');
INSERT INTO "events" VALUES(144,'2026-12-02T11:43:57+00:00','hos.maple','audit','5','moderation.seen-at-expected-frequency.grade',NULL,'Partly');
INSERT INTO "events" VALUES(145,'2026-12-02T11:43:57+00:00','hos.maple','audit','5','moderation.seen-alone.grade',NULL,'Partly (The evidence recorded does not support the higher grade.)');
INSERT INTO "events" VALUES(146,'2026-12-02T11:43:57+00:00','hos.maple','audit','5','moderation.visits-with-purpose.grade',NULL,'Inadequate');
INSERT INTO "events" VALUES(147,'2026-12-02T11:43:57+00:00','hos.maple','audit','5','moderation.wishes-and-feelings.grade',NULL,'Inadequate');
INSERT INTO "events" VALUES(148,'2026-12-02T11:43:57+00:00','hos.maple','audit','5','moderation.lived-experience.grade',NULL,'Inadequate');
INSERT INTO "events" VALUES(149,'2026-12-02T11:43:57+00:00','hos.maple','audit','5','moderation.views-influence-decisions.grade',NULL,'Inadequate');
INSERT INTO "events" VALUES(150,'2026-12-02T11:43:57+00:00','hos.maple','audit','5','moderation.identity-culture-and-communication.grade',NULL,'Requires improvement to be good');
INSERT INTO "events" VALUES(151,'2026-12-02T11:43:57+00:00','hos.maple','audit','5','moderation.overall',NULL,'Inadequate');
INSERT INTO "events" VALUES(152,'2026-12-02T11:43:57+00:00','hos.maple','audit','5','moderation.status','waiting','done');
INSERT INTO "events" VALUES(153,'2026-12-02T11:43:57+00:00','hos.maple','audit','3','moderation.seen-at-expected-frequency.grade',NULL,'Yes');
INSERT INTO "events" VALUES(154,'2026-12-02T11:43:57+00:00','hos.maple','audit','3','moderation.seen-alone.grade',NULL,'Partly (The evidence recorded does not support the higher grade.)');
INSERT INTO "events" VALUES(155,'2026-12-02T11:43:57+00:00','hos.maple','audit','3','moderation.visits-with-purpose.grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(156,'2026-12-02T11:43:57+00:00','hos.maple','audit','3','moderation.wishes-and-feelings.grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(157,'2026-12-02T11:43:57+00:00','hos.maple','audit','3','moderation.lived-experience.grade',NULL,'Good');
INSERT INTO "events" VALUES(158,'2026-12-02T11:43:57+00:00','hos.maple','audit','3','moderation.views-influence-decisions.grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(159,'2026-12-02T11:43:57+00:00','hos.maple','audit','3','moderation.identity-culture-and-communication.grade',NULL,'Outstanding');
INSERT INTO "events" VALUES(160,'2026-12-02T11:43:57+00:00','hos.maple','audit','3','moderation.overall',NULL,'Outstanding');
INSERT INTO "events" VALUES(161,'2026-12-02T11:43:57+00:00','hos.maple','audit','3','moderation.status','waiting','done');
INSERT INTO "events" VALUES(162,'2026-12-02T11:43:57+00:00','fixture','audit','1','submitted_at','2026-12-02T11:43:57+00:00','2026-10-06T10:15:00+00:00');
INSERT INTO "events" VALUES(163,'2026-12-02T11:43:57+00:00','fixture','audit','3','submitted_at','2026-12-02T11:43:57+00:00','2026-10-13T11:15:00+00:00');
INSERT INTO "events" VALUES(164,'2026-12-02T11:43:57+00:00','fixture','audit','5','submitted_at','2026-12-02T11:43:57+00:00','2026-10-20T12:15:00+00:00');
CREATE TABLE grade_cells (
    level        INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    auditor      TEXT NOT NULL,
    rubric_id    TEXT NOT NULL,
    criterion_id TEXT NOT NULL,
    month        TEXT NOT NULL,
    team         TEXT NOT NULL,
    cohort       TEXT NOT NULL,
    programme_id INTEGER NOT NULL,
    counted      INTEGER NOT NULL,   -- graded, not N/A
    na           INTEGER NOT NULL,
    v1           INTEGER NOT NULL,   -- best grade (Outstanding / Yes)
    v2           INTEGER NOT NULL,
    v3           INTEGER NOT NULL,
    v4           INTEGER NOT NULL,
    worst        INTEGER NOT NULL,   -- the scale's worst grade (Inadequate / No)
    PRIMARY KEY (level, kind, auditor, rubric_id, criterion_id, month, team, cohort,
                 programme_id)
) WITHOUT ROWID;
INSERT INTO "grade_cells" VALUES(0,'compliance','','smart-plans','plan-reviewed-on-time','2026-12','','',0,3,0,3,0,0,0,0);
INSERT INTO "grade_cells" VALUES(0,'compliance','','voice-of-the-child','seen-alone','2026-10','','',0,3,0,1,2,0,0,0);
INSERT INTO "grade_cells" VALUES(0,'compliance','','voice-of-the-child','seen-alone','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(0,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-10','','',0,3,0,2,1,0,0,0);
INSERT INTO "grade_cells" VALUES(0,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(0,'overall','','smart-plans','','2026-12','','',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(0,'overall','','voice-of-the-child','','2026-10','','',0,3,0,1,1,0,1,1);
INSERT INTO "grade_cells" VALUES(0,'overall','','voice-of-the-child','','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(0,'quality','','smart-plans','contingency-plan','2026-12','','',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(0,'quality','','smart-plans','measurable-outcomes','2026-12','','',0,3,0,0,1,0,2,2);
INSERT INTO "grade_cells" VALUES(0,'quality','','smart-plans','plan-understood-by-family','2026-12','','',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(0,'quality','','smart-plans','progress-without-drift','2026-12','','',0,3,0,1,2,0,0,0);
INSERT INTO "grade_cells" VALUES(0,'quality','','smart-plans','specific-needs-and-risks','2026-12','','',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(0,'quality','','smart-plans','who-what-by-when','2026-12','','',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(0,'quality','','voice-of-the-child','identity-culture-and-communication','2026-10','','',0,3,0,2,0,1,0,0);
INSERT INTO "grade_cells" VALUES(0,'quality','','voice-of-the-child','identity-culture-and-communication','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(0,'quality','','voice-of-the-child','lived-experience','2026-10','','',0,3,0,0,1,1,1,1);
INSERT INTO "grade_cells" VALUES(0,'quality','','voice-of-the-child','lived-experience','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(0,'quality','','voice-of-the-child','views-influence-decisions','2026-10','','',0,3,0,1,1,0,1,1);
INSERT INTO "grade_cells" VALUES(0,'quality','','voice-of-the-child','views-influence-decisions','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(0,'quality','','voice-of-the-child','visits-with-purpose','2026-10','','',0,3,0,1,1,0,1,1);
INSERT INTO "grade_cells" VALUES(0,'quality','','voice-of-the-child','visits-with-purpose','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(0,'quality','','voice-of-the-child','wishes-and-feelings','2026-10','','',0,3,0,1,1,0,1,1);
INSERT INTO "grade_cells" VALUES(0,'quality','','voice-of-the-child','wishes-and-feelings','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'compliance','','smart-plans','plan-reviewed-on-time','2026-12','Assessment North','',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'compliance','','smart-plans','plan-reviewed-on-time','2026-12','Family Support South','',0,2,0,2,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'compliance','','voice-of-the-child','seen-alone','2026-10','Assessment North','',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'compliance','','voice-of-the-child','seen-alone','2026-10','Child Protection East','',0,2,0,0,2,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'compliance','','voice-of-the-child','seen-alone','2026-12','Assessment North','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'compliance','','voice-of-the-child','seen-alone','2026-12','Child Protection East','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-10','Assessment North','',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-10','Child Protection East','',0,2,0,1,1,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-12','Assessment North','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-12','Child Protection East','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'overall','','smart-plans','','2026-12','Assessment North','',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'overall','','smart-plans','','2026-12','Family Support South','',0,2,0,0,0,2,0,0);
INSERT INTO "grade_cells" VALUES(1,'overall','','voice-of-the-child','','2026-10','Assessment North','',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'overall','','voice-of-the-child','','2026-10','Child Protection East','',0,2,0,1,0,0,1,1);
INSERT INTO "grade_cells" VALUES(1,'overall','','voice-of-the-child','','2026-12','Assessment North','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'overall','','voice-of-the-child','','2026-12','Child Protection East','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','smart-plans','contingency-plan','2026-12','Assessment North','',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','smart-plans','contingency-plan','2026-12','Family Support South','',0,2,0,0,0,2,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','smart-plans','measurable-outcomes','2026-12','Assessment North','',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','smart-plans','measurable-outcomes','2026-12','Family Support South','',0,2,0,0,0,0,2,2);
INSERT INTO "grade_cells" VALUES(1,'quality','','smart-plans','plan-understood-by-family','2026-12','Assessment North','',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','smart-plans','plan-understood-by-family','2026-12','Family Support South','',0,2,0,0,0,2,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','smart-plans','progress-without-drift','2026-12','Assessment North','',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','smart-plans','progress-without-drift','2026-12','Family Support South','',0,2,0,0,2,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','smart-plans','specific-needs-and-risks','2026-12','Assessment North','',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','smart-plans','specific-needs-and-risks','2026-12','Family Support South','',0,2,0,0,0,2,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','smart-plans','who-what-by-when','2026-12','Assessment North','',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','smart-plans','who-what-by-when','2026-12','Family Support South','',0,2,0,0,0,2,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','identity-culture-and-communication','2026-10','Assessment North','',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','identity-culture-and-communication','2026-10','Child Protection East','',0,2,0,1,0,1,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','identity-culture-and-communication','2026-12','Assessment North','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','identity-culture-and-communication','2026-12','Child Protection East','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','lived-experience','2026-10','Assessment North','',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','lived-experience','2026-10','Child Protection East','',0,2,0,0,1,0,1,1);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','lived-experience','2026-12','Assessment North','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','lived-experience','2026-12','Child Protection East','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','views-influence-decisions','2026-10','Assessment North','',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','views-influence-decisions','2026-10','Child Protection East','',0,2,0,1,0,0,1,1);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','views-influence-decisions','2026-12','Assessment North','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','views-influence-decisions','2026-12','Child Protection East','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','visits-with-purpose','2026-10','Assessment North','',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','visits-with-purpose','2026-10','Child Protection East','',0,2,0,1,0,0,1,1);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','visits-with-purpose','2026-12','Assessment North','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','visits-with-purpose','2026-12','Child Protection East','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','wishes-and-feelings','2026-10','Assessment North','',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','wishes-and-feelings','2026-10','Child Protection East','',0,2,0,1,0,0,1,1);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','wishes-and-feelings','2026-12','Assessment North','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(1,'quality','','voice-of-the-child','wishes-and-feelings','2026-12','Child Protection East','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'compliance','','smart-plans','plan-reviewed-on-time','2026-12','','CIN',0,3,0,3,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'compliance','','voice-of-the-child','seen-alone','2026-10','','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'compliance','','voice-of-the-child','seen-alone','2026-10','','CP',0,2,0,0,2,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'compliance','','voice-of-the-child','seen-alone','2026-12','','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'compliance','','voice-of-the-child','seen-alone','2026-12','','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-10','','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-10','','CP',0,2,0,1,1,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-12','','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-12','','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'overall','','smart-plans','','2026-12','','CIN',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(2,'overall','','voice-of-the-child','','2026-10','','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'overall','','voice-of-the-child','','2026-10','','CP',0,2,0,1,0,0,1,1);
INSERT INTO "grade_cells" VALUES(2,'overall','','voice-of-the-child','','2026-12','','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'overall','','voice-of-the-child','','2026-12','','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','smart-plans','contingency-plan','2026-12','','CIN',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','smart-plans','measurable-outcomes','2026-12','','CIN',0,3,0,0,1,0,2,2);
INSERT INTO "grade_cells" VALUES(2,'quality','','smart-plans','plan-understood-by-family','2026-12','','CIN',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','smart-plans','progress-without-drift','2026-12','','CIN',0,3,0,1,2,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','smart-plans','specific-needs-and-risks','2026-12','','CIN',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','smart-plans','who-what-by-when','2026-12','','CIN',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','identity-culture-and-communication','2026-10','','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','identity-culture-and-communication','2026-10','','CP',0,2,0,1,0,1,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','identity-culture-and-communication','2026-12','','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','identity-culture-and-communication','2026-12','','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','lived-experience','2026-10','','CIN',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','lived-experience','2026-10','','CP',0,2,0,0,1,0,1,1);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','lived-experience','2026-12','','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','lived-experience','2026-12','','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','views-influence-decisions','2026-10','','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','views-influence-decisions','2026-10','','CP',0,2,0,1,0,0,1,1);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','views-influence-decisions','2026-12','','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','views-influence-decisions','2026-12','','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','visits-with-purpose','2026-10','','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','visits-with-purpose','2026-10','','CP',0,2,0,1,0,0,1,1);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','visits-with-purpose','2026-12','','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','visits-with-purpose','2026-12','','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','wishes-and-feelings','2026-10','','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','wishes-and-feelings','2026-10','','CP',0,2,0,1,0,0,1,1);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','wishes-and-feelings','2026-12','','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(2,'quality','','voice-of-the-child','wishes-and-feelings','2026-12','','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(3,'compliance','','smart-plans','plan-reviewed-on-time','2026-12','','',0,3,0,3,0,0,0,0);
INSERT INTO "grade_cells" VALUES(3,'compliance','','voice-of-the-child','seen-alone','2026-10','','',0,3,0,1,2,0,0,0);
INSERT INTO "grade_cells" VALUES(3,'compliance','','voice-of-the-child','seen-alone','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(3,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-10','','',0,3,0,2,1,0,0,0);
INSERT INTO "grade_cells" VALUES(3,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(3,'overall','','smart-plans','','2026-12','','',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(3,'overall','','voice-of-the-child','','2026-10','','',0,3,0,1,1,0,1,1);
INSERT INTO "grade_cells" VALUES(3,'overall','','voice-of-the-child','','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(3,'quality','','smart-plans','contingency-plan','2026-12','','',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(3,'quality','','smart-plans','measurable-outcomes','2026-12','','',0,3,0,0,1,0,2,2);
INSERT INTO "grade_cells" VALUES(3,'quality','','smart-plans','plan-understood-by-family','2026-12','','',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(3,'quality','','smart-plans','progress-without-drift','2026-12','','',0,3,0,1,2,0,0,0);
INSERT INTO "grade_cells" VALUES(3,'quality','','smart-plans','specific-needs-and-risks','2026-12','','',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(3,'quality','','smart-plans','who-what-by-when','2026-12','','',0,3,0,1,0,2,0,0);
INSERT INTO "grade_cells" VALUES(3,'quality','','voice-of-the-child','identity-culture-and-communication','2026-10','','',0,3,0,2,0,1,0,0);
INSERT INTO "grade_cells" VALUES(3,'quality','','voice-of-the-child','identity-culture-and-communication','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(3,'quality','','voice-of-the-child','lived-experience','2026-10','','',0,3,0,0,1,1,1,1);
INSERT INTO "grade_cells" VALUES(3,'quality','','voice-of-the-child','lived-experience','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(3,'quality','','voice-of-the-child','views-influence-decisions','2026-10','','',0,3,0,1,1,0,1,1);
INSERT INTO "grade_cells" VALUES(3,'quality','','voice-of-the-child','views-influence-decisions','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(3,'quality','','voice-of-the-child','visits-with-purpose','2026-10','','',0,3,0,1,1,0,1,1);
INSERT INTO "grade_cells" VALUES(3,'quality','','voice-of-the-child','visits-with-purpose','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(3,'quality','','voice-of-the-child','wishes-and-feelings','2026-10','','',0,3,0,1,1,0,1,1);
INSERT INTO "grade_cells" VALUES(3,'quality','','voice-of-the-child','wishes-and-feelings','2026-12','','',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'compliance','','smart-plans','plan-reviewed-on-time','2026-12','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'compliance','','smart-plans','plan-reviewed-on-time','2026-12','Family Support South','CIN',0,2,0,2,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'compliance','','voice-of-the-child','seen-alone','2026-10','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'compliance','','voice-of-the-child','seen-alone','2026-10','Child Protection East','CP',0,2,0,0,2,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'compliance','','voice-of-the-child','seen-alone','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'compliance','','voice-of-the-child','seen-alone','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-10','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-10','Child Protection East','CP',0,2,0,1,1,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'compliance','','voice-of-the-child','seen-at-expected-frequency','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'overall','','smart-plans','','2026-12','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'overall','','smart-plans','','2026-12','Family Support South','CIN',0,2,0,0,0,2,0,0);
INSERT INTO "grade_cells" VALUES(4,'overall','','voice-of-the-child','','2026-10','Assessment North','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'overall','','voice-of-the-child','','2026-10','Child Protection East','CP',0,2,0,1,0,0,1,1);
INSERT INTO "grade_cells" VALUES(4,'overall','','voice-of-the-child','','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'overall','','voice-of-the-child','','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','smart-plans','contingency-plan','2026-12','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','smart-plans','contingency-plan','2026-12','Family Support South','CIN',0,2,0,0,0,2,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','smart-plans','measurable-outcomes','2026-12','Assessment North','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','smart-plans','measurable-outcomes','2026-12','Family Support South','CIN',0,2,0,0,0,0,2,2);
INSERT INTO "grade_cells" VALUES(4,'quality','','smart-plans','plan-understood-by-family','2026-12','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','smart-plans','plan-understood-by-family','2026-12','Family Support South','CIN',0,2,0,0,0,2,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','smart-plans','progress-without-drift','2026-12','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','smart-plans','progress-without-drift','2026-12','Family Support South','CIN',0,2,0,0,2,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','smart-plans','specific-needs-and-risks','2026-12','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','smart-plans','specific-needs-and-risks','2026-12','Family Support South','CIN',0,2,0,0,0,2,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','smart-plans','who-what-by-when','2026-12','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','smart-plans','who-what-by-when','2026-12','Family Support South','CIN',0,2,0,0,0,2,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','identity-culture-and-communication','2026-10','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','identity-culture-and-communication','2026-10','Child Protection East','CP',0,2,0,1,0,1,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','identity-culture-and-communication','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','identity-culture-and-communication','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','lived-experience','2026-10','Assessment North','CIN',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','lived-experience','2026-10','Child Protection East','CP',0,2,0,0,1,0,1,1);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','lived-experience','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','lived-experience','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','views-influence-decisions','2026-10','Assessment North','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','views-influence-decisions','2026-10','Child Protection East','CP',0,2,0,1,0,0,1,1);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','views-influence-decisions','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','views-influence-decisions','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','visits-with-purpose','2026-10','Assessment North','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','visits-with-purpose','2026-10','Child Protection East','CP',0,2,0,1,0,0,1,1);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','visits-with-purpose','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','visits-with-purpose','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','wishes-and-feelings','2026-10','Assessment North','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','wishes-and-feelings','2026-10','Child Protection East','CP',0,2,0,1,0,0,1,1);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','wishes-and-feelings','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(4,'quality','','voice-of-the-child','wishes-and-feelings','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.birch','smart-plans','plan-reviewed-on-time','2026-12','Family Support South','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.birch','voice-of-the-child','seen-alone','2026-10','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.birch','voice-of-the-child','seen-alone','2026-10','Child Protection East','CP',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.birch','voice-of-the-child','seen-alone','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.birch','voice-of-the-child','seen-alone','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.birch','voice-of-the-child','seen-at-expected-frequency','2026-10','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.birch','voice-of-the-child','seen-at-expected-frequency','2026-10','Child Protection East','CP',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.birch','voice-of-the-child','seen-at-expected-frequency','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.birch','voice-of-the-child','seen-at-expected-frequency','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.rowan','smart-plans','plan-reviewed-on-time','2026-12','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.rowan','smart-plans','plan-reviewed-on-time','2026-12','Family Support South','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.rowan','voice-of-the-child','seen-alone','2026-10','Child Protection East','CP',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.rowan','voice-of-the-child','seen-alone','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.rowan','voice-of-the-child','seen-at-expected-frequency','2026-10','Child Protection East','CP',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'compliance','qa.rowan','voice-of-the-child','seen-at-expected-frequency','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'overall','qa.birch','smart-plans','','2026-12','Family Support South','CIN',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(5,'overall','qa.birch','voice-of-the-child','','2026-10','Assessment North','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'overall','qa.birch','voice-of-the-child','','2026-10','Child Protection East','CP',0,1,0,0,0,0,1,1);
INSERT INTO "grade_cells" VALUES(5,'overall','qa.birch','voice-of-the-child','','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'overall','qa.birch','voice-of-the-child','','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'overall','qa.rowan','smart-plans','','2026-12','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'overall','qa.rowan','smart-plans','','2026-12','Family Support South','CIN',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(5,'overall','qa.rowan','voice-of-the-child','','2026-10','Child Protection East','CP',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'overall','qa.rowan','voice-of-the-child','','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','smart-plans','contingency-plan','2026-12','Family Support South','CIN',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','smart-plans','measurable-outcomes','2026-12','Family Support South','CIN',0,1,0,0,0,0,1,1);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','smart-plans','plan-understood-by-family','2026-12','Family Support South','CIN',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','smart-plans','progress-without-drift','2026-12','Family Support South','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','smart-plans','specific-needs-and-risks','2026-12','Family Support South','CIN',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','smart-plans','who-what-by-when','2026-12','Family Support South','CIN',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','identity-culture-and-communication','2026-10','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','identity-culture-and-communication','2026-10','Child Protection East','CP',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','identity-culture-and-communication','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','identity-culture-and-communication','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','lived-experience','2026-10','Assessment North','CIN',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','lived-experience','2026-10','Child Protection East','CP',0,1,0,0,0,0,1,1);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','lived-experience','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','lived-experience','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','views-influence-decisions','2026-10','Assessment North','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','views-influence-decisions','2026-10','Child Protection East','CP',0,1,0,0,0,0,1,1);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','views-influence-decisions','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','views-influence-decisions','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','visits-with-purpose','2026-10','Assessment North','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','visits-with-purpose','2026-10','Child Protection East','CP',0,1,0,0,0,0,1,1);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','visits-with-purpose','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','visits-with-purpose','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','wishes-and-feelings','2026-10','Assessment North','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','wishes-and-feelings','2026-10','Child Protection East','CP',0,1,0,0,0,0,1,1);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','wishes-and-feelings','2026-12','Assessment North','CIN',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.birch','voice-of-the-child','wishes-and-feelings','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','smart-plans','contingency-plan','2026-12','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','smart-plans','contingency-plan','2026-12','Family Support South','CIN',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','smart-plans','measurable-outcomes','2026-12','Assessment North','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','smart-plans','measurable-outcomes','2026-12','Family Support South','CIN',0,1,0,0,0,0,1,1);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','smart-plans','plan-understood-by-family','2026-12','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','smart-plans','plan-understood-by-family','2026-12','Family Support South','CIN',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','smart-plans','progress-without-drift','2026-12','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','smart-plans','progress-without-drift','2026-12','Family Support South','CIN',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','smart-plans','specific-needs-and-risks','2026-12','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','smart-plans','specific-needs-and-risks','2026-12','Family Support South','CIN',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','smart-plans','who-what-by-when','2026-12','Assessment North','CIN',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','smart-plans','who-what-by-when','2026-12','Family Support South','CIN',0,1,0,0,0,1,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','voice-of-the-child','identity-culture-and-communication','2026-10','Child Protection East','CP',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','voice-of-the-child','identity-culture-and-communication','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','voice-of-the-child','lived-experience','2026-10','Child Protection East','CP',0,1,0,0,1,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','voice-of-the-child','lived-experience','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','voice-of-the-child','views-influence-decisions','2026-10','Child Protection East','CP',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','voice-of-the-child','views-influence-decisions','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','voice-of-the-child','visits-with-purpose','2026-10','Child Protection East','CP',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','voice-of-the-child','visits-with-purpose','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','voice-of-the-child','wishes-and-feelings','2026-10','Child Protection East','CP',0,1,0,1,0,0,0,0);
INSERT INTO "grade_cells" VALUES(5,'quality','qa.rowan','voice-of-the-child','wishes-and-feelings','2026-12','Child Protection East','CP',0,0,0,0,0,0,0,0);
CREATE TABLE moderation_answers (
    audit_id       INTEGER NOT NULL REFERENCES moderations (audit_id),
    criterion_id   TEXT NOT NULL,
    grade_key      TEXT,
    grade_value    INTEGER,
    grade_label    TEXT,
    not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
    reason         TEXT NOT NULL DEFAULT '',
    -- the auditor's grade as moderated (snapshot at completion): agreement compares these
    auditor_grade_value    INTEGER,
    auditor_not_applicable INTEGER,
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL,
    PRIMARY KEY (audit_id, criterion_id)
);
INSERT INTO "moderation_answers" VALUES(5,'seen-at-expected-frequency','partly',2,'Partly',0,'',2,0,'2026-12-02T11:43:57+00:00','hos.maple');
INSERT INTO "moderation_answers" VALUES(5,'seen-alone','partly',2,'Partly',0,'The evidence recorded does not support the higher grade.',1,0,'2026-12-02T11:43:57+00:00','hos.maple');
INSERT INTO "moderation_answers" VALUES(5,'visits-with-purpose','inadequate',4,'Inadequate',0,'',4,0,'2026-12-02T11:43:57+00:00','hos.maple');
INSERT INTO "moderation_answers" VALUES(5,'wishes-and-feelings','inadequate',4,'Inadequate',0,'',4,0,'2026-12-02T11:43:57+00:00','hos.maple');
INSERT INTO "moderation_answers" VALUES(5,'lived-experience','inadequate',4,'Inadequate',0,'',4,0,'2026-12-02T11:43:57+00:00','hos.maple');
INSERT INTO "moderation_answers" VALUES(5,'views-influence-decisions','inadequate',4,'Inadequate',0,'',4,0,'2026-12-02T11:43:57+00:00','hos.maple');
INSERT INTO "moderation_answers" VALUES(5,'identity-culture-and-communication','requires-improvement',3,'Requires improvement to be good',0,'',3,0,'2026-12-02T11:43:57+00:00','hos.maple');
INSERT INTO "moderation_answers" VALUES(3,'seen-at-expected-frequency','yes',1,'Yes',0,'',1,0,'2026-12-02T11:43:57+00:00','hos.maple');
INSERT INTO "moderation_answers" VALUES(3,'seen-alone','partly',2,'Partly',0,'The evidence recorded does not support the higher grade.',1,0,'2026-12-02T11:43:57+00:00','hos.maple');
INSERT INTO "moderation_answers" VALUES(3,'visits-with-purpose','outstanding',1,'Outstanding',0,'',1,0,'2026-12-02T11:43:57+00:00','hos.maple');
INSERT INTO "moderation_answers" VALUES(3,'wishes-and-feelings','outstanding',1,'Outstanding',0,'',1,0,'2026-12-02T11:43:57+00:00','hos.maple');
INSERT INTO "moderation_answers" VALUES(3,'lived-experience','good',2,'Good',0,'',2,0,'2026-12-02T11:43:57+00:00','hos.maple');
INSERT INTO "moderation_answers" VALUES(3,'views-influence-decisions','outstanding',1,'Outstanding',0,'',1,0,'2026-12-02T11:43:57+00:00','hos.maple');
INSERT INTO "moderation_answers" VALUES(3,'identity-culture-and-communication','outstanding',1,'Outstanding',0,'',1,0,'2026-12-02T11:43:57+00:00','hos.maple');
CREATE TABLE moderations (
    audit_id            INTEGER PRIMARY KEY REFERENCES audits (id),
    selected_because    TEXT NOT NULL,      -- why this audit is moderated, as recorded
    selected_at         TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'done')),
    moderator           TEXT,
    overall_grade_key   TEXT,
    overall_grade_value INTEGER,
    overall_grade_label TEXT,
    overall_reason      TEXT NOT NULL DEFAULT '',
    completed_at        TEXT,
    -- the auditor's overall grade as moderated, kept even if the audit is reopened later
    auditor_overall_value INTEGER
);
INSERT INTO "moderations" VALUES(3,'every Outstanding audit is moderated','2026-12-02T11:43:57+00:00','done','hos.maple','outstanding',1,'Outstanding','','2026-12-02T11:43:57+00:00',1);
INSERT INTO "moderations" VALUES(4,'every Outstanding audit is moderated','2026-12-02T11:43:57+00:00','waiting',NULL,NULL,NULL,NULL,'',NULL,NULL);
INSERT INTO "moderations" VALUES(5,'every Inadequate audit is moderated','2026-12-02T11:43:57+00:00','done','hos.maple','inadequate',4,'Inadequate','','2026-12-02T11:43:57+00:00',4);
CREATE TABLE programme_cases (
    programme_id INTEGER NOT NULL REFERENCES programmes (id),
    case_ref     TEXT NOT NULL REFERENCES cases (case_ref),
    team         TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('sampled', 'excluded', 'not_drawn',
                     'added', 'removed')),
    reason       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (programme_id, case_ref)
);
CREATE TABLE programmes (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL UNIQUE,
    kind                TEXT NOT NULL CHECK (kind IN ('dip_sample', 'thematic', 'repeat',
                            'collaborative', 'multi_agency', 'supervision', 'closure')),
    rubric_ids          TEXT NOT NULL,          -- JSON list of rubric ids
    lookback_months     INTEGER NOT NULL DEFAULT 12,
    judgement_months    INTEGER NOT NULL DEFAULT 6,
    due_on              TEXT,
    owner               TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    repeat_of           INTEGER REFERENCES programmes (id),
    rule                TEXT,                   -- JSON sampling rule, as drawn
    seed                INTEGER,
    cohort_size         INTEGER,
    cases_listed        INTEGER,                -- case list size when drawn
    sampled_at          TEXT,
    independence_relaxed TEXT NOT NULL DEFAULT '',  -- the reason, when the rule is relaxed
    created_at          TEXT NOT NULL,
    created_by          TEXT NOT NULL
, moderation_percent REAL NOT NULL DEFAULT 10);
CREATE TABLE rubric_criteria (
    rubric_hash  TEXT NOT NULL REFERENCES rubric_versions (hash),
    criterion_id TEXT NOT NULL,
    position     INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('overall', 'quality', 'compliance')),
    question     TEXT NOT NULL,
    grades       INTEGER NOT NULL,
    PRIMARY KEY (rubric_hash, criterion_id)
);
INSERT INTO "rubric_criteria" VALUES('35a9ffdc51643744f412f79daa6381fa1dd7c67b6ed4ae9b01e287824da4dbf5','',0,'overall','Overall judgement',4);
INSERT INTO "rubric_criteria" VALUES('35a9ffdc51643744f412f79daa6381fa1dd7c67b6ed4ae9b01e287824da4dbf5','seen-at-expected-frequency',1,'compliance','Was the child seen at the frequency their plan or the statutory and local visiting standard requires, across the audit window?',3);
INSERT INTO "rubric_criteria" VALUES('35a9ffdc51643744f412f79daa6381fa1dd7c67b6ed4ae9b01e287824da4dbf5','seen-alone',2,'compliance','Was the child seen alone at visits where appropriate, or is the reason they were not recorded? Not applicable only for a baby or toddler too young to communicate apart from a carer (note the child''s age in the evidence); a disabled or non-verbal older child is never ''not applicable'' here.',3);
INSERT INTO "rubric_criteria" VALUES('35a9ffdc51643744f412f79daa6381fa1dd7c67b6ed4ae9b01e287824da4dbf5','visits-with-purpose',3,'quality','Do visit records show what the worker saw and learned about the child''s safety and well-being: the child observed, their home and sleeping space seen, and how they are with each of their carers?',4);
INSERT INTO "rubric_criteria" VALUES('35a9ffdc51643744f412f79daa6381fa1dd7c67b6ed4ae9b01e287824da4dbf5','wishes-and-feelings',4,'quality','Are the child''s wishes and feelings recorded in their own words, or, for a pre-verbal or non-verbal child, through an evidenced method (observation, PECS, Makaton, BSL, direct-work tools) with the method recorded?',4);
INSERT INTO "rubric_criteria" VALUES('35a9ffdc51643744f412f79daa6381fa1dd7c67b6ed4ae9b01e287824da4dbf5','lived-experience',5,'quality','Does the file show the child''s lived experience (what a day in their life is like and how the adults'' difficulties affect them), with the child''s own account kept distinct from the family''s?',4);
INSERT INTO "rubric_criteria" VALUES('35a9ffdc51643744f412f79daa6381fa1dd7c67b6ed4ae9b01e287824da4dbf5','views-influence-decisions',6,'quality','Did the child''s views visibly influence the assessment, the plan and decisions about them, and was the child told what happened as a result?',4);
INSERT INTO "rubric_criteria" VALUES('35a9ffdc51643744f412f79daa6381fa1dd7c67b6ed4ae9b01e287824da4dbf5','identity-culture-and-communication',7,'quality','Are the child''s identity, culture and communication needs understood and met (ethnicity, religion, language, disability, sex, gender identity and sexuality where relevant), including interpreters or communication support?',4);
INSERT INTO "rubric_criteria" VALUES('2338f3dd700321d8dd77fe77c78806f432e626f2597f2ca295f168e850642068','',0,'overall','Overall judgement',4);
INSERT INTO "rubric_criteria" VALUES('2338f3dd700321d8dd77fe77c78806f432e626f2597f2ca295f168e850642068','specific-needs-and-risks',1,'quality','Does the plan name the specific needs and risks for this child, drawn from the assessment, rather than generic concerns?',4);
INSERT INTO "rubric_criteria" VALUES('2338f3dd700321d8dd77fe77c78806f432e626f2597f2ca295f168e850642068','who-what-by-when',2,'quality','Does every action say who will do what by when, with a named owner (person or role) and a date or frequency?',4);
INSERT INTO "rubric_criteria" VALUES('2338f3dd700321d8dd77fe77c78806f432e626f2597f2ca295f168e850642068','measurable-outcomes',3,'quality','Are the outcomes measurable and about the child (what will be different for the child and how everyone will know), rather than a list of actions or services?',4);
INSERT INTO "rubric_criteria" VALUES('2338f3dd700321d8dd77fe77c78806f432e626f2597f2ca295f168e850642068','contingency-plan',4,'quality','Is there a clear contingency: what will happen, and who will act, if the plan does not work or risk increases?',4);
INSERT INTO "rubric_criteria" VALUES('2338f3dd700321d8dd77fe77c78806f432e626f2597f2ca295f168e850642068','plan-reviewed-on-time',5,'compliance','Was the plan reviewed within the required timescales during the audit window, and after any significant change?',3);
INSERT INTO "rubric_criteria" VALUES('2338f3dd700321d8dd77fe77c78806f432e626f2597f2ca295f168e850642068','progress-without-drift',6,'quality','Do reviews measure progress against the outcomes and update the plan, so that the child''s circumstances improve without drift? For neglect, is the improvement both sufficient and sustained?',4);
INSERT INTO "rubric_criteria" VALUES('2338f3dd700321d8dd77fe77c78806f432e626f2597f2ca295f168e850642068','plan-understood-by-family',7,'quality','Is the plan written so the child and family understand it (plain language, their views included, in their language), and do they have a copy?',4);
CREATE TABLE rubric_versions (
    hash          TEXT PRIMARY KEY,
    rubric_id     TEXT NOT NULL,
    version       TEXT NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,          -- canonical JSON of the validated rubric
    first_seen_at TEXT NOT NULL
);
INSERT INTO "rubric_versions" VALUES('35a9ffdc51643744f412f79daa6381fa1dd7c67b6ed4ae9b01e287824da4dbf5','voice-of-the-child','1','Voice of the child','{"criteria": [{"guidance": {"no": "Visits were repeatedly late or missed, the child went unseen for more than twice the expected interval, or the records do not show the child being seen at all.", "partly": "Most visits were on time, but at least one was late or missed, or a record does not say whether the child was seen; no gap left the child unseen for more than twice the expected interval.", "yes": "Every visit due in the window is recorded on time, and each record says the child was seen (a visit where only the parent or carer was seen, or ''no answer'', counts as missed). Whether the visits were any good is graded separately."}, "id": "seen-at-expected-frequency", "kind": "compliance", "limiting": false, "not_applicable": false, "question": "Was the child seen at the frequency their plan or the statutory and local visiting standard requires, across the audit window?", "scale": null, "themes": {"areas_for_development": ["Child not seen at expected frequency"], "strengths": ["Child seen regularly"]}}, {"guidance": {"no": "No record of the child being seen alone in the window and no reason recorded, or ''seen alone'' is ticked with nothing recorded about what the child said or did.", "partly": "The child was seen alone at some visits but not others with no reason recorded, or not since the latest significant concern or change in the household.", "yes": "The child was seen alone at most visits in the window, including since the latest significant concern, or each time they were not the specific reason is recorded. A non-verbal child counts as seen alone when observed or communicated with away from their parents, with a communicator who is not a family member if needed."}, "id": "seen-alone", "kind": "compliance", "limiting": false, "not_applicable": true, "question": "Was the child seen alone at visits where appropriate, or is the reason they were not recorded? Not applicable only for a baby or toddler too young to communicate apart from a carer (note the child''s age in the evidence); a disabled or non-verbal older child is never ''not applicable'' here.", "scale": null, "themes": {"areas_for_development": ["Child not seen alone", "Reason for not seeing child alone not recorded"], "strengths": ["Child seen alone"]}}, {"guidance": {"good": "Records describe the child''s presentation, home conditions and interaction with carers and link them to the plan; anything worrying that was seen is acted on. The purpose of each visit or the follow-up is less consistently recorded than at Outstanding.", "inadequate": "Records do not show the child was observed in any meaningful way, or something worrying was seen (an injury, poor home conditions, a child frightened of an adult) and not acted on.", "outstanding": "Visits have a recorded purpose linked to the plan; records describe the child''s presentation, bedroom and home conditions and how they respond to each adult, and say what this means for their safety. Unannounced visits or visits at different times are used where the concerns call for them, and what was seen is followed up.", "requires-improvement": "Visits mainly record the adults'' conversation; the child is noted briefly (''child appeared well'') without saying what was seen, or the sleeping space is not seen when it matters. No sign of harm was missed."}, "id": "visits-with-purpose", "kind": "quality", "limiting": true, "not_applicable": false, "question": "Do visit records show what the worker saw and learned about the child''s safety and well-being: the child observed, their home and sleeping space seen, and how they are with each of their carers?", "scale": null, "themes": {"areas_for_development": ["Visits not purposeful", "Observations of the child not recorded"], "strengths": ["Purposeful visits linked to the plan", "Home conditions and sleeping arrangements seen"]}}, {"guidance": {"good": "The child''s views are recorded as quotes or through an evidenced method with the method named, at least for each key point (assessment, plan, review); direct work is evident but less frequent or varied than at Outstanding.", "inadequate": "No views recorded in the window, or the only account of the child''s wishes comes from a parent or carer; a very young or non-verbal child is written off as ''unable to give views'' with no observation or other method tried.", "outstanding": "Up-to-date views are recorded throughout the window in the child''s own words, drawings or direct-work tools suited to their age and understanding. For a pre-verbal or non-verbal child, views gathered by observation, PECS, Makaton, BSL or a direct-work tool, with the method and what the child showed recorded, are credited exactly as verbal views.", "requires-improvement": "Views are mostly the worker''s summary (''is happy at home'') with no quotes, method or context, or are older than the audit window. For a non-verbal child, observations are recorded but not interpreted, or the method is not stated."}, "id": "wishes-and-feelings", "kind": "quality", "limiting": false, "not_applicable": false, "question": "Are the child''s wishes and feelings recorded in their own words, or, for a pre-verbal or non-verbal child, through an evidenced method (observation, PECS, Makaton, BSL, direct-work tools) with the method recorded?", "scale": null, "themes": {"areas_for_development": ["Child''s views not recorded", "Little evidence of direct work", "Communication method not recorded"], "strengths": ["Child''s views recorded in their own words", "Non-verbal child''s views gathered through an evidenced method", "Good use of direct work"]}}, {"guidance": {"good": "The child''s daily experience and the impact of the adults'' behaviour on them are described with specific examples; the source of each account is clear and the child''s view was sought separately from the parents''.", "inadequate": "The child''s experience is known only through what parents or carers say (''mum reports the children are fine''), with no evidence from the child, observation or other agencies, or the impact of known risks on the child is not considered.", "outstanding": "The file gives a specific picture of the child''s daily life (meals, school, bedtime, who they turn to, what worries them), checked against the child''s words, observation and other agencies, and says how the adults'' behaviour affects this child. Where the child''s account and the family''s differ, both are recorded and the difference is analysed.", "requires-improvement": "Lived experience is described in general terms (''the impact of domestic abuse on children'') rather than for this child, or sources are unclear; the family''s account is relied on more than the child''s, though some separate evidence from the child or other agencies exists."}, "id": "lived-experience", "kind": "quality", "limiting": true, "not_applicable": false, "question": "Does the file show the child''s lived experience (what a day in their life is like and how the adults'' difficulties affect them), with the child''s own account kept distinct from the family''s?", "scale": null, "themes": {"areas_for_development": ["Child''s lived experience not understood", "Family''s account stands in for the child''s"], "strengths": ["Child''s lived experience well understood"]}}, {"guidance": {"good": "The child''s views appear in the assessment and plan, at least one decision or action can be traced to them, and the child was told the outcome of key decisions.", "inadequate": "The child''s views are absent from the assessment and plan, or a decision goes against the child''s clearly stated wishes or fears with no recorded reason.", "outstanding": "The assessment and plan quote the child and show what changed because of their views (e.g. family time arrangements, who supports them, a plan action); where a decision went against their wishes, the reason is recorded and was explained to them. The child took part in meetings and reviews in the way they chose, with an advocate offered where appropriate.", "requires-improvement": "The child''s views are recorded but sit apart from the analysis and plan, which would read the same without them, or there is no record the child was told the outcome."}, "id": "views-influence-decisions", "kind": "quality", "limiting": false, "not_applicable": false, "question": "Did the child''s views visibly influence the assessment, the plan and decisions about them, and was the child told what happened as a result?", "scale": null, "themes": {"areas_for_development": ["Child''s views did not influence the plan", "Child not told the outcome of decisions"], "strengths": ["Child''s views shaped the plan"]}}, {"guidance": {"good": "Identity and communication needs are identified and addressed in the plan, interpreters or communication aids are used when needed, and records are written respectfully of the child''s identity.", "inadequate": "Identity and culture are not considered, a child with communication needs was spoken with without the support they need, or a family member (especially a child or an alleged abuser) was used as interpreter.", "outstanding": "The assessment and plan say what the child''s identity means to them and include actions that support it (e.g. faith, hair and skin care, first language, links with their community); their communication needs are known and met at every contact, with independent interpreters or communication support recorded.", "requires-improvement": "Identity is recorded as categories (ethnicity, religion) without saying what it means for this child, or communication needs are noted but not consistently met (e.g. an interpreter at the assessment but not at visits)."}, "id": "identity-culture-and-communication", "kind": "quality", "limiting": false, "not_applicable": false, "question": "Are the child''s identity, culture and communication needs understood and met (ethnicity, religion, language, disability, sex, gender identity and sexuality where relevant), including interpreters or communication support?", "scale": null, "themes": {"areas_for_development": ["Identity and culture not considered", "Communication needs not met"], "strengths": ["Identity and culture well considered", "Communication needs met"]}}], "description": "Whether the child is seen, heard and understood: seen regularly and alone where appropriate, their wishes, feelings and lived experience recorded in their own words or through an evidenced communication method, and their views shaping decisions. Use on any open case; views of a pre-verbal or non-verbal child gathered through observation, PECS, Makaton, BSL or direct-work tools, with the method recorded, count exactly as much as spoken views.", "id": "voice-of-the-child", "overall_scale": "ofsted", "scales": [], "title": "Voice of the child", "version": "1"}','2026-12-02T11:43:57+00:00');
INSERT INTO "rubric_versions" VALUES('2338f3dd700321d8dd77fe77c78806f432e626f2597f2ca295f168e850642068','smart-plans','1','SMART plans','{"criteria": [{"guidance": {"good": "Needs and risks are specific to this child and match the assessment; the worry for the child is clear for the main risks, though some lesser needs are stated generally.", "inadequate": "The plan does not reflect the assessment: key risks are missing, or the plan is a template copied across siblings or rolled forward from an earlier plan.", "outstanding": "Every need and risk is specific to this child and traceable to the assessment (e.g. ''aged 4, has missed 3 of 5 speech therapy appointments; speech is 12 months behind'') and says what the worry is for the child if nothing changes. Each child in a sibling group has their own needs set out.", "requires-improvement": "Needs and risks are written as headings (''neglect'', ''parental mental health'', ''domestic abuse'') without saying how they affect this child, or a risk identified in the assessment is missing from the plan."}, "id": "specific-needs-and-risks", "kind": "quality", "limiting": false, "not_applicable": false, "question": "Does the plan name the specific needs and risks for this child, drawn from the assessment, rather than generic concerns?", "scale": null, "themes": {"areas_for_development": ["Needs and risks not specific to the child", "Plan does not reflect the assessment"], "strengths": ["Needs and risks clearly set out"]}}, {"guidance": {"good": "Almost all actions name who, what and by when; any gap is minor (e.g. ''ongoing'' for genuinely continuous support) and no action on a main risk lacks an owner or date.", "inadequate": "Most actions have no owner or date, or the actions on the main risks are so vague that nobody could say whether they were done.", "outstanding": "Every action names an owner, a specific task and a date or frequency, for the family and every agency as clearly as for the social worker, and the plan says how completion will be checked.", "requires-improvement": "Several actions lack an owner or a date, use ''ongoing'' or ''as required'' for time-limited tasks, or are vague (''mum to engage with services'', ''professionals to monitor'')."}, "id": "who-what-by-when", "kind": "quality", "limiting": false, "not_applicable": false, "question": "Does every action say who will do what by when, with a named owner (person or role) and a date or frequency?", "scale": null, "themes": {"areas_for_development": ["Plans not SMART", "No named owner or timescale", "Vague actions (''mum to engage'')"], "strengths": ["Clear who does what by when"]}}, {"guidance": {"good": "Most outcomes describe a change for the child that can be measured or observed, with a timescale; a few remain about process.", "inadequate": "There are no outcomes, only tasks, or the outcomes are unrelated to the child''s needs and risks, so progress cannot be judged.", "outstanding": "Each outcome states the change for the child and how it will be measured, with a baseline where possible (e.g. ''attendance above 95% for a full term'', ''no police call-outs for domestic abuse and the child says home feels safe, over 6 months''); the family could read it and know what must change.", "requires-improvement": "Outcomes are mostly actions or services (''attend a parenting course'', ''engage with CAMHS'') rather than the change they should bring for the child, or cannot be measured (''improve home conditions'')."}, "id": "measurable-outcomes", "kind": "quality", "limiting": false, "not_applicable": false, "question": "Are the outcomes measurable and about the child (what will be different for the child and how everyone will know), rather than a list of actions or services?", "scale": null, "themes": {"areas_for_development": ["Actions written instead of outcomes", "Outcomes not measurable", "Plans not SMART"], "strengths": ["Outcomes measurable and child-focused"]}}, {"guidance": {"good": "The contingency says what will happen and when, is linked to the main risks, and the family know it; triggers are less precise than at Outstanding.", "inadequate": "No contingency on a plan where the child is at risk of significant harm, or a trigger has been met and the contingency was not acted on.", "outstanding": "The contingency names specific triggers (e.g. ''a further incident of violence'', ''no improvement in home conditions by the review date''), the action that follows (strategy discussion, legal planning meeting, change of placement) and who decides; the family have been told it in plain language and it is updated when risk changes.", "requires-improvement": "A contingency is recorded but generic (''escalate if concerns increase'', ''seek legal advice if needed''), with no triggers or owner."}, "id": "contingency-plan", "kind": "quality", "limiting": true, "not_applicable": false, "question": "Is there a clear contingency: what will happen, and who will act, if the plan does not work or risk increases?", "scale": null, "themes": {"areas_for_development": ["Contingency plan missing or vague"], "strengths": ["Clear contingency plan"]}}, {"guidance": {"no": "A review due in the window did not happen, or the plan has gone unreviewed for longer than its statutory or local interval.", "partly": "Reviews happened but at least one was late, or no review followed a significant change (e.g. a placement move, a new adult in the household).", "yes": "Every review due in the window happened on time (child protection review conference within 3 months of the initial conference, then at least every 6 months; looked-after review within 20 working days, then 3 months, then at least every 6 months; pathway plan at least every 6 months; child in need at the local interval), and a review followed each significant change."}, "id": "plan-reviewed-on-time", "kind": "compliance", "limiting": false, "not_applicable": false, "question": "Was the plan reviewed within the required timescales during the audit window, and after any significant change?", "scale": null, "themes": {"areas_for_development": ["Plan reviews out of timescale"], "strengths": ["Plan reviewed on time"]}}, {"guidance": {"good": "Reviews record progress against outcomes and update the plan; where progress stalls the plan is changed or escalated within one review cycle, and the child''s situation is improving.", "inadequate": "The same plan is rolled forward while nothing changes for the child (e.g. a neglect plan unchanged for 12 months or more), repeated short-lived improvement is accepted as progress, or there is no escalation despite no change.", "outstanding": "Each review records progress against each outcome with evidence from the child and other agencies, stops or changes what is not working, and escalates promptly when change does not come; the child''s circumstances have clearly improved and, for neglect, the improvement has held between reviews, not just at them.", "requires-improvement": "Reviews mostly restate the plan; progress is recorded as ''engaging well'' rather than change for the child, and optimism about parents'' change is not tested against evidence, though the lack of progress has lasted less than two review cycles."}, "id": "progress-without-drift", "kind": "quality", "limiting": true, "not_applicable": false, "question": "Do reviews measure progress against the outcomes and update the plan, so that the child''s circumstances improve without drift? For neglect, is the improvement both sufficient and sustained?", "scale": null, "themes": {"areas_for_development": ["Drift and delay", "Over-optimism about parental change", "Improvement not sustained"], "strengths": ["Plan reviewed and updated as things change", "Timely progress for the child"]}}, {"guidance": {"good": "The plan is in plain language without jargon, includes the family''s views, and the family have a copy.", "inadequate": "The family could not know what they must do or what happens if they do not: no copy shared, or the plan is only in English for a family who need another language.", "outstanding": "The plan is written in plain language to the family, with an age-appropriate version for the child where old enough, records the parents'' and child''s views and any disagreement, and the file shows it was explained to them and they have a copy in their language.", "requires-improvement": "The plan relies on professional jargon or abbreviations, the family''s views are missing, or the file does not show they have a copy."}, "id": "plan-understood-by-family", "kind": "quality", "limiting": false, "not_applicable": false, "question": "Is the plan written so the child and family understand it (plain language, their views included, in their language), and do they have a copy?", "scale": null, "themes": {"areas_for_development": ["Plan not shared with the family", "Plan full of jargon"], "strengths": ["Plan written in plain language"]}}], "description": "Whether the child''s current plan (child in need, child protection, care or pathway plan) is specific, measurable, owned and time-bound, has a contingency, is reviewed on time and is making a difference for the child without drift. Grade the latest plan and the reviews held in the audit window.", "id": "smart-plans", "overall_scale": "ofsted", "scales": [], "title": "SMART plans", "version": "1"}','2026-12-02T11:43:57+00:00');
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
INSERT INTO "schema_migrations" VALUES(1,'001_initial','2026-12-02T11:43:56+00:00');
INSERT INTO "schema_migrations" VALUES(2,'002_programmes','2026-12-02T11:43:56+00:00');
INSERT INTO "schema_migrations" VALUES(3,'003_follow_ups','2026-12-02T11:43:56+00:00');
INSERT INTO "schema_migrations" VALUES(4,'004_moderation','2026-12-02T11:43:56+00:00');
INSERT INTO "schema_migrations" VALUES(5,'005_dashboard_summaries','2026-12-02T11:43:56+00:00');
CREATE INDEX rubric_versions_rubric ON rubric_versions (rubric_id);
CREATE INDEX cases_team ON cases (team);
CREATE INDEX audits_auditor_status ON audits (auditor, status);
CREATE INDEX audits_case ON audits (case_ref);
CREATE INDEX audit_themes_theme ON audit_themes (theme);
CREATE INDEX case_actions_audit ON case_actions (audit_id);
CREATE INDEX escalations_audit ON escalations (audit_id);
CREATE INDEX events_entity ON events (entity, entity_id);
CREATE INDEX programme_cases_outcome ON programme_cases (programme_id, outcome);
CREATE INDEX audits_programme ON audits (programme_id);
CREATE INDEX audits_case_submitted ON audits (case_ref, submitted_at);
CREATE INDEX case_actions_status ON case_actions (status, due_on);
CREATE INDEX escalations_status ON escalations (status);
CREATE INDEX moderations_status ON moderations (status);
CREATE INDEX audits_status_submitted ON audits (status, submitted_at);
COMMIT;
