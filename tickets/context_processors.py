from .permissions import can_work_tickets, is_department_staff, role_of, sees_whole_center
from .selectors import unread_notification_count


def navigation(request):
    """What the header needs: the user's role and the bell's unread count."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "nav_role": role_of(user),
        "nav_can_work": can_work_tickets(user),
        "nav_is_department": is_department_staff(user),
        "nav_sees_center": sees_whole_center(user),
        "nav_unread": unread_notification_count(user),
    }
