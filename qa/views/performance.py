from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors
from ..display import line_label, note_text
from ..export import performance_xlsx
from ..permissions import is_agent, is_lead, sees_all_qa
from ..services.performance import agent_input_set, performance_compute, performance_lock
from .common import month_param, run


def _lines(row):
    facts = next((line.get("facts") for line in row.lines if line.get("key") == "facts"), {})
    return facts, [dict(line, label=line_label(line["key"]), note=note_text(line.get("note", "")))
                   for line in row.lines if line.get("key") != "facts"]


@login_required
def performance(request):
    month = month_param(request)
    record = selectors.performance_month_get(month)
    rows = list(selectors.performance_rows(request.user, month).order_by("rank", "agent__username"))
    mine = next((r for r in rows if r.agent_id == request.user.pk), None)
    facts, lines = _lines(mine) if mine else ({}, [])
    return render(request, "qa/performance.html", {
        "month": month, "record": record, "rows": rows, "mine": mine, "facts": facts, "lines": lines,
        "ranking": not is_agent(request.user), "can_compute": sees_all_qa(request.user),
        "can_input": is_lead(request.user) or sees_all_qa(request.user),
        "agents": selectors.team_agents(request.user),
    })


@login_required
def performance_agent(request, agent_id):
    month = month_param(request)
    row = selectors.performance_rows(request.user, month).filter(agent_id=agent_id).first()
    if row is None:
        raise Http404
    facts, lines = _lines(row)
    return render(request, "qa/performance_agent.html", {"month": month, "row": row, "facts": facts, "lines": lines})


@login_required
@require_POST
def performance_run(request):
    month = month_param(request)
    back = reverse("qa:performance") + f"?month={month:%Y-%m}"
    if request.POST.get("what") == "lock":
        return run(request, lambda now: performance_lock(actor=request.user, month=month, now=now),
                   _("The month is locked."), back)
    return run(request, lambda now: performance_compute(actor=request.user, month=month, now=now),
               _("The month is computed."), back)


@login_required
@require_POST
def performance_input(request):
    from decimal import Decimal, InvalidOperation

    month = month_param(request)
    back = reverse("qa:performance") + f"?month={month:%Y-%m}"
    agent_id = request.POST.get("agent", "")
    agent = selectors.team_agents(request.user).filter(pk=int(agent_id)).first() if agent_id.isdigit() and len(
        agent_id) < 12 else None
    if agent is None:
        raise Http404

    def number(name):
        text = request.POST.get(name, "").strip()
        try:
            return Decimal(text) if text else None
        except InvalidOperation:
            return Decimal(-1)  # refused by the service with its message

    def count(name):
        text = request.POST.get(name, "0").strip() or "0"
        return int(text) if text.isdigit() and len(text) < 4 else -1

    return run(request, lambda now: agent_input_set(
        actor=request.user, agent=agent, month=month, test_score=number("test_score"),
        attendance_score=number("attendance_score"), absences=count("absences"),
        late_arrivals=count("late_arrivals"), now=now), _("Saved."), back)


@login_required
@require_POST
def performance_inputs_import(request):
    import csv
    import io

    from django.contrib import messages
    from django.shortcuts import redirect

    from slacenter.errors import DomainError

    from ..services.performance import agent_inputs_import

    month = month_param(request)
    back = reverse("qa:performance") + f"?month={month:%Y-%m}"
    upload = request.FILES.get("file")
    if upload is None or upload.size > 2 * 1024 * 1024:
        messages.error(request, _("Choose a CSV file (at most 2 MB)."))
        return redirect(back)
    try:
        text = upload.read().decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        done = agent_inputs_import(actor=request.user, month=month, rows=rows,
                                   agents=selectors.team_agents(request.user), now=timezone.now())
    except UnicodeDecodeError:
        messages.error(request, _("The file is not UTF-8 text."))
    except DomainError as exc:
        details = "; ".join(f"{e['row']}: {e['message']}" for e in exc.extra.get("errors", [])[:20])
        messages.error(request, f"{exc.message} {details}")
    else:
        messages.success(request, _("%(count)s agents' test and attendance saved.") % {"count": done})
    return redirect(back)


@login_required
def performance_export(request):
    month = month_param(request)
    rows = list(selectors.performance_rows(request.user, month).order_by("rank", "agent__username"))
    response = HttpResponse(performance_xlsx(rows, month),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="performance-{month:%Y-%m}.xlsx"'
    return response
