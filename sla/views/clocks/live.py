"""Fresh SLA badges for a page that stays open (`static/js/sla-live.js` polls this
every minute): `GET /sla/badges/?ref=t:<ticket id>&ref=c:<clock id>` answers
{ref: {kind, text, title, due, warn}} in business time. Only tickets and clocks the
user may see are answered; any other ref is simply absent (nothing to probe)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from sla.selectors.clocks import clock_scope
from tickets.selectors import ticket_scope

from .display import CalendarCache, badge, clock_badge
from .ui import annotate_queue

MAX_REFS = 200


def _ids(refs, prefix: str) -> set[int]:
    ids = set()
    for ref in refs:
        kind, _sep, value = ref.partition(":")
        if kind == prefix and value.isdigit() and len(value) < 19:
            ids.add(int(value))
    return ids


@login_required
@require_GET
def badges_view(request):
    refs = request.GET.getlist("ref")[:MAX_REFS]
    now, cache, out = timezone.now(), CalendarCache(), {}
    ticket_ids, clock_ids = _ids(refs, "t"), _ids(refs, "c")
    if ticket_ids:
        for t in annotate_queue(ticket_scope(request.user).filter(pk__in=ticket_ids), now):
            out[f"t:{t.pk}"] = badge(state=t.sla_next_state, due_at=t.sla_next_due, warn_at=t.sla_next_warn,
                                     calendar_id=t.sla_calendar_id, paused=t.sla_any_paused,
                                     any_clock=t.sla_any_clock, now=now, cache=cache)
    if clock_ids:
        for clock in clock_scope(request.user).filter(pk__in=clock_ids):
            out[f"c:{clock.pk}"] = clock_badge(clock, now=now, cache=cache)
    for value in out.values():
        value.pop("style", None)
        value.pop("ref", None)
    return JsonResponse(out)
