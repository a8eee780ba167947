"""Who may do what in QA. Built on `tickets.permissions`.

Teams: a team lead's team is the agents of the lead's own department (the service
center or one of its sub-departments)."""

from tickets.models.org import Role
from tickets.permissions import department_of, is_admin, role_of, sees_whole_center

QA_ROLES = {Role.QA_SPECIALIST, Role.SERVICE_MANAGER}


def sees_all_qa(user) -> bool:
    """QA specialists, managers and admins see every evaluation."""
    return role_of(user) in QA_ROLES or is_admin(user)


def is_lead(user) -> bool:
    return role_of(user) == Role.TEAM_LEAD


def is_agent(user) -> bool:
    return role_of(user) == Role.AGENT


def can_evaluate(user) -> bool:
    return role_of(user) == Role.QA_SPECIALIST or is_admin(user)


def can_manage_qa(user) -> bool:
    """Scorecards, sampling plans, calibration sessions, policy, month lock."""
    return role_of(user) in QA_ROLES or is_admin(user)


def can_review(user) -> bool:
    """A dispute is reviewed by a lead or a (second) QA specialist or a manager."""
    return sees_whole_center(user)


def can_record_praise(user) -> bool:
    return sees_whole_center(user)


def leads_agent(user, agent) -> bool:
    if not is_lead(user):
        return False
    department = department_of(user)
    profile = getattr(agent, "profile", None)
    return department is not None and profile is not None and profile.department_id == department.pk
