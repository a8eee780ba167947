"""Master incidents (批量事件): opened by an alert (or by a lead), confirmed or
dismissed by a lead, children linked (suggested, then confirmed), stage replies
broadcast to every linked customer through the outbox, and resolution giving every
child its final reply and callback — through the complaint loop's own services."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from slacenter.workflow import transition_apply
from tickets.models import Category, TicketStatus
from tickets.models.org import Role

from ..models import (
    BroadcastDelivery,
    Complaint,
    ComplaintStage,
    EarlyWarningAlert,
    Incident,
    IncidentBroadcast,
    IncidentLink,
    IncidentStatus,
    LinkStatus,
)
from ..permissions import can_handle, can_lead
from ..workflow_incidents import INCIDENT
from . import events
from .common import notify, team_lead, users_with_role

OPEN_STAGES = (ComplaintStage.RECEIVED, ComplaintStage.ACKNOWLEDGED, ComplaintStage.HANDLING)
MAJOR_REASONS = ("media", "regulator", "many_customers", "safety")


def require_lead(actor) -> None:

    if not can_lead(actor):
        raise DomainError(_("Only team leads and managers can manage incidents."), code="forbidden", status=403)


def incident_transition(*, incident: Incident, action: str, reason: str = "", now, system=False, changes=None):
    incident, _move, _old = transition_apply(instance=incident, table=INCIDENT, action=action, reason=reason,
                                             now=now, system=system, changes=changes)
    return incident


def _matching_open_complaints(incident: Incident):
    qs = Complaint.objects.filter(stage__in=OPEN_STAGES)
    if incident.tag:
        qs = qs.filter(tags__value=incident.tag)
    elif incident.category_id:
        qs = qs.filter(ticket__category_id=incident.category_id)
    else:
        return qs.none()
    return qs.exclude(incident_links__incident=incident)


def incident_watchers() -> list:
    """The on-duty lead (the least loaded) and the service managers: read once per run."""
    return [team_lead(), *users_with_role(Role.SERVICE_MANAGER)]


def _notify_opened(incident: Incident, now, watchers=None) -> None:
    head = incident.responsible_department.head if incident.responsible_department_id else None
    recipients = [*(incident_watchers() if watchers is None else watchers), head]
    notify(recipients=recipients, key=f"incident:{incident.pk}", now=now,
           url=reverse("complaints:incident", kwargs={"pk": incident.pk}),
           subject=_("Suspected batch incident: %(title)s") % {"title": incident.title})


def incident_open_for_alert(*, alert: EarlyWarningAlert, now, watchers=None) -> Incident:
    """Join the open incident of the same value, or open a suspected one; the alert is
    saved last, so its unique key decides between concurrent runs."""
    kind, _sep, value = alert.value_key.partition(":")
    lookup = {"tag": value} if kind == "tag" else {"category_id": int(value), "tag": ""}
    incident = (Incident.objects.filter(status__in=(IncidentStatus.SUSPECTED, IncidentStatus.CONFIRMED), **lookup)
                .order_by("pk").first())
    if incident is None:
        category = Category.objects.filter(pk=lookup.get("category_id")).first() if kind != "tag" else None
        label = value if kind == "tag" else (str(category) if category else value)
        incident = Incident.objects.create(
            title=_("%(count)s complaints about %(label)s within %(minutes)s minutes") % {
                "count": alert.count, "label": label, "minutes": alert.rule.window_minutes},
            category=category, tag=value if kind == "tag" else "",
            responsible_department=category.default_department if category else None,
            opened_at=now, updated_at=now)
        _notify_opened(incident, now, watchers)
    alert.incident = incident
    alert.save()
    return incident


@transaction.atomic
def incident_open(*, actor, title: str, category=None, tag: str = "", responsible_department=None,
                  now=None) -> Incident:
    """A lead opens a suspected incident by hand."""
    require_lead(actor)
    now = now or timezone.now()
    title = (title or "").strip()
    if not title:
        raise DomainError(_("A title is required."), field="title")
    if category is None and not (tag or "").strip():
        raise DomainError(_("Name the category or the tag the incident is about."), field="category")
    return Incident.objects.create(
        title=title[:200], category=category, tag=(tag or "").strip()[:100], opened_at=now, updated_at=now,
        responsible_department=responsible_department or (category.default_department if category else None))


@transaction.atomic
def incident_confirm(*, actor, incident: Incident, responsible_department=None, major_reasons=(),
                     now=None) -> Incident:
    """The lead confirms: the incident becomes the master; matching open complaints
    are suggested as its children."""
    require_lead(actor)
    now = now or timezone.now()
    reasons = sorted(set(major_reasons or ()))
    if unknown := [r for r in reasons if r not in MAJOR_REASONS]:
        raise DomainError(_("Unknown major-incident reason: %(value)s.") % {"value": ", ".join(unknown)},
                          field="major_reasons")
    changes = {"decided_by": actor, "is_major": bool(reasons), "major_reasons": reasons}
    if responsible_department is not None:
        changes["responsible_department"] = responsible_department
    incident = incident_transition(incident=incident, action="confirm", now=now, changes=changes)
    incident_suggest_matches(incident=incident, now=now)
    return incident


@transaction.atomic
def incident_dismiss(*, actor, incident: Incident, reason: str, now=None) -> Incident:
    require_lead(actor)
    now = now or timezone.now()
    incident = incident_transition(incident=incident, action="dismiss", reason=reason, now=now,
                                   changes={"decided_by": actor, "decision_reason": (reason or "").strip()})
    IncidentLink.objects.filter(incident=incident, status=LinkStatus.SUGGESTED).update(
        status=LinkStatus.DECLINED, updated_at=now)
    return incident


def incident_suggest_matches(*, incident: Incident, now) -> int:
    """Suggest every matching open complaint not yet linked (idempotent)."""
    ids = list(_matching_open_complaints(incident).values_list("pk", flat=True))
    IncidentLink.objects.bulk_create(
        [IncidentLink(incident=incident, complaint_id=pk, created_at=now, updated_at=now) for pk in ids],
        ignore_conflicts=True)
    return len(ids)


def incident_suggest_for_complaint(*, complaint: Complaint, now) -> list[IncidentLink]:
    """At intake: suggest the confirmed incidents a new complaint matches."""
    tags = list(complaint.tags.values_list("value", flat=True))
    incidents = Incident.objects.filter(status=IncidentStatus.CONFIRMED)
    matching = [i for i in incidents.filter(category_id=complaint.ticket.category_id, tag="")]
    if tags:
        matching += list(incidents.filter(tag__in=tags))
    links = [IncidentLink(incident=i, complaint=complaint, created_at=now, updated_at=now) for i in matching]
    IncidentLink.objects.bulk_create(links, ignore_conflicts=True)
    return links


@transaction.atomic
def incident_link_decide(*, actor, link: IncidentLink, accept: bool, now=None) -> IncidentLink:
    """The lead confirms (or declines) a suggested child; a complaint may also be linked by hand.
    The complaint's own handler (its assignee) may accept a suggestion from the complaint
    panel — the lead has already confirmed the master; declining stays the lead's."""
    now = now or timezone.now()
    link = IncidentLink.objects.select_for_update().select_related("complaint__ticket").get(pk=link.pk)
    own_handler = (accept and can_handle(actor) and link.status != LinkStatus.DECLINED
                   and link.complaint.ticket.assignee_id == getattr(actor, "pk", None))
    if not own_handler:
        require_lead(actor)
    if link.incident.status != IncidentStatus.CONFIRMED:
        raise Conflict(_("Only a confirmed incident takes children."), code="illegal_transition")
    target = LinkStatus.LINKED if accept else LinkStatus.DECLINED
    if link.status == target:
        return link
    link.status, link.decided_by, link.updated_at = target, actor, now
    link.save(update_fields=["status", "decided_by", "updated_at"])
    if accept:
        events.record(complaint=link.complaint, kind=events.INCIDENT_LINKED, actor=actor, at=now,
                      data={"incident": link.incident_id})
    return link


