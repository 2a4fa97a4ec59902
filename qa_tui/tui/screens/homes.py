"""The screen each person lands on after signing in, by the role they work in most
(`Person.home`): a QA lead's desk, a manager's teams, a head of service's action plan,
or, for an auditor, a partner agency's auditor, an administrator and a database with no
people, the auditor's own audits as always; an administrator who holds no other role,
the people list.

Each home is the first screen of the stack (the sign-in screen is switched for it), so
none of them has anywhere to go back to: escape on a home does nothing. Each is imported
only when someone lands on it, so start-up pays for none but the one it shows.
"""

from __future__ import annotations

from textual.screen import Screen

from qa_tui.domain.people import Person, Role


def home_for(person: Person) -> Screen:
    """The home for this person's main role."""
    home = person.home
    if home is Role.QA_LEAD:
        from qa_tui.tui.screens.lead_desk import LeadDeskScreen

        return LeadDeskScreen()
    if home is Role.MANAGER:
        from qa_tui.tui.screens.manager_home import ManagerHomeScreen

        return ManagerHomeScreen()
    if home is Role.HEAD_OF_SERVICE:
        from qa_tui.tui.screens.plan_home import PlanHomeScreen

        return PlanHomeScreen()
    if home is Role.ADMIN:
        from qa_tui.tui.screens.people_home import PeopleHomeScreen

        return PeopleHomeScreen()
    from qa_tui.tui.screens.home import HomeScreen

    return HomeScreen()  # auditors, partner agencies, single-user
