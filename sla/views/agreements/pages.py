"""Agreement pages: the register (list), a new draft, a version's detail page, the
draft editor and the printable agreement. Thin: parse a form, call one service,
render; a DomainError comes back as a form error with its status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from slacenter.errors import DomainError
from tickets.permissions import department_of, is_department_staff

from ...models.agreements import AgreementStatus
from ...permissions import can_draft, can_manage, party_departments, signable_parties
from ...selectors.agreements import (
    agreement_events,
    agreement_get,
    agreement_list,
    agreement_version_get,
    agreement_versions,
)
from ...services.agreements import agreement_create_draft, agreement_update_draft
from ...workflow import AGREEMENT_WORKFLOW
from . import display
from .forms import (
    AgreementForm,
    IndicatorForm,
    NewAgreementForm,
    OverrideForm,
    PenaltyForm,
    ReasonForm,
    ServiceItemForm,
    SignForm,
)


def _call(fn, **kwargs):
    try:
        return fn(**kwargs), None
    except DomainError as exc:
        return None, exc


def _form_error(form) -> DomainError:
    texts = [f"{form.fields[f].label}: {e}" if f in form.fields else str(e)
             for f, errors in form.errors.items() for e in errors]
    return DomainError(" ".join(texts) or _("The form is not valid."), code="invalid")


@login_required
@require_GET
def agreement_list_view(request):
    status = request.GET.get("status", "")
    if status not in AgreementStatus.values:
        status = ""
    rows = agreement_list(request.user, status=status)
    for row in rows:
        row["badge"] = display.status_badge(row["current"])
        row["signatures"] = display.signature_rows(row["current"])
    return render(request, "sla/agreements/list.html", {
        "rows": rows, "status": status, "statuses": AgreementStatus.choices, "can_draft": can_draft(request.user),
    })


@login_required
@require_http_methods(["GET", "POST"])
def agreement_new_view(request):
    if not can_draft(request.user):
        messages.error(request, _("Only a service manager or a department head may draft an agreement."))
        return redirect("sla:agreement_list")
    error = None
    if request.method == "POST":
        form = NewAgreementForm(request.POST)
        if form.is_valid():
            version, error = _call(agreement_create_draft, actor=request.user, now=timezone.now(), **form.cleaned_data)
            if error is None:
                messages.success(request, _("Draft created. Add service items, indicators and penalty clauses."))
                return redirect("sla:agreement_edit", pk=version.pk)
        else:
            error = _form_error(form)
    else:
        initial = {}
        if is_department_staff(request.user):
            initial["client_departments"] = [department_of(request.user)]
        form = NewAgreementForm(initial=initial)
    return render(request, "sla/agreements/new.html", {"form": form, "error": error},
                  status=error.status if error else 200)


@login_required
@require_GET
def agreement_detail_view(request, pk):
    """An agreement's address: its current version (the active one, else the newest)."""
    agreement = agreement_get(request.user, pk)
    versions = list(agreement_versions(request.user, agreement))
    current = next((v for v in versions if v.status == AgreementStatus.ACTIVE), versions[0])
    return redirect("sla:agreement_version", pk=current.pk)


def detail_context(request, version, **extra) -> dict:
    user = request.user
    manage = can_manage(user, version)
    moves = {t.action for t in AGREEMENT_WORKFLOW.allowed(version.status)}
    history = list(agreement_versions(user, version.agreement))
    pending = any(v.status in (AgreementStatus.DRAFT, AgreementStatus.AWAITING_SIGNATURES) for v in history)
    signable = signable_parties(user, version) if version.status == AgreementStatus.AWAITING_SIGNATURES else []
    rows = display.indicator_rows(version)
    for row in rows:
        row["override_form"] = OverrideForm(prefix=f"o{row['indicator'].pk}")
    context = {
        "version": version,
        "badge": display.status_badge(version),
        "parties": display.signature_block(version, party_departments(version)),
        "hours": display.service_hours(version, version.effective_from or timezone.localdate()),
        "indicator_rows": rows,
        "history": history,
        "events": display.event_rows(agreement_events(version)),
        "can_edit": manage and version.status == AgreementStatus.DRAFT,
        "can_submit": manage and "submit" in moves,
        "can_recall": manage and "recall" in moves,
        "can_terminate": manage and "terminate" in moves,
        "can_amend": manage and version.status == AgreementStatus.ACTIVE and not pending,
        "can_override": manage and version.status in (AgreementStatus.DRAFT, AgreementStatus.AWAITING_SIGNATURES,
                                                      AgreementStatus.ACTIVE),
        "signable": signable,
        "sign_form": SignForm() if len(signable) > 1 else None,
        "reason_form": ReasonForm(),
        "in_force_today": version.is_in_force(timezone.localdate()),
        # Signed by everyone but its effective date lies ahead.
        "awaiting_start": version.status == AgreementStatus.ACTIVE and version.effective_from is not None
        and version.effective_from > timezone.localdate(),
    }
    context.update(extra)
    return context


@login_required
@require_GET
def agreement_version_view(request, pk):
    version = agreement_version_get(request.user, pk)
    return render(request, "sla/agreements/detail.html", detail_context(request, version))


def edit_context(version, **extra) -> dict:
    context = {
        "version": version,
        "form": AgreementForm(initial=AgreementForm.initial_from(version)),
        "item_form": ServiceItemForm(prefix="item"),
        "indicator_form": IndicatorForm(prefix="ind"),
        "penalty_form": PenaltyForm(prefix="pen"),
    }
    context.update(extra)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit_view(request, pk):
    version = agreement_version_get(request.user, pk)
    if version.status != AgreementStatus.DRAFT or not can_manage(request.user, version):
        messages.error(request, _("Only a draft can be edited, by a service manager or a party's head."))
        return redirect("sla:agreement_version", pk=version.pk)
    if request.method == "GET":
        return render(request, "sla/agreements/edit.html", edit_context(version))
    form = AgreementForm(request.POST)
    error = None if form.is_valid() else _form_error(form)
    if error is None:
        _result, error = _call(agreement_update_draft, version=version, actor=request.user, now=timezone.now(),
                               **form.cleaned_data)
    if error is None:
        messages.success(request, _("The draft was saved."))
        return redirect("sla:agreement_edit", pk=version.pk)
    version = agreement_version_get(request.user, pk)
    return render(request, "sla/agreements/edit.html", edit_context(version, form=form, error=error),
                  status=error.status)


@login_required
@require_GET
def agreement_print_view(request, pk):
    """The agreement laid out as a signed document (一、二、三… in Chinese)."""
    version = agreement_version_get(request.user, pk)
    parties = party_departments(version)
    return render(request, "sla/agreements/print.html", {
        "version": version,
        "n": display.section_numbers(),
        "clients": parties[:-1],
        "provider": version.provider,
        "hours": display.service_hours(version, version.effective_from or timezone.localdate()),
        "indicator_rows": display.indicator_rows(version),
        "parties": display.signature_block(version, parties),
    })
