"""Improvement action pages (整改): the list with status and overdue filters, one action
with the category's complaint counts before and after and the moves as buttons for
who may make them, and the service center's propose form. Every write is one service
call; refusals come back as messages. Scope: `selectors_improvements` (404 outside)."""

from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tickets.permissions import department_of, is_department_staff
from tickets.selectors import category_list, department_list, transfer_targets
from tickets.views.common import call_service, edge_now, form_error

from ..models import ImprovementStatus, RootCause
from ..permissions import can_answer_improvement, can_propose_improvement
from ..selectors_improvements import improvement_counts, improvement_get, is_overdue
from ..selectors_improvements import improvement_list as improvements_in_scope
from ..services import improvements as svc

DUE_TIME = time(18, 0)  # a due date means the end of that working day


class ImprovementFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False,
                               choices=[("", "—")] + list(ImprovementStatus.choices))
    department = forms.ModelChoiceField(label=gettext_lazy("Department"), required=False, queryset=None)
    overdue = forms.BooleanField(label=gettext_lazy("Overdue only"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        departments = department_list().order_by("kind", "code")
        if is_department_staff(user):
            departments = departments.filter(pk=getattr(department_of(user), "pk", None))
        self.fields["department"].queryset = departments


class ProposeForm(forms.Form):
    department = forms.ModelChoiceField(label=gettext_lazy("Department"), queryset=None)
    category = forms.ModelChoiceField(label=gettext_lazy("Complaint type"), queryset=None, required=False,
                                      help_text=gettext_lazy("Its complaint counts before and after are compared."))
    root_cause = forms.ModelChoiceField(label=gettext_lazy("Root cause"), queryset=None, required=False,
                                        to_field_name="code")
    suggestion = forms.CharField(label=gettext_lazy("Suggestion"), max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    due = forms.DateField(label=gettext_lazy("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = transfer_targets().order_by("code")
        self.fields["category"].queryset = category_list()
        self.fields["root_cause"].queryset = RootCause.objects.filter(is_active=True)

    def due_at(self):
        return timezone.make_aware(datetime.combine(self.cleaned_data["due"], DUE_TIME))


class RejectForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reject reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


def _moves(user, action) -> dict:
    """Which buttons the user sees (the services decide)."""
    department = can_answer_improvement(user, action)
    center = can_propose_improvement(user)
    return {"accept": department and action.status == ImprovementStatus.PROPOSED,
            "complete": department and action.status == ImprovementStatus.ACCEPTED,
            "verify": center and action.status == ImprovementStatus.DONE}


@login_required
def improvement_list(request):
    user, now = request.user, edge_now()
    form = ImprovementFilterForm(request.GET or None, user=user)
    filters, status = {}, 200
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {"status": data["status"], "department": data["department"], "overdue": data["overdue"]}
    elif form.is_bound:
        status = 400
        messages.error(request, form_error(form).message)
    qs = improvements_in_scope(user, now=now, **filters)
    if status != 200:
        qs = qs.none()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for action in rows:
        action.overdue = is_overdue(action, now)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "complaints/improvements/list.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(),
        "can_propose": can_propose_improvement(user)}, status=status)


@login_required
def improvement_new(request):
    if not can_propose_improvement(request.user):
        raise Http404
    form = ProposeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            action, error = call_service(svc.improvement_propose, actor=request.user, department=data["department"],
                                         suggestion=data["suggestion"], due_at=form.due_at(),
                                         category=data["category"], root_cause=data["root_cause"], now=edge_now())
            if error is None:
                messages.success(request, _("Improvement action proposed."))
                return redirect("complaints:improvement", pk=action.pk)
            form.add_error(error.extra.get("field") if error.extra.get("field") in form.fields else None,
                           error.message)
        return render(request, "complaints/improvements/new.html", {"form": form}, status=400)
    return render(request, "complaints/improvements/new.html", {"form": form})


@login_required
def improvement_detail(request, pk):
    action = improvement_get(request.user, pk)
    now = edge_now()
    counts = ((action.count_before, action.count_after) if action.status == ImprovementStatus.VERIFIED
              else improvement_counts(action, now))
    return render(request, "complaints/improvements/detail.html", {
        "action": action, "counts": counts, "overdue": is_overdue(action, now), "moves": _moves(request.user, action),
        "reject_form": RejectForm()})


@login_required
@require_POST
def improvement_action(request, pk, action):
    improvement = improvement_get(request.user, pk)
    now, actor = edge_now(), request.user
    if action in ("accept", "reject"):
        reason = ""
        if action == "reject":
            form = RejectForm(request.POST)
            if not form.is_valid():
                messages.error(request, form_error(form).message)
                return redirect("complaints:improvement", pk=improvement.pk)
            reason = form.cleaned_data["reason"]
        _result, error = call_service(svc.improvement_answer, actor=actor, action=improvement,
                                      accept=action == "accept", reason=reason, now=now)
    elif action == "complete":
        _result, error = call_service(svc.improvement_complete, actor=actor, action=improvement, now=now)
    elif action == "verify":
        _result, error = call_service(svc.improvement_verify, actor=actor, action=improvement, now=now)
    else:
        raise Http404
    if error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Done."))
    return redirect("complaints:improvement", pk=improvement.pk)
