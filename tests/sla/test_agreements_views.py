"""Agreement pages: scoping (404 outside the parties), the draft → sign → active path
through the browser, refusals shown as form errors, and the printable agreement in
both languages."""

from datetime import date
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from sla.models import AgreementStatus, AgreementVersion
from sla.services.agreements import agreement_submit
from tests.sla.agreement_helpers import make_active, make_calendar, make_draft, make_head

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar(center):
    return make_calendar()


@pytest.fixture
def merchandise_head(merchandise):
    return make_head(merchandise)


@pytest.fixture
def active(manager, merchandise_head, merchandise, center, calendar):
    return make_active(manager=manager, head=merchandise_head, clients=[merchandise], provider=center,
                       calendar=calendar)


def _get(client, user, name, *args, lang="en"):
    client.force_login(user)
    client.cookies["django_language"] = lang
    return client.get(reverse(name, args=args), HTTP_ACCEPT_LANGUAGE=lang)


def test_list_and_detail_for_party_and_center(client, active, merchandise_staff, agent):
    for user in (merchandise_staff, agent):
        response = _get(client, user, "sla:agreement_list")
        assert response.status_code == 200
        assert active.agreement.code in response.content.decode()
        assert _get(client, user, "sla:agreement_version", active.pk).status_code == 200


def test_other_department_gets_404(client, active, logistics_staff):
    assert active.agreement.code not in _get(client, logistics_staff, "sla:agreement_list").content.decode()
    for name in ("sla:agreement_version", "sla:agreement_print"):
        assert _get(client, logistics_staff, name, active.pk).status_code == 404
    assert _get(client, logistics_staff, "sla:agreement_detail", active.agreement.pk).status_code == 404
    client.force_login(logistics_staff)
    url = reverse("sla:agreement_command", args=[active.pk, "terminate"])
    assert client.post(url, {"reason": "x"}).status_code == 404


def test_list_query_count_is_constant(client, django_assert_max_num_queries, manager, merchandise_head, merchandise,
                                      center, calendar, logistics):
    make_active(manager=manager, head=merchandise_head, clients=[merchandise], provider=center, calendar=calendar)
    client.force_login(manager)
    url = reverse("sla:agreement_list")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for i in range(3):
        make_draft(actor=manager, clients=[logistics], provider=center, calendar=calendar,
                   effective_from=date(2027 + i, 1, 1), title=f"物流协议{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_browser_path_create_fill_submit_sign(client, manager, merchandise_head, merchandise, center, calendar):
    client.force_login(manager)
    response = client.post(reverse("sla:agreement_new"), {
        "title": "商品部SLA", "client_departments": [merchandise.pk], "provider": center.pk,
        "effective_from": "2026-04-01", "calendar": calendar.pk, "channels": ["hotline"],
    })
    version = AgreementVersion.objects.get()
    assert response.status_code == 302 and response.url == reverse("sla:agreement_edit", args=[version.pk])
    add = lambda part, data: client.post(reverse("sla:agreement_part_add", args=[version.pk, part]), data)  # noqa: E731
    assert add("indicators", {"ind-name": "回复及时率", "ind-metric": "department_reply_timeliness",
                              "ind-comparator": ">=", "ind-target": "95", "ind-unit": "%", "ind-period": "month",
                              "ind-responsible_party": "A"}).status_code == 302
    assert add("penalties", {"pen-party": "A", "pen-violation": "missed_indicator", "pen-amount": "1000",
                             "pen-payer": "responsible_person"}).status_code == 302
    assert add("items", {"item-title": "商品咨询"}).status_code == 302
    bad = add("indicators", {"ind-name": "x", "ind-metric": "nope"})
    assert bad.status_code == 400 and 'data-testid="error"' in bad.content.decode()
    command = lambda user, action: (client.force_login(user),  # noqa: E731
                                    client.post(reverse("sla:agreement_command", args=[version.pk, action])))[1]
    assert command(manager, "submit").status_code == 302
    page = _get(client, merchandise_head, "sla:agreement_version", version.pk).content.decode()
    assert 'data-testid="sign"' in page
    assert command(merchandise_head, "sign").status_code == 302
    refused = command(merchandise_head, "sign")
    assert refused.status_code == 409
    assert command(manager, "sign").status_code == 302
    version.refresh_from_db()
    assert version.status == AgreementStatus.ACTIVE


def test_sign_button_only_for_a_head_who_may_sign(client, manager, merchandise_staff, merchandise, center, calendar):
    version = make_draft(actor=manager, clients=[merchandise], provider=center, calendar=calendar)
    agreement_submit(version=version, actor=manager, now=version.created_at)
    page = _get(client, merchandise_staff, "sla:agreement_version", version.pk).content.decode()
    assert 'data-testid="sign"' not in page
    client.force_login(merchandise_staff)
    response = client.post(reverse("sla:agreement_command", args=[version.pk, "sign"]))
    assert response.status_code == 403


def test_amend_from_the_page_opens_the_new_draft(client, active, manager):
    client.force_login(manager)
    response = client.post(reverse("sla:agreement_command", args=[active.pk, "amend"]))
    amendment = AgreementVersion.objects.get(amended_from=active)
    assert response.url == reverse("sla:agreement_edit", args=[amendment.pk])
    page = _get(client, manager, "sla:agreement_version", active.pk).content.decode()
    assert reverse("sla:agreement_version", args=[amendment.pk]) in page  # version history links


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh-hans", ["一、", "四、", "十二、", "星期一", "商品部"]),
    ("en", ["1. ", "4. ", "12. ", "Monday – Friday: 09:00–12:00, 13:30–18:00", "Merchandise"]),
])
def test_print_view_in_both_languages(client, active, manager, lang, expected):
    response = _get(client, manager, "sla:agreement_print", active.pk, lang=lang)
    body = response.content.decode()
    assert response.status_code == 200
    # Print styles live in app.css (no inline <style> under the CSP): the page links it,
    # and its print rules hide the tools and lay the agreement out on A4.
    assert "css/app.css" in body and "data-print" in body and 'class="agreement-doc"' in body
    css = Path(finders.find("css/app.css")).read_text()
    print_rules = css[css.index("@media print"):]
    assert ".doc-tools" in print_rules.split("}")[0] and "size: A4" in print_rules
    for text in expected:
        assert text in body, text
    with translation.override(lang):
        assert active.title in body


def test_edit_refused_once_submitted(client, manager, merchandise, center, calendar):
    version = make_draft(actor=manager, clients=[merchandise], provider=center, calendar=calendar)
    agreement_submit(version=version, actor=manager, now=version.created_at)
    client.force_login(manager)
    response = client.post(reverse("sla:agreement_edit", args=[version.pk]), {"title": "改"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.title != "改"
