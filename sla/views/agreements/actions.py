"""The POST commands of the agreement pages: add/remove draft parts, submit, recall,
sign, amend, terminate, agree a period target. Each calls one service; on success
it redirects with a message, on a DomainError it re-renders the page with the error
and the error's status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...models.agreements import Indicator
from ...selectors.agreements import agreement_version_get, agreement_version_scope
from ...services import agreements as services
from .forms import IndicatorForm, OverrideForm, PenaltyForm, ReasonForm, ServiceItemForm, SignForm
from .pages import _call, _form_error, detail_context, edit_context

# part name in the URL → (form class, prefix, service, context key of the form)
PARTS = {
    "items": (ServiceItemForm, "item", services.service_item_add, "item_form"),
    "indicators": (IndicatorForm, "ind", services.indicator_add, "indicator_form"),
    "penalties": (PenaltyForm, "pen", services.penalty_add, "penalty_form"),
}
REMOVABLE = {"items": "service_item", "indicators": "indicator", "penalties": "penalty"}


def _edit_refused(request, pk, error, **forms):
    version = agreement_version_get(request.user, pk)
    return render(request, "sla/agreements/edit.html", edit_context(version, error=error, **forms),
                  status=error.status)


@login_required
@require_POST
def part_add_view(request, pk, part):
    if part not in PARTS:
        raise Http404
    form_class, prefix, service, key = PARTS[part]
    version = agreement_version_get(request.user, pk)
    form = form_class(request.POST, prefix=prefix)
    error = None if form.is_valid() else _form_error(form)
    if error is None:
        _result, error = _call(service, version=version, actor=request.user, now=timezone.now(), **form.cleaned_data)
    if error is None:
        messages.success(request, _("Added."))
        return redirect("sla:agreement_edit", pk=version.pk)
    return _edit_refused(request, pk, error, **{key: form})


@login_required
@require_POST
def part_remove_view(request, pk, part, part_id):
    if part not in REMOVABLE:
        raise Http404
    version = agreement_version_get(request.user, pk)
    _result, error = _call(services.draft_part_remove, version=version, actor=request.user, part=REMOVABLE[part],
                           part_id=part_id, now=timezone.now())
    if error is None:
        messages.success(request, _("Removed."))
        return redirect("sla:agreement_edit", pk=version.pk)
    return _edit_refused(request, pk, error)


def _detail_refused(request, pk, error, **extra):
    version = agreement_version_get(request.user, pk)
    return render(request, "sla/agreements/detail.html", detail_context(request, version, error=error, **extra),
                  status=error.status)


@login_required
@require_POST
def command_view(request, pk, action):
    """submit / recall / sign / amend / terminate."""
    version = agreement_version_get(request.user, pk)
    now = timezone.now()
    done, target = None, version.pk
    if action == "submit":
        result, error = _call(services.agreement_submit, version=version, actor=request.user, now=now)
        done = _("Submitted. The heads of the parties have been asked to sign.")
    elif action in ("recall", "terminate"):
        form = ReasonForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        service = services.agreement_recall if action == "recall" else services.agreement_terminate
        result, error = _call(service, version=version, actor=request.user, reason=reason, now=now)
        done = _("Recalled to draft.") if action == "recall" else _("The agreement was terminated.")
    elif action == "sign":
        form = SignForm(request.POST)
        department = form.cleaned_data["department"] if form.is_valid() else None
        result, error = _call(services.agreement_sign, version=version, actor=request.user, department=department,
                              now=now)
        done = _("Signed.")
    elif action == "amend":
        result, error = _call(services.agreement_amend, version=version, actor=request.user, now=now)
        done = _("Amendment drafted from the active version.")
        if error is None:
            target = result.pk
    else:
        raise Http404
    if error is None:
        messages.success(request, done)
        return redirect("sla:agreement_edit" if action == "amend" else "sla:agreement_version", pk=target)
    return _detail_refused(request, pk, error)


@login_required
@require_POST
def override_add_view(request, pk, indicator_id):
    version = agreement_version_get(request.user, pk)
    indicator = get_object_or_404(Indicator.objects.filter(version__in=agreement_version_scope(request.user)),
                                  pk=indicator_id, version=version)
    form = OverrideForm(request.POST, prefix=f"o{indicator.pk}")
    error = None if form.is_valid() else _form_error(form)
    if error is None:
        _result, error = _call(services.indicator_override_add, indicator=indicator, actor=request.user,
                               now=timezone.now(), **form.cleaned_data)
    if error is None:
        messages.success(request, _("The target for that period was recorded."))
        return redirect("sla:agreement_version", pk=version.pk)
    return _detail_refused(request, pk, error)
