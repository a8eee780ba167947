"""Who may do what in the knowledge base, built on `tickets.permissions`.

Every staff user (service center, departments, admins) reads published articles;
editors (team leads, QA specialists, managers, admins: those who see the whole
center) write them and read every draft; an author reads their own drafts.
Customers and the public never see the knowledge base."""

from tickets.permissions import can_work_tickets, role_of, sees_whole_center


def can_read_knowledge(user) -> bool:
    return role_of(user) is not None


def can_edit_articles(user) -> bool:
    return sees_whole_center(user)


def can_mark_used(user) -> bool:
    """Those who work tickets (agents and their leads) record that an article helped."""
    return can_work_tickets(user)
