"""Calendar admin (import action with its year form and review list, simulator,
read-only history) and the import_holidays command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from sla.models import CalendarOverride
from sla.services.calendars import calendar_default_for_department
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendars(center, logistics):
    now = timezone.now()
    return {d.code: calendar_default_for_department(department=d, now=now) for d in (center, logistics)}


@pytest.fixture
def admin_client(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_import_action_asks_the_year_then_shows_the_review_list(admin_client, calendars):
    url = reverse("admin:sla_servicecalendar_changelist")
    pk = calendars["logistics"].pk
    form = {"action": "import_statutory_holidays", "_selected_action": [pk]}
    response = admin_client.post(url, form)
    assert response.status_code == 200 and b'name="year"' in response.content
    response = admin_client.post(url, form | {"apply": "1", "year": "2030"})
    assert response.status_code == 302 and "source__exact=imported" in response.url
    assert CalendarOverride.objects.filter(calendar_id=pk, date__year=2030, source="imported").exists()
    assert admin_client.get(response.url).status_code == 200


def test_admin_simulator_and_change_page(admin_client, calendars):
    pk = calendars["logistics"].pk
    change = admin_client.get(reverse("admin:sla_servicecalendar_change", args=[pk]))
    simulate = reverse("admin:sla_servicecalendar_simulate", args=[pk])
    assert change.status_code == 200 and simulate in change.content.decode()
    response = admin_client.post(simulate, {"start": "2026-09-30T17:00", "amount": "120", "unit": "minutes"},
                                 HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "2026-10-08" in response.content.decode()
    assert admin_client.get(reverse("admin:sla_calendarversion_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:sla_servicecalendar_add")).status_code == 403


def test_import_holidays_command(calendars):
    out = StringIO()
    call_command("import_holidays", "--year", "2031", stdout=out)
    text = out.getvalue()
    assert "2031" in text and "added" in text and "国庆节 / National Day" in text
    pk = calendars["logistics"].pk
    assert CalendarOverride.objects.filter(calendar_id=pk, date__year=2031).exists()
    out = StringIO()
    call_command("import_holidays", "--year", "2031", "--calendar", str(pk), stdout=out)
    assert " 0 added" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("import_holidays", "--year", "2031", "--calendar", str(calendars["service-center"].pk),
                     stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError):
        call_command("import_holidays", "--year", "2031", "--calendar", "999999")


def _change(admin_client, calendar, **data):
    url = reverse("admin:sla_servicecalendar_change", args=[calendar.pk])
    form = {"name": calendar.name, "is_active": "on" if calendar.is_active else "",
            "versions-TOTAL_FORMS": 0, "versions-INITIAL_FORMS": 0,
            "overrides-TOTAL_FORMS": 0, "overrides-INITIAL_FORMS": 0}
    form.update(data)
    return admin_client.post(url, {k: v for k, v in form.items() if v != ""}, follow=True)


def test_calendar_admin_saves_through_the_service(admin_client, calendars):
    from django.contrib import messages

    from sla.models import ServiceCalendar
    from sla.services.calendars import calendar_create

    cal = calendars["logistics"]
    revision = cal.revision
    assert _change(admin_client, cal, name="物流部工作时间").status_code == 200
    cal.refresh_from_db()
    assert cal.name == "物流部工作时间" and cal.revision > revision  # the service bumped it
    # A second calendar of the department may not be switched on next to the active one.
    _change(admin_client, cal, is_active="")
    spare = ServiceCalendar.objects.get(pk=cal.pk)
    assert not spare.is_active
    other = calendar_create(actor=None, system=True, name="新日历", department=cal.department,
                            weekly={"0": [["09:00", "18:00"]]}, effective_from=timezone.localdate(),
                            now=timezone.now())
    response = _change(admin_client, spare, is_active="on")
    assert any(m.level == messages.ERROR for m in response.context["messages"])
    spare.refresh_from_db()
    assert not spare.is_active and ServiceCalendar.objects.get(pk=other.pk).is_active
    assert admin_client.get(reverse("admin:sla_servicecalendar_delete", args=[cal.pk])).status_code == 403
