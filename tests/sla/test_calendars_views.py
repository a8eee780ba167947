"""Calendar pages render in both languages for the roles that see them; edits are
for service managers and admins only; out-of-scope calendars are 404."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from sla.models import CalendarOverride
from sla.services.calendars import calendar_default_for_department
from tests.factories import make_staff
from tickets.models import Role

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def calendars(center, logistics, merchandise):
    now = timezone.now()
    return {d.code: calendar_default_for_department(department=d, now=now) for d in (center, logistics, merchandise)}


def _get(client, user, url, lang="zh-hans"):
    client.force_login(user)
    return client.get(url, HTTP_ACCEPT_LANGUAGE=lang)


@pytest.mark.parametrize("lang, word", [("zh-hans", "国庆节"), ("en", "National Day")])
def test_detail_renders_holidays_in_both_languages(client, manager, calendars, lang, word):
    url = reverse("sla:calendar_detail", args=[calendars["logistics"].pk]) + "?year=2026"
    calendar = calendars["logistics"]
    from sla.services.calendars import calendar_import_statutory

    calendar_import_statutory(actor=None, system=True,
                              calendar=calendar, year=2026, now=datetime(2026, 1, 1, tzinfo=SH))
    response = _get(client, manager, url, lang)
    assert response.status_code == 200
    body = response.content.decode()
    assert word in body
    assert 'class="makeup_workday' in body and 'class="holiday' in body
    assert reverse("sla:calendar_hours", args=[calendar.pk]) in body  # managers edit


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_list_and_simulator_render(client, agent, calendars, lang):
    response = _get(client, agent, reverse("sla:calendar_list"), lang)
    assert response.status_code == 200
    calendar = calendars["logistics"]
    assert (calendar.name_en if lang == "en" else calendar.name) in response.content.decode()
    response = _get(client, agent, reverse("sla:calendar_simulate", args=[calendars["logistics"].pk]), lang)
    assert response.status_code == 200


def test_agent_cannot_open_edit_pages(client, agent, calendars):
    pk = calendars["logistics"].pk
    for name in ("calendar_hours", "calendar_override_add", "calendar_import"):
        assert _get(client, agent, reverse(f"sla:{name}", args=[pk])).status_code == 403
    detail = _get(client, agent, reverse("sla:calendar_detail", args=[pk])).content.decode()
    assert reverse("sla:calendar_hours", args=[pk]) not in detail


def test_department_head_sees_own_and_center_calendar_only(client, logistics, calendars):
    head = make_staff(Role.DEPT_HEAD, logistics, username="head")
    assert _get(client, head, reverse("sla:calendar_detail", args=[calendars["logistics"].pk])).status_code == 200
    assert _get(client, head, reverse("sla:calendar_detail", args=[calendars["service-center"].pk])).status_code == 200
    other = calendars["merchandise"].pk
    assert _get(client, head, reverse("sla:calendar_detail", args=[other])).status_code == 404
    assert _get(client, head, reverse("sla:calendar_simulate", args=[other])).status_code == 404
    listed = _get(client, head, reverse("sla:calendar_list")).content.decode()
    assert calendars["merchandise"].name not in listed and calendars["logistics"].name in listed


def test_simulator_htmx_answers_with_the_explanation(client, agent, calendars):
    client.force_login(agent)
    url = reverse("sla:calendar_simulate", args=[calendars["logistics"].pk])
    response = client.post(url, {"start": "2026-09-30T17:00", "amount": "2", "unit": "hours"},
                           HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body  # the partial only
    assert "2026-10-08" in body and "National Day" in body


def test_simulator_form_errors_are_400_not_500(client, agent, calendars):
    client.force_login(agent)
    url = reverse("sla:calendar_simulate", args=[calendars["logistics"].pk])
    response = client.post(url, {"start": "yesterday", "amount": "-5", "unit": "hours"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400


def test_manager_edits_hours_and_overrides_through_the_pages(client, manager, calendars):
    calendar = calendars["logistics"]
    client.force_login(manager)
    today = timezone.localdate()
    form = {f"day_{d}": "10:00-16:00" for d in range(5)} | {"effective_from": today.isoformat(), "note": "x"}
    response = client.post(reverse("sla:calendar_hours", args=[calendar.pk]), form)
    assert response.status_code == 302
    assert calendar.versions.get(effective_from=today).weekly["0"] == [["10:00", "16:00"]]
    bad = form | {"day_0": "10:00-12:00, 11:00-13:00"}
    response = client.post(reverse("sla:calendar_hours", args=[calendar.pk]), bad | {"effective_from": "2030-01-01"})
    assert response.status_code == 400 and "overlap" in response.content.decode()
    past = form | {"effective_from": "2001-01-01"}
    assert client.post(reverse("sla:calendar_hours", args=[calendar.pk]), past).status_code == 400

    day = "2030-03-03"
    response = client.post(reverse("sla:calendar_override_add", args=[calendar.pk]),
                           {"date": day, "kind": "shortened", "hours": "09:00-12:00", "name": "年会"})
    assert response.status_code == 302
    assert CalendarOverride.objects.get(calendar=calendar, date=day).hours == [["09:00", "12:00"]]
    response = client.post(reverse("sla:calendar_override_delete", args=[calendar.pk, day]))
    assert response.status_code == 302
    assert not CalendarOverride.objects.filter(calendar=calendar, date=day).exists()


def test_import_page_shows_the_review_list(client, manager, calendars):
    client.force_login(manager)
    url = reverse("sla:calendar_import", args=[calendars["logistics"].pk])
    response = client.post(url, {"year": "2027"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="import-summary"' in body and "National Day" in body
    center = calendars["service-center"]
    response = client.post(reverse("sla:calendar_import", args=[center.pk]), {"year": "2027"})
    assert response.status_code == 400  # the center works through holidays
