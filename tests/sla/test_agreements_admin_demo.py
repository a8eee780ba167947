"""Agreement admin (read-only pages, actions through the services), the
`expire_agreements` command and the demo step."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from sla.models import Agreement, AgreementStatus, AgreementVersion
from slacenter.demo import DemoContext
from tests.factories import UserFactory
from tests.sla.agreement_helpers import make_active, make_calendar, make_draft, make_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    user = UserFactory(username="root")
    user.is_superuser = user.is_staff = True
    user.save()
    return user


@pytest.fixture
def calendar(center):
    return make_calendar()


def test_admin_pages_render_read_only(client, superuser, manager, merchandise, center, calendar):
    version = make_active(manager=manager, head=make_head(merchandise), clients=[merchandise], provider=center,
                          calendar=calendar)
    client.force_login(superuser)
    for model in ("agreement", "agreementversion", "indicator", "indicatoroverride", "penaltyclause", "serviceitem",
                  "agreementsignature", "agreementevent"):
        assert client.get(reverse(f"admin:sla_{model}_changelist")).status_code == 200, model
    page = client.get(reverse("admin:sla_agreementversion_change", args=[version.pk]))
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    assert client.get(reverse("admin:sla_agreementversion_add")).status_code == 403


def test_admin_submit_and_terminate_actions(client, superuser, manager, merchandise, center, calendar):
    draft = make_draft(actor=manager, clients=[merchandise], provider=center, calendar=calendar)
    client.force_login(superuser)
    url = reverse("admin:sla_agreementversion_changelist")
    client.post(url, {"action": "submit_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.AWAITING_SIGNATURES
    client.post(url, {"action": "terminate_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.TERMINATED and "root" in draft.end_reason


def test_expire_command(manager, merchandise, center, calendar):
    version = make_active(manager=manager, head=make_head(merchandise), clients=[merchandise], provider=center,
                          calendar=calendar, effective_from=date(2020, 1, 1), effective_to=date(2020, 12, 31))
    out = StringIO()
    call_command("expire_agreements", stdout=out)
    assert out.getvalue().startswith("1 ")
    version.refresh_from_db()
    assert version.status == AgreementStatus.EXPIRED


def test_demo_step_is_idempotent():
    from slacenter.demo import agreements, calendars, org

    ctx = DemoContext(now=datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    for step in (org, calendars, agreements, agreements):
        step.run(ctx)
    statuses = dict(AgreementVersion.objects.values_list("agreement__code", "status"))
    assert statuses == {"SLA-DEMO-MER": "active", "SLA-DEMO-LOG": "active", "SLA-DEMO-TEC": "awaiting_signatures"}
    assert Agreement.objects.count() == 3
    merchandise = AgreementVersion.objects.get(agreement__code="SLA-DEMO-MER")
    assert merchandise.signatures.count() == 2 and merchandise.is_in_force(date(2026, 11, 22))
    assert merchandise.indicators.filter(overrides__period_start=date(2026, 11, 1)).count() == 2
    assert {p.amount for p in merchandise.penalties.all()} == {1000}
    assert set(merchandise.penalties.values_list("party", flat=True)) == {"A", "B"}
