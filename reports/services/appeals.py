"""Appeals (申诉) against violations and their decisions (upheld / waived / reduced).
The penalised side files within the appeal window; the other side decides with a
reason. Nothing moves once the month is locked."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from slacenter.workflow import transition_apply

from ..models import Appeal, AppealStatus, Violation
from ..permissions import can_appeal, can_decide
from ..sources import local_midnight, next_month
from ..workflow import APPEAL_WORKFLOW, DECISIONS
from . import notify


def appeal_deadline(violation: Violation):
    """The end of the N-th local day after the month (REPORTS_APPEAL_DAYS, default 10)."""
    days = getattr(settings, "REPORTS_APPEAL_DAYS", 10)
    return local_midnight(next_month(violation.close.month.month) + timedelta(days=days))


def _refuse_if_locked(violation: Violation):
    if violation.close.month.is_locked:
        raise Conflict(_("The month is locked; nothing in it changes."), code="month_locked")


def appeal_file(*, actor, violation: Violation, reason: str, evidence: str = "", now=None) -> Appeal:
    now = now or timezone.now()
    if not can_appeal(actor, violation):
        raise DomainError(_("Only the penalised side may appeal this violation."), status=403, code="forbidden")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("An appeal needs a reason."), field="reason", code="reason_required")
    with transaction.atomic():
        violation = Violation.objects.select_for_update().select_related("close__month").get(pk=violation.pk)
        _refuse_if_locked(violation)
        if not violation.current:
            raise Conflict(_("The latest close no longer finds this violation."), code="not_current")
        if now >= appeal_deadline(violation):
            raise Conflict(_("The appeal window closed on %(deadline)s.")
                           % {"deadline": f"{timezone.localtime(appeal_deadline(violation)):%Y-%m-%d %H:%M}"},
                           code="appeal_window_closed")
        if Appeal.objects.filter(violation=violation).exists():
            raise Conflict(_("This violation has already been appealed."), code="already_appealed")
        appeal = Appeal.objects.create(violation=violation, reason=reason, evidence=(evidence or "").strip(),
                                       filed_by=actor, filed_at=now, updated_at=now)
        notify.appeal_filed(appeal, now=now)
        return appeal


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(_("Enter an amount."), field="amount", code="invalid") from None
    if not amount.is_finite():
        raise DomainError(_("Enter an amount."), field="amount", code="invalid")
    return amount.quantize(Decimal("0.01"))


def appeal_transition(*, actor, appeal: Appeal, action: str, reason: str = "", amount=None, now=None,
                      system: bool = False) -> Appeal:
    """Decide (uphold, waive, reduce) or withdraw an appeal; sets the violation's final amount."""
    now = now or timezone.now()
    violation = appeal.violation
    if action in DECISIONS:
        if not system and not can_decide(actor, violation):
            raise DomainError(_("Only the other party's head or the service manager may decide this appeal."),
                              status=403, code="forbidden")
        if appeal.filed_by_id is not None and appeal.filed_by_id == getattr(actor, "pk", None):
            raise DomainError(_("You cannot decide your own appeal."), status=403, code="forbidden")
    elif action == "withdraw" and not system and appeal.filed_by_id != getattr(actor, "pk", None):
        raise DomainError(_("Only who filed the appeal may withdraw it."), status=403, code="forbidden")
    changes = {}
    final = violation.amount
    if action == "reduce":
        final = _amount(amount)
        if not (Decimal("0") <= final < violation.amount):
            raise DomainError(_("A reduced amount lies between 0 and the original %(amount)s.")
                              % {"amount": violation.amount}, field="amount", code="invalid")
        changes["reduced_amount"] = final
    elif action == "waive":
        final = Decimal("0.00")
    if action in DECISIONS:
        changes.update(decided_by=actor, decision_reason=(reason or "").strip())
    with transaction.atomic():
        locked_violation = Violation.objects.select_for_update().select_related("close__month").get(pk=violation.pk)
        _refuse_if_locked(locked_violation)
        appeal, _move, _old = transition_apply(instance=appeal, table=APPEAL_WORKFLOW, action=action, reason=reason,
                                               now=now, system=system, changes=changes)
        if action in DECISIONS and locked_violation.final_amount != final:
            locked_violation.final_amount = final
            locked_violation.save(update_fields=["final_amount"])
            close = locked_violation.close
            close.penalty_total = sum(
                (v.final_amount for v in close.violations.filter(current=True)), Decimal("0"))
            close.save(update_fields=["penalty_total"])
        if action in DECISIONS:
            notify.appeal_decided(appeal, now=now)
    return appeal


def appeal_pending_count(month) -> int:
    return Appeal.objects.filter(violation__close__month=month, status=AppealStatus.PENDING).count()
