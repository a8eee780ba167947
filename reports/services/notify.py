"""In-app (and e-mail) notices of the monthly close, through the ticket core's
idempotent `notification_send` (one per recipient and key): the heads of the parties
when a month's close finds violations, the deciders when an appeal is filed, the
appellant when it is decided. Sent after the writing transaction commits."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from tickets.models import Role


def _send(recipient, key, subject, url, now):
    from tickets.services.notifications import notification_send

    if recipient is not None and recipient.is_active:
        notification_send(recipient=recipient, key=key, subject=subject, url=url, now=now)


def _managers():
    return get_user_model().objects.filter(profile__role=Role.SERVICE_MANAGER, is_active=True)


def close_found_violations(close, *, now) -> None:
    """Once per close and head: the month is closed and what it costs their side."""
    violations = list(close.violations.filter(current=True).select_related("department__head"))
    if not violations:
        return
    url = reverse("reports:close", args=[close.pk])
    heads = {v.department.head for v in violations if v.department and v.department.head_id}
    for head in heads:
        mine = [v for v in violations if v.department and v.department.head_id == head.pk]
        subject = _("%(month)s %(agreement)s: %(n)s violation(s), ¥%(amount)s — see why, appeal if unfounded") % {
            "month": f"{close.month.month:%Y-%m}", "agreement": close.version.agreement.code, "n": len(mine),
            "amount": sum(v.final_amount for v in mine)}
        transaction.on_commit(lambda h=head, s=subject: _send(h, f"reports.close.{close.pk}", s, url, now))


def appeal_filed(appeal, *, now) -> None:
    violation = appeal.violation
    url = reverse("reports:close", args=[violation.close_id]) + f"#violation-{violation.pk}"
    subject = _("Appeal to decide: %(summary)s") % {"summary": violation.summary[:120]}
    if violation.department is not None and violation.department.is_service_center:
        deciders = [d.head for d in violation.close.version.client_departments.all() if d.head_id]
    else:
        deciders = list(_managers())
    for user in deciders:
        transaction.on_commit(lambda u=user: _send(u, f"reports.appeal.{appeal.pk}.filed", subject, url, now))


def appeal_decided(appeal, *, now) -> None:
    violation = appeal.violation
    url = reverse("reports:close", args=[violation.close_id]) + f"#violation-{violation.pk}"
    subject = _("Your appeal was decided: %(status)s") % {"status": appeal.get_status_display()}
    transaction.on_commit(lambda: _send(appeal.filed_by, f"reports.appeal.{appeal.pk}.decided", subject, url, now))