@transaction.atomic
def incident_link_add(*, actor, incident: Incident, complaint: Complaint, now=None) -> IncidentLink:
    require_lead(actor)
    now = now or timezone.now()
    link, _created = IncidentLink.objects.get_or_create(
        incident=incident, complaint=complaint, defaults={"created_at": now, "updated_at": now})
    return incident_link_decide(actor=actor, link=link, accept=True, now=now)


def _children(incident: Incident):
    return (Complaint.objects.filter(incident_links__incident=incident, incident_links__status=LinkStatus.LINKED)
            .select_related("ticket", "ticket__customer").order_by("pk"))


def _broadcast(*, actor, incident: Incident, key: str, purpose: str, body: str, now) -> IncidentBroadcast:
    """Create (or find) the broadcast by its key, then give it to every child that has
    not had it: the delivery row's unique key makes a rerun send nothing twice."""
    from .loop import complaint_assess, complaint_final_reply, complaint_stage_reply

    body = (body or "").strip()
    if not body:
        raise DomainError(_("The message is empty."), field="body")
    key = (key or "").strip()[:64] or f"{purpose}:{now.isoformat()}"
    broadcast, _created = IncidentBroadcast.objects.get_or_create(
        incident=incident, key=key, defaults={"purpose": purpose, "body": body, "actor": actor, "created_at": now})
    done = set(broadcast.deliveries.values_list("complaint_id", flat=True))
    for child in _children(incident):
        if child.pk in done:
            continue
        outcome = "sent"
        try:
            with transaction.atomic():
                if purpose == "final_reply":
                    if child.stage in (ComplaintStage.RECEIVED, ComplaintStage.ACKNOWLEDGED):
                        child = complaint_assess(actor=actor, complaint=child, severity=child.severity, now=now)
                    if child.stage != ComplaintStage.HANDLING:
                        outcome = "skipped"
                    else:
                        complaint_final_reply(actor=actor, complaint=child, body=broadcast.body, now=now)
                elif child.stage in OPEN_STAGES:
                    complaint_stage_reply(actor=actor, complaint=child, body=broadcast.body, now=now)
                else:
                    outcome = "skipped"
        except (Conflict, DomainError) as exc:
            outcome = f"refused:{getattr(exc, 'code', '') or 'error'}"[:20]
        BroadcastDelivery.objects.create(broadcast=broadcast, complaint=child, outcome=outcome, created_at=now)
    return broadcast


@transaction.atomic
def incident_broadcast(*, actor, incident: Incident, body: str, key: str = "", now=None) -> IncidentBroadcast:
    """A stage reply to every linked customer: one message each (their own number and
    tracking link), through the complaint loop's stage reply and its outbox."""
    require_lead(actor)
    now = now or timezone.now()
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status != IncidentStatus.CONFIRMED:
        raise Conflict(_("Only a confirmed incident broadcasts."), code="illegal_transition")
    return _broadcast(actor=actor, incident=incident, key=key, purpose="stage_reply", body=body, now=now)


@transaction.atomic
def incident_resolve(*, actor, incident: Incident, resolution: str, now=None) -> Incident:
    """Resolve the master: every child gets the final reply (and so its callback)."""
    require_lead(actor)
    now = now or timezone.now()
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status == IncidentStatus.RESOLVED:
        return incident
    incident = incident_transition(incident=incident, action="resolve", now=now, system=True,
                                   changes={"resolution": (resolution or "").strip()})
    _broadcast(actor=actor, incident=incident, key="final", purpose="final_reply", body=resolution, now=now)
    return incident


def waiting_children(incident: Incident) -> int:
    return _children(incident).filter(ticket__status=TicketStatus.WAITING_DEPARTMENT).count()

