"""Batch-incident pages: the list (suspected first) and one incident where the lead
confirms or dismisses it, links its children, broadcasts a stage reply and resolves
it. Every write is one service call; refusals are shown as messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tickets.views.common import call_service, edge_now

from ..models import IncidentLink, LinkStatus
from ..permissions import can_lead
from ..selectors_incidents import incident_children, incident_get, incident_scope
from ..services import incidents as inc

MAJOR_REASON_LABELS = {
    "media": gettext_lazy("Media coverage"),
    "regulator": gettext_lazy("Regulator involved"),
    "many_customers": gettext_lazy("Many customers affected"),
    "safety": gettext_lazy("Safety risk"),
}


@login_required
def incident_list(request):
    incidents = incident_scope(request.user).select_related("category")[:200]
    return render(request, "complaints/incidents/list.html", {"incidents": incidents})


@login_required
def incident_detail(request, pk):
    incident = incident_get(request.user, pk)
    links, others = incident_children(request.user, incident)
    return render(request, "complaints/incidents/detail.html", {
        "incident": incident, "links": links, "others": others, "can_lead": can_lead(request.user),
        "alerts": incident.alerts.select_related("rule")[:20], "broadcasts": incident.broadcasts.all()[:20],
        "major_reasons": [(code, MAJOR_REASON_LABELS.get(code, code)) for code in inc.MAJOR_REASONS]})


@login_required
@require_POST
def incident_action(request, pk, action):
    incident = incident_get(request.user, pk)
    now, post, actor = edge_now(), request.POST, request.user
    if action == "confirm":
        result, error = call_service(inc.incident_confirm, actor=actor, incident=incident, now=now,
                                     major_reasons=post.getlist("major_reasons"))
    elif action == "dismiss":
        result, error = call_service(inc.incident_dismiss, actor=actor, incident=incident, now=now,
                                     reason=post.get("reason", ""))
    elif action == "broadcast":
        result, error = call_service(inc.incident_broadcast, actor=actor, incident=incident, now=now,
                                     body=post.get("body", ""), key=post.get("key", "")[:64])
    elif action == "resolve":
        result, error = call_service(inc.incident_resolve, actor=actor, incident=incident, now=now,
                                     resolution=post.get("resolution", ""))
    elif action in ("link", "decline"):
        raw = post.get("link", "")
        valid = raw.isdigit() and len(raw) < 19
        link = IncidentLink.objects.filter(incident=incident, pk=int(raw)).first() if valid else None
        if link is None:
            messages.error(request, _("No such suggestion."))
            return redirect("complaints:incident", pk=incident.pk)
        result, error = call_service(inc.incident_link_decide, actor=actor, link=link, accept=action == "link",
                                     now=now)
    elif action == "link_all":
        error = None
        for link in IncidentLink.objects.filter(incident=incident, status=LinkStatus.SUGGESTED):
            _result, error = call_service(inc.incident_link_decide, actor=actor, link=link, accept=True, now=now)
            if error:
                break
    else:
        messages.error(request, _("Unknown action."))
        return redirect("complaints:incident", pk=incident.pk)
    if error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done."))
    return redirect("complaints:incident", pk=incident.pk)
