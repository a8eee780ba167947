"""Figures of the KPI report for a month, the month before and the same month a year
earlier, computed over the caller's visible agreements and departments."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from sla.models import Breach, TicketClock

from .models import IndicatorResult, Violation
from .selectors import close_scope
from .sources import complaints as complaint_definitions
from .sources import local_midnight, next_month, previous_month, ratio


def _bounds(month: date):
    return local_midnight(month), local_midnight(next_month(month))


def _clocks(user, department_ids):
    """Clocks the caller may count: all for center-wide roles, else those of visible tickets."""
    if department_ids is None:
        return TicketClock.objects.all()
    from tickets.selectors import ticket_scope

    return TicketClock.objects.filter(ticket__in=ticket_scope(user))


def _compliance(metric: str, since, until, department_ids, base=None) -> dict:
    qs = (base if base is not None else TicketClock.objects.all()).filter(
        metric=metric, due_at__gte=since, due_at__lt=until, state__in=("met", "breached"))
    if department_ids is not None:
        qs = qs.filter(responsible_department_id__in=department_ids)
    counts = qs.aggregate(n=Count("id"), met=Count("id", filter=Q(state="met")))
    return {"value": ratio(counts["met"], counts["n"]), "numerator": counts["met"], "denominator": counts["n"]}


def _month_figures(user, month: date, department_ids) -> dict:
    since, until = _bounds(month)
    from tickets.selectors import ticket_scope

    tickets = ticket_scope(user).filter(created_at__gte=since, created_at__lt=until)
    clocks = _clocks(user, department_ids)
    by_channel = {r["channel"]: r["n"] for r in tickets.values("channel").annotate(n=Count("id"))}
    breaches = Breach.objects.filter(breached_at__gte=since, breached_at__lt=until)
    if department_ids is not None:
        breaches = breaches.filter(department_id__in=department_ids)
    penalties = Violation.objects.filter(close__in=close_scope(user), close__month__month=month, current=True)
    if department_ids is not None:
        penalties = penalties.filter(department_id__in=department_ids)
    from tickets.permissions import sees_whole_center

    from .sources import complaints as complaint_source
    from .sources import contacts as contact_source
    from .sources import qa as qa_source
    from .sources import tickets as ticket_source

    whole = sees_whole_center(user)
    return {
        "contacts": contact_source.month_figures(user, month, next_month(month) - timedelta(days=1)),
        "qa": qa_source.month_figures(month) if whole else None,
        "loop": complaint_source.month_figures(since, until) if whole else None,
        "tickets": sum(by_channel.values()), "by_channel": by_channel,
        "complaints": tickets.filter(kind="complaint").count(),
        "repeat": _repeat(tickets),
        "top_complaint_categories": list(tickets.filter(kind="complaint").values("category__name")
                                         .annotate(n=Count("id")).order_by("-n", "category__name")[:10]),
        "first_response": _compliance("first_response", since, until, None, clocks),
        "resolution": _compliance("resolution", since, until, None, clocks),
        "callback": _compliance("callback", since, until, None, clocks),
        "department_reply": _compliance("department_reply", since, until, department_ids, clocks),
        "reply_satisfaction": ticket_source.reply_satisfaction(since, until, department_ids=department_ids),
        "breaches": breaches.count(),
        "penalties": penalties.aggregate(n=Count("id"), total=Sum("final_amount")),
        "indicators_missed": IndicatorResult.objects.filter(close__in=close_scope(user), close__month__month=month,
                                                            met=False).count(),
        "major_incidents": sum(len(ids) for ids in complaint_source.major_incident_ids(
            _departments(department_ids), since, until).values()),
    }


def _departments(department_ids):
    from tickets.models import Department

    qs = Department.objects.order_by("code")
    return qs if department_ids is None else qs.filter(pk__in=department_ids)


def _repeat(tickets) -> dict:
    """Tickets whose customer had opened another ticket in the 7 days before, over all
    tickets of the month (repeat contacts: the first answer did not settle it)."""
    from django.db.models import Exists, OuterRef

    from tickets.models import Ticket

    earlier = Ticket.objects.filter(customer=OuterRef("customer"), created_at__lt=OuterRef("created_at"),
                                    created_at__gte=OuterRef("created_at") - timedelta(days=7))
    counts = tickets.aggregate(n=Count("id"), repeat=Count("id", filter=Exists(earlier)))
    return {"value": ratio(counts["repeat"], counts["n"]), "numerator": counts["repeat"], "denominator": counts["n"]}


DEFINITIONS = {
    "tickets": _("Tickets opened in the month that you may see, by channel."),
    "complaints": _("Tickets of kind complaint opened in the month."),
    "first_response": _("First-response clocks due in the month and met in time / all met or breached."),
    "resolution": _("Resolution clocks due in the month and met in time / all met or breached."),
    "callback": _("Callback clocks due in the month and met in time / all met or breached."),
    "department_reply": _("Department reply clocks due in the month and answered in time / all answered or "
                          "breached."),
    "reply_satisfaction": _("Department answers given in the month that the service center rated: rated "
                            "satisfied / all rated (the latest rating of each answer)."),
    "breaches": _("SLA breaches recorded at due instants in the month."),
    "repeat": _("Tickets of the month whose customer had opened another ticket in the 7 days before / all tickets "
                "of the month."),
    "penalties": _("Violations of the closed month still standing, after appeals (CNY)."),
    "indicators_missed": _("Agreement indicators measured and missed in the closed month."),
    "service_level": _("Calls answered within 20 s of being offered / calls offered (contact records)."),
    "answer_rate": _("Calls answered / calls offered (接通率)."),
    "aht": _("Average handle time of answered calls: talk + wrap-up, seconds."),
    "sessions": _("Online sessions (webchat, WeChat) offered in the month."),
    "response_avg": _("Online sessions: total agent response time / number of responses, seconds."),
    "visitor_satisfaction": _("Online sessions: average visitor rating (1–5) and how many rated."),
    "callbacks": _("Complaint callbacks answered in the month: solved at first contact (FCR) and satisfied 4–5 "
                   "(CSAT), per cent, the whole center (from the complaint loop, when it publishes them)."),
    "loop": _("Complaint loop: remedies executed in the month (count and CNY), and loops a manager closed "
              "without a callback."),
    "qa": _("QA: average score of the evaluations that count in the month, and fatal errors among them."),
    "major_incidents": complaint_definitions.MAJOR_INCIDENT_DEFINITION,
    "root_causes": complaint_definitions.ROOT_CAUSE_DEFINITION,
    "department_loop": complaint_definitions.DEPARTMENT_LOOP_DEFINITION,
}
NOT_YET = _("FCR, CSAT and repeat complaints appear here once the complaint loop "
            "publishes them. Contact figures (service level, answer rate, handle time, online sessions) and QA "
            "figures are shown to center-wide roles.")


def kpi_figures(user, month: date, departments) -> dict:
    from tickets.permissions import sees_whole_center

    department_ids = None if sees_whole_center(user) else [d.pk for d in departments]
    previous = previous_month(month)
    last_year = month.replace(year=month.year - 1)
    columns = [("current", month), ("previous", previous), ("last_year", last_year)]
    figures = {name: _month_figures(user, day, department_ids) for name, day in columns}
    per_department = []
    since, until = _bounds(month)
    satisfaction = figures["current"]["reply_satisfaction"]["by_department"]
    ordered = list(departments.order_by("kind", "code"))
    callbacks = complaint_definitions.callbacks_by_department(since, until)
    incidents = complaint_definitions.major_incident_ids(ordered, since, until)
    root_causes = complaint_definitions.top_root_causes(user, since, until, _bounds(previous)[0],
                                                        departments=ordered, department_ids=department_ids)
    for department in ordered:
        loop = callbacks.get(department.pk, {})
        per_department.append({"department": department,
                               "reply": _compliance("department_reply", since, until, [department.pk]),
                               "satisfaction": satisfaction.get(department.pk),
                               "fcr": loop.get("fcr"), "csat": loop.get("csat"),
                               "major_incidents": len(incidents.get(department.pk, [])),
                               "root_causes": root_causes["by_department"].get(department.pk, [])[:3],
                               "breaches": Breach.objects.filter(department=department, breached_at__gte=since,
                                                                 breached_at__lt=until).count()})
    return {"columns": columns, "figures": figures, "definitions": {k: str(v) for k, v in DEFINITIONS.items()},
            "root_causes": root_causes["center"],
            "not_yet": str(NOT_YET), "per_department": per_department,
            "previous_month": previous, "next_month": next_month(month),
            "month_end": next_month(month) - timedelta(days=1)}
