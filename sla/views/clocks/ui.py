"""The SLA badge in ticket queues and the SLA panel on the ticket page, plugged in
through `tickets.hooks` (registered in `SlaConfig.ready()`)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import DateTimeField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sla.models import ClockMetric, ClockState, TicketClock
from sla.selectors.clocks import ticket_clocks

from .display import CalendarCache, clock_view

FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


def annotate_queue(queryset, now):
    """Adds the ticket's most urgent open clock (due, warn, state, calendar) and
    whether any clock is paused / exists — all as subqueries of the one page query."""
    open_clocks = TicketClock.objects.filter(
        ticket=OuterRef("pk"), state__in=(ClockState.RUNNING, ClockState.BREACHED), stopped_at__isnull=True,
        due_at__isnull=False,
    ).order_by("due_at", "id")
    return queryset.annotate(
        sla_next_due=Subquery(open_clocks.values("due_at")[:1]),
        # Sorting by urgency puts tickets without a running clock last, on every database.
        sla_urgency=Coalesce(
            Subquery(open_clocks.values("due_at")[:1]), Value(FAR_FUTURE, output_field=DateTimeField())
        ),
        sla_next_warn=Subquery(open_clocks.values("warn_at")[:1]),
        sla_next_state=Subquery(open_clocks.values("state")[:1]),
        sla_calendar_id=Subquery(open_clocks.values("calendar_id")[:1]),
        sla_any_paused=Exists(TicketClock.objects.filter(ticket=OuterRef("pk"), state=ClockState.PAUSED)),
        sla_any_clock=Exists(TicketClock.objects.filter(ticket=OuterRef("pk"))),
    )


def annotate_inbox(queryset, now):
    """The department inbox's deadlines (`tickets.inbox`): each transfer's
    department-reply clock — due, warn, state and calendar — as subqueries."""
    clock = TicketClock.objects.filter(transfer=OuterRef("pk"), metric=ClockMetric.DEPARTMENT_REPLY).order_by("-id")
    return queryset.annotate(
        reply_clock_id=Subquery(clock.values("id")[:1]),
        reply_due_at=Subquery(clock.values("due_at")[:1]),
        reply_warn_at=Subquery(clock.values("warn_at")[:1]),
        reply_state=Subquery(clock.values("state")[:1]),
        reply_calendar_id=Subquery(clock.values("calendar_id")[:1]),
    )


def panel_context(request, ticket) -> dict:
    now = timezone.now()
    cache = CalendarCache()
    return {"sla_clocks": [clock_view(c, now=now, cache=cache) for c in ticket_clocks(ticket)], "sla_now": now}


def register_ui() -> None:
    from tickets import hooks, inbox

    hooks.register_queue_column(hooks.QueueColumn(
        "sla", _("SLA"), "sla/clocks/_queue_badge.html", annotate_queue, sort_fields={"urgency": "sla_urgency"},
    ))
    hooks.register_ticket_panel(hooks.TicketPanel("sla", "sla/clocks/_ticket_panel.html", panel_context, order=10))
    inbox.register_deadline_provider(inbox.DeadlineProvider(annotate_inbox, "sla/clocks/_transfer_deadline.html"))
