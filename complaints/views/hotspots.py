"""The hotspot page (热点分析): a period picker (week or month, any past period), the
top categories, root causes, departments and tags by count and by growth, the most
frequent terms, each row linking to the complaint list filtered to it."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from slacenter.errors import DomainError

from ..permissions import can_see_hotspots
from ..selectors_hotspots import hotspots, parse_period, term_counts


def drill_query(period, param: str = "", value="") -> str:
    """The complaint list's query for a row: the filter and the period's creation window."""
    start, end = period.bounds()
    query = {"created_after": start.isoformat(), "created_before": end.isoformat()}
    if param:
        query[param] = value
    return urlencode(query)


def _chart(dimension_id: str, title: str, rows, current_label: str, previous_label: str) -> dict:
    return {"id": dimension_id, "title": title, "labels": [r.name for r in rows],
            "series": [{"name": current_label, "data": [r.current for r in rows]},
                       {"name": previous_label, "data": [r.previous for r in rows]}]}


@login_required
def hotspot_page(request):
    user = request.user
    if not can_see_hotspots(user):
        raise Http404
    today = timezone.localdate()
    status = 200
    error = ""
    try:
        period = parse_period(request.GET.get("period"), request.GET.get("date"), today=today)
    except DomainError as exc:
        status, error = 400, exc.message
        period = parse_period("month", "", today=today)
    figures = hotspots(user, period)
    previous = period.previous
    dims = []
    for d in figures["dimensions"]:
        for row in d.rows + d.risers:
            row.url = drill_query(period, d.filter_param, row.key)
        dims.append({"dimension": d, "chart": _chart(f"hs-{d.code}", d.title, d.rows, period.label, previous.label)})
    terms = [{"term": t, "count": n, "url": drill_query(period, "term", t)} for t, n in term_counts(user, period,
                                                                                                     today=today)]
    terms_chart = {"id": "hs-terms", "title": _("Frequent terms"), "labels": [t["term"] for t in terms],
                   "series": [{"name": period.label, "data": [t["count"] for t in terms]}]}
    nxt = period.next
    return render(request, "complaints/hotspots.html", {
        "period": period, "previous": previous, "error": error,
        "total": figures["total"], "total_url": drill_query(period),
        "dims": dims, "terms": terms, "terms_chart": terms_chart,
        "prev_date": previous.start.isoformat(),
        "next_date": nxt.start.isoformat() if nxt.start <= today else "",
        "date_value": period.start.isoformat(), "max_date": today.isoformat(),
        "week_ago": (today - timedelta(days=7)).isoformat(),
    }, status=status)
