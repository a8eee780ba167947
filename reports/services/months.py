"""Locking a closed month, adjustments booked in a later open month, and the
imported monthly order counts."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from slacenter.errors import Conflict, DomainError
from tickets.models import Channel

from ..models import Adjustment, AppealStatus, MonthStatus, OrderCount, ReportMonth, Violation
from ..permissions import can_adjust, can_import_orders, can_lock_month
from ..sources import month_start


def _manager_only(actor, check):
    if not check(actor):
        raise DomainError(_("Only a service manager or an administrator may do this."), status=403, code="forbidden")


def month_lock(*, actor, month: ReportMonth, now=None) -> ReportMonth:
    """Final: after this nothing in the month changes. Refused while appeals are pending."""
    now = now or timezone.now()
    _manager_only(actor, can_lock_month)
    with transaction.atomic():
        month = ReportMonth.objects.select_for_update().get(pk=month.pk)
        if month.is_locked:
            raise Conflict(_("%(month)s is already locked.") % {"month": month}, code="month_locked")
        if month.closed_at is None:
            raise Conflict(_("Close the month before locking it."), code="not_closed")
        pending = Violation.objects.filter(close__month=month, appeal__status=AppealStatus.PENDING).count()
        if pending:
            raise Conflict(_("%(n)s appeal(s) are still pending; decide them first.") % {"n": pending},
                           code="appeals_pending", pending=pending)
        month.status = MonthStatus.LOCKED
        month.locked_at = now
        month.locked_by = actor
        month.updated_at = now
        month.save(update_fields=["status", "locked_at", "locked_by", "updated_at"])
    return month


def adjustment_create(*, actor, original: Violation, month: date, amount, reason: str, now=None) -> Adjustment:
    """Correct a violation of a locked month by booking a change in a later, open month."""
    now = now or timezone.now()
    _manager_only(actor, can_adjust)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("An adjustment needs a reason."), field="reason", code="reason_required")
    try:
        amount = Decimal(str(amount)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise DomainError(_("Enter an amount."), field="amount", code="invalid") from None
    if not amount.is_finite() or amount == 0 or abs(amount) >= Decimal("1e8"):
        raise DomainError(_("Enter a non-zero amount."), field="amount", code="invalid")
    target = month_start(month)
    with transaction.atomic():
        original = Violation.objects.select_related("close__month").get(pk=original.pk)
        if not original.close.month.is_locked:
            raise Conflict(_("The original month is still open: re-run its close or decide the appeal instead."),
                           code="month_open")
        if target <= original.close.month.month:
            raise DomainError(_("Book the adjustment in a month after the original one."), field="month")
        booked, _c = ReportMonth.objects.get_or_create(month=target, defaults={"updated_at": now})
        booked = ReportMonth.objects.select_for_update().get(pk=booked.pk)
        if booked.is_locked:
            raise Conflict(_("%(month)s is locked.") % {"month": booked}, code="month_locked")
        total = original.final_amount + sum(a.amount for a in original.adjustments.all())
        if total + amount < 0:
            raise DomainError(_("The adjustments would make the penalty negative."), field="amount")
        return Adjustment.objects.create(month=booked, original=original, amount=amount, reason=reason,
                                         created_by=actor, created_at=now)


def order_count_set(*, actor, month: date, channel: str, orders, source: str = "admin", now=None) -> OrderCount:
    now = now or timezone.now()
    _manager_only(actor, can_import_orders)
    if channel not in Channel.values:
        raise DomainError(_("Unknown channel “%(channel)s”.") % {"channel": channel}, field="channel")
    try:
        orders = int(str(orders).strip())
    except (TypeError, ValueError):
        raise DomainError(_("Orders must be a whole number."), field="orders") from None
    if orders < 0 or orders > 10**12:
        raise DomainError(_("Orders must be a whole number."), field="orders")
    month = month_start(month)
    if ReportMonth.objects.filter(month=month, status=MonthStatus.LOCKED).exists():
        raise Conflict(_("%(month)s is locked.") % {"month": f"{month:%Y-%m}"}, code="month_locked")
    row, _c = OrderCount.objects.update_or_create(month=month, channel=channel, defaults={
        "orders": orders, "source": source, "updated_by": actor, "updated_at": now})
    return row


def order_counts_import_csv(*, actor, data: bytes, now=None) -> int:
    """CSV with a header `month,channel,orders` (month as YYYY-MM); all rows or none."""
    now = now or timezone.now()
    _manager_only(actor, can_import_orders)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The file is not UTF-8 text."), field="file") from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or {"month", "channel", "orders"} - {f.strip() for f in reader.fieldnames}:
        raise DomainError(_("The CSV needs the columns month, channel, orders."), field="file")
    count = 0
    with transaction.atomic():
        for line, row in enumerate(reader, start=2):
            try:
                month = date.fromisoformat(f"{(row.get('month') or '').strip()[:7]}-01")
            except ValueError:
                raise DomainError(_("Line %(line)s: month must look like 2026-03.") % {"line": line},
                                  field="file") from None
            try:
                order_count_set(actor=actor, month=month, channel=(row.get("channel") or "").strip(),
                                orders=row.get("orders"), source="csv", now=now)
            except DomainError as exc:
                raise DomainError(_("Line %(line)s: %(error)s") % {"line": line, "error": exc.message},
                                  field="file") from None
            count += 1
    return count


def indicator_owner_set(*, actor, indicator, person, now=None):
    """Name the directly responsible person for an indicator (default: the party's head).
    Who: a service manager or admin, or the head of the indicator's party department;
    the person must belong to that department."""
    from tickets.permissions import department_of, role_of

    from ..models import IndicatorOwner
    from .close import _party_department

    now = now or timezone.now()
    version = indicator.version
    department = _party_department(version, indicator.responsible_party)
    is_head = role_of(actor) == "dept_head" and department_of(actor) == department
    if not (can_adjust(actor) or is_head):
        raise DomainError(_("Only a service manager or the party's head may name the responsible person."),
                          status=403, code="forbidden")
    if person is None or department_of(person) != department:
        raise DomainError(_("The responsible person must work in %(department)s.") % {"department": department},
                          field="person")
    owner, _c = IndicatorOwner.objects.update_or_create(indicator=indicator, defaults={
        "person": person, "set_by": actor, "set_at": now})
    return owner
