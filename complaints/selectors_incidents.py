"""Reads of batch incidents. Incidents are center-wide: service-center staff see them
all, a department head the ones their department answers for; anyone else none."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from tickets.permissions import department_of, is_service_staff, sees_whole_center

from .models import Incident, IncidentLink, IncidentStatus, LinkStatus


def _visible(user, qs: QuerySet[Incident]) -> QuerySet[Incident]:
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if sees_whole_center(user) or is_service_staff(user):
        return qs
    department = department_of(user)
    return qs.filter(responsible_department=department) if department else qs.none()


def incident_scope(user) -> QuerySet[Incident]:
    return _visible(user, Incident.objects.select_related("category", "responsible_department").annotate(
        linked=Count("links", filter=Q(links__status=LinkStatus.LINKED)),
        suggested=Count("links", filter=Q(links__status=LinkStatus.SUGGESTED))).order_by("-opened_at", "-id"))


def sees_incidents(user) -> bool:
    """Whether the incident pages can show this user anything at all (the nav link)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return sees_whole_center(user) or is_service_staff(user) or department_of(user) is not None


def suspected_incident_count(user) -> int:
    """Suspected incidents awaiting a lead's decision, in the user's scope (one query)."""
    return _visible(user, Incident.objects.filter(status=IncidentStatus.SUSPECTED)).count()


def incident_get(user, pk) -> Incident:
    incident = incident_scope(user).filter(pk=pk).first()
    if incident is None:
        raise Http404
    return incident


def incident_children(user, incident: Incident):
    """The incident's suggested and linked complaints that the user may see (an agent
    sees every incident, not every complaint under it), and how many others there are."""
    from .selectors import complaint_scope

    links = IncidentLink.objects.filter(incident=incident).exclude(status=LinkStatus.DECLINED)
    visible = (links.filter(complaint__in=complaint_scope(user)).select_related("complaint__ticket__customer")
               .order_by("status", "pk"))
    return visible, links.exclude(complaint__in=complaint_scope(user)).count()


def major_incidents(department, start, end) -> QuerySet[Incident]:
    """Confirmed (or resolved) major incidents the department answers for, confirmed
    in [start, end): the agreements' "major incidents ≤ 0 per quarter" and the
    monthly reports read this."""
    return Incident.objects.filter(
        responsible_department=department, is_major=True, confirmed_at__gte=start, confirmed_at__lt=end,
        status__in=(IncidentStatus.CONFIRMED, IncidentStatus.RESOLVED)).order_by("confirmed_at", "pk")
