"""Root-cause finding pages: the list with filters (status, department, root cause,
month), "findings for my department" where the head confirms or disputes before the
deadline, the manager's disputed findings with the decision form, and one finding
with its complaint and state history. Every write is one service call; refusals come
back as messages. Scope is `selectors_accountability.finding_scope` (404 outside)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tickets.permissions import department_of, is_department_staff
from tickets.selectors import department_list, ticket_scope
from tickets.views.common import call_service, edge_now, form_error, safe_next

from ..models import FindingStatus, RootCause
from ..permissions import can_answer_finding, can_decide_finding
from ..selectors_accountability import (
    finding_get,
    finding_history,
    finding_list,
    findings_awaiting_department,
    findings_disputed,
    month_bounds,
)
from ..services import accountability as acc


class FindingFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False,
                               choices=[("", "—")] + list(FindingStatus.choices))
    department = forms.ModelChoiceField(label=gettext_lazy("Responsible department"), required=False,
                                        queryset=None)
    root_cause = forms.ModelChoiceField(label=gettext_lazy("Root cause"), required=False, queryset=None,
                                        to_field_name="code")
    month = forms.RegexField(label=gettext_lazy("Month"), required=False, regex=r"^\d{4}-\d{2}$", max_length=7,
                             widget=forms.TextInput(attrs={"type": "month"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        departments = department_list().order_by("kind", "code")
        if is_department_staff(user):  # a department sees its own findings only
            departments = departments.filter(pk=getattr(department_of(user), "pk", None))
        self.fields["department"].queryset = departments
        self.fields["root_cause"].queryset = RootCause.objects.all()

    def clean_month(self):
        value = self.cleaned_data["month"]
        if value and month_bounds(value) is None:
            raise forms.ValidationError(_("Give the month as YYYY-MM."))
        return value


class DisputeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Dispute reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=[
        ("uphold", gettext_lazy("Uphold the finding")), ("overturn", gettext_lazy("Overturn the finding"))])
    reason = forms.CharField(label=gettext_lazy("Decision reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


def _annotate(user, findings) -> list:
    """What the user may do on each row (for the buttons; the services decide)."""
    rows = list(findings)
    decide = can_decide_finding(user)
    for finding in rows:
        finding.can_answer = finding.status == FindingStatus.PENDING and can_answer_finding(user, finding)
        finding.can_decide = finding.status == FindingStatus.DISPUTED and decide
    return rows


@login_required
def finding_list_page(request):
    form = FindingFilterForm(request.GET or None, user=request.user)
    filters, status = {}, 200
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {"status": data["status"], "department": data["department"], "root_cause": data["root_cause"]}
        if data["month"]:
            filters["start"], filters["end"] = month_bounds(data["month"])
    elif form.is_bound:
        status = 400
        messages.error(request, form_error(form).message)
    qs = finding_list(request.user, **filters) if status == 200 else finding_list(request.user).none()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "complaints/findings/list.html", {
        "form": form, "page": page, "rows": _annotate(request.user, page.object_list), "query": query.urlencode(),
        "awaiting": findings_awaiting_department(request.user).count() if is_department_staff(request.user) else 0,
        "disputed": findings_disputed(request.user).count() if can_decide_finding(request.user) else 0,
    }, status=status)


@login_required
def department_findings(request):
    """Findings for my department: what the head confirms or disputes, by deadline."""
    if not is_department_staff(request.user):
        raise Http404
    rows = _annotate(request.user, findings_awaiting_department(request.user)[:200])
    return render(request, "complaints/findings/department.html", {"rows": rows, "now": edge_now(),
                                                                     "dispute_form": DisputeForm()})


@login_required
def disputed_findings(request):
    """The service manager's disputes to decide."""
    if not can_decide_finding(request.user):
        raise Http404
    rows = _annotate(request.user, findings_disputed(request.user)[:200])
    return render(request, "complaints/findings/disputed.html", {"rows": rows, "decide_form": DecideForm()})


@login_required
def finding_detail(request, pk):
    finding = finding_get(request.user, pk)
    _annotate(request.user, [finding])
    ticket = finding.complaint.ticket
    return render(request, "complaints/findings/detail.html", {
        "finding": finding, "ticket": ticket, "history": finding_history(finding),
        "sees_ticket": ticket_scope(request.user).filter(pk=ticket.pk).exists(),
        "dispute_form": DisputeForm(), "decide_form": DecideForm(), "now": edge_now()})


@login_required
@require_POST
def finding_action(request, pk, action):
    finding = finding_get(request.user, pk)
    back = safe_next(request, f"/complaints/findings/{finding.pk}/")
    now, actor = edge_now(), request.user
    if action == "confirm":
        _result, error = call_service(acc.finding_confirm, actor=actor, finding=finding, now=now)
    elif action == "dispute":
        form = DisputeForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_error(form).message)
            return redirect(back)
        _result, error = call_service(acc.finding_dispute, actor=actor, finding=finding, now=now,
                                      reason=form.cleaned_data["reason"])
    elif action == "decide":
        form = DecideForm(request.POST)
        if not form.is_valid():
            messages.error(request, form_error(form).message)
            return redirect(back)
        _result, error = call_service(acc.finding_decide, actor=actor, finding=finding, now=now,
                                      uphold=form.cleaned_data["decision"] == "uphold",
                                      reason=form.cleaned_data["reason"])
    else:
        raise Http404
    if error:
        messages.error(request, error.message)
    else:
        messages.success(request, {"confirm": _("Finding confirmed."), "dispute": _("Dispute sent to the manager."),
                                   "decide": _("Decision recorded.")}[action])
    return redirect(back)
