"""The demo's invented people and words: teams, managers, workers, auditors, and the
notes, rationales and actions their audits are written with.

Split from `demo` so the builder reads as what it does, and so what the demo says can
be read and changed in one place. Every name here is invented and looks it.
"""

from __future__ import annotations

from qa_tui.paths import DEMO_USER

OTHER_AUDITORS = ("qa.birch", "qa.rowan", "qa.lead")
MODERATOR = "qa.lead"  # the QA lead: allocates the dip sample, moderates, audits too

# Every demo person signs in with this (the README says so): the data is invented.
DEMO_PASSPHRASE = "demo passphrase"
DEMO_ADMIN = "demo.admin"
# A person in every role, added once the demo is built: user name, display name, roles,
# teams managed, agency. The auditors' own teams are the ones `demo_plan` sets.
DEMO_PEOPLE: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], str | None], ...] = (
    (DEMO_ADMIN, "Demo Admin", ("admin",), (), None),
    (DEMO_USER, "Demo Auditor", ("auditor",), (), None),
    ("qa.birch", "QA Birch", ("auditor",), (), None),
    ("qa.rowan", "QA Rowan", ("auditor",), (), None),
    (MODERATOR, "QA Lead Holly", ("qa_lead", "auditor"), (), None),
    ("tm.cedar", "TM Cedar", ("manager",), ("Assessment North",), None),
    ("hos.maple", "HoS Maple", ("head_of_service",), (), None),
    ("police.ash", "DS Ash", ("partner",), (), "Police"),
    ("nurse.hazel", "Nurse Hazel", ("partner",), (), "Health"),
    ("ed.lark", "Ms Lark", ("partner",), (), "Education"),
)

# team, cohort, case reference code, team manager, workers
TEAMS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("Assessment North", "CIN", "CIN", "TM Cedar", ("SW Amber", "SW Coral")),
    ("Family Support South", "CIN", "CIN", "TM Hazel", ("SW Flint", "SW Heron")),
    ("MASH", "CIN", "CIN", "TM Alder", ("SW Indigo", "SW Juniper")),
    ("Child Protection East", "CP", "CP", "TM Larch", ("SW Linden", "SW Moss")),
    ("Court and Proceedings", "CP", "CP", "TM Spruce", ("SW Nettle", "SW Opal")),
    ("Children in Care West", "CLA", "CLA", "TM Poplar", ("SW Quartz", "SW Sorrel")),
    ("Leaving Care", "Care leaver", "CL", "TM Aspen", ("PA Teal", "PA Umber")),
    ("Disabled Children's Team", "Disabled child", "DIS", "TM Elm", ("SW Willow", "SW Yarrow")),
)

# One concrete note per criterion of the shipped rubrics, for weak grades; criteria of
# other rubrics get the theme the grade suggests, with where it was seen.
WEAK_NOTES: dict[str, str] = {
    "seen-at-expected-frequency": "Visits 4-6 weeks apart against a 10-day standard.",
    "seen-alone": "Seen with parents present at every visit; no reason recorded.",
    "visits-with-purpose": "Visit notes describe the home, not what the child said or did.",
    "wishes-and-feelings": "Views recorded once, in mum's words; no direct work in the window.",
    "lived-experience": "Day-to-day life described from the parents' account only.",
    "views-influence-decisions": "Child asked to stay at school club; not mentioned in the plan.",
    "identity-culture-and-communication": "First language noted; no interpreter at visits.",
    "specific-needs-and-risks": "Needs copied from the sibling's plan; no risks specific to her.",
    "who-what-by-when": "Plan actions lack dates; 'mum to engage' repeated across reviews.",
    "measurable-outcomes": "Outcomes are services attended, not what will change for the child.",
    "contingency-plan": "Contingency reads 'escalate if no progress'; no trigger or owner.",
    "plan-reviewed-on-time": "Review held 3 weeks late; no reason recorded.",
    "progress-without-drift": "Same plan carried over three reviews with no change for the child.",
    "plan-understood-by-family": "Plan not shared; family told at the door only.",
    "chronology-in-place": "Chronology last updated 8 months ago.",
    "updated-before-key-points": "Not updated before the review conference in March.",
    "significant-events-only": "Lists every phone call; significant events hard to find.",
    "full-history-and-agencies": "Earlier referrals and police notifications missing.",
    "analysed-for-patterns": "No analysis; five missed health appointments not linked.",
    "informs-assessment-and-planning": "Assessment does not refer to the chronology at all.",
    "supervision-frequency": "Two-month gap in supervision over the summer.",
    "reflective-supervision": "Supervision notes are a task list; no reflection on the child.",
    "decisions-and-rationale": "Step-down recorded without rationale or who decided.",
    "actions-followed-up": "Actions from June supervision not revisited.",
    "audit-findings-discussed": "Last audit's actions not mentioned in supervision.",
    "management-oversight-visible": "No manager's note after the police notification in May.",
    "timely-and-current": "Assessment took 61 working days; not updated after the new baby.",
    "analysis-not-description": "Describes events but does not say what they mean for the child.",
    "history-and-agency-information": "School and GP not contacted; history starts in 2024.",
    "risk-and-protective-factors": "Risks listed; no view on how likely or how serious.",
    "each-child-individually": "Three siblings assessed as one; no separate needs.",
    "significant-adults-included": "Father and mum's partner not contacted.",
    "conclusion-and-recommendations": "Conclusion optimistic despite no change since last time.",
    "pathway-plan-reviewed-on-time": "Not reviewed after the move to supported lodgings.",
    "personal-adviser-contact": "No contact for 11 weeks; one text message recorded.",
    "young-persons-voice": "Views summarised by the adviser; no copy given.",
    "accommodation": "Sofa-surfing for a month; no contingency recorded.",
    "education-employment-training": "No plan since the college place ended.",
    "health-and-wellbeing": "Health history not given; GP registration not checked.",
    "money-and-independence": "No bank account or ID; setting-up-home allowance unclaimed.",
    "relationships-and-safety": "Contact with an older adult of concern not risk assessed.",
}
STRONG_NOTES: dict[str, str] = {
    "seen-alone": "Child seen alone on 3 of 4 visits; reasons recorded for the fourth.",
    "wishes-and-feelings": "Views recorded in own words via three houses tool.",
    "who-what-by-when": "Every action has a named owner and a date.",
    "analysed-for-patterns": "Analysis links repeated missed health appointments to neglect.",
    "reflective-supervision": "Hypotheses tested in supervision and decisions explained.",
    "risk-and-protective-factors": "Weighs grandmother's support against dad's drinking.",
    "accommodation": "Settled in supported lodgings; next move planned for spring.",
}
WHERE_SEEN = (
    "seen throughout the judgement window",
    "seen in the last two records",
    "raised at the last review, no change since",
)
RATIONALES = {
    1: "Consistently child-centred practice; the child's experience is clear and the plan "
    "is making a measurable difference.",
    2: "Child seen and understood, plan progressing; the gaps noted are minor and known to "
    "the manager.",
    3: "Some good direct work, but weaknesses noted mean the impact on the child is not yet clear.",
    4: "Little change for the child over many months; risks not analysed and the plan has "
    "drifted. Escalated to the team manager the same day.",
}
ACTIONS = (
    "Update the chronology with significant events before the next review",
    "Rewrite plan actions with named owners and dates",
    "Direct work session to record the child's views in their own words",
    "Discuss audit findings in the next supervision and record the outcome",
    "Review the contingency plan with the family and the IRO",
)
