"""The joint consultation pages: the panel on the complaint's ticket page (convene,
answer, conclude), the scoped list, refusals shown as messages, Chinese and English."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.models import Consultation, ConsultationStatus
from tests.factories import DepartmentFactory, make_staff
from tickets.models import Role
from tickets.services import ticket_assign


def browser(user, language="zh-hans"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def complaint(make_complaint, lead, agent):
    complaint = make_complaint(now=timezone.now() - timedelta(hours=1))
    ticket_assign(ticket=complaint.ticket, actor=lead, assignee=agent)
    return complaint


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_convene_answer_conclude_on_the_ticket_page(complaint, agent, lead, logistics, merchandise,
                                                    merchandise_staff):
    page = reverse("tickets:detail", args=[complaint.ticket_id])
    html = browser(agent).get(page).content.decode()
    assert 'data-testid="consultation-convene-form"' in html and "发起联合会诊" in html
    assert browser(merchandise_staff).get(page).status_code == 404  # not invited yet

    r = browser(agent).post(reverse("complaints:consultation_convene", args=[complaint.pk]), {
        "convene-departments": [logistics.pk, merchandise.pk], "convene-question": "为何反复延误？",
        "convene-deadline": local(timezone.now() + timedelta(days=2))})
    assert r.status_code == 302 and r["Location"].endswith("#consultations")
    consultation = Consultation.objects.get()
    assert consultation.invites.count() == 2

    # A member of an invited department sees the ticket, the question and their answer form.
    html = browser(merchandise_staff).get(page).content.decode()
    assert "为何反复延误？" in html and html.count('data-testid="invite-answer-form"') == 1
    invite = consultation.invites.get(department=merchandise)
    browser(merchandise_staff).post(reverse("complaints:consultation_answer", args=[invite.pk]),
                                    {"findings": "包装合格，非商品问题"})
    invite.refresh_from_db()
    assert invite.findings == "包装合格，非商品问题"
    assert "包装合格，非商品问题" in browser(lead).get(page).content.decode()

    # The list: the lead sees it open; the department sees the ones it is invited to.
    rows = browser(merchandise_staff).get(reverse("complaints:consultations") + "?status=open").content.decode()
    assert complaint.ticket.number in rows

    html = browser(lead, "en").get(page).content.decode()
    assert "Record the conclusion" in html and "Joint consultation" in html
    r = browser(lead).post(reverse("complaints:consultation_conclude", args=[consultation.pk]), {
        "owning_department": logistics.pk, "cause": "承运商运力不足", "action_plan": "更换承运商"})
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CONCLUDED
    assert browser(merchandise_staff).get(page).status_code == 404
    assert complaint.ticket.number not in browser(merchandise_staff).get(
        reverse("complaints:consultations")).content.decode()
    assert complaint.ticket.number in browser(lead).get(
        reverse("complaints:consultations") + "?status=concluded").content.decode()


def test_refusals_are_messages_and_nothing_is_saved(complaint, agent, other_agent, logistics, merchandise):
    url = reverse("complaints:consultation_convene", args=[complaint.pk])
    past = {"convene-departments": [logistics.pk], "convene-question": "原因？",
            "convene-deadline": local(timezone.now() - timedelta(hours=1))}
    r = browser(agent).post(url, past, follow=True)
    assert r.status_code == 200 and "期限必须晚于现在" in r.content.decode()
    r = browser(agent).post(url, {**past, "convene-departments": []}, follow=True)
    assert r.status_code == 200
    r = browser(other_agent).post(url, {**past, "convene-deadline": local(timezone.now() + timedelta(days=1))},
                                  follow=True)
    assert r.status_code in (200, 404)
    assert not Consultation.objects.exists()
    assert browser(agent).post(reverse("complaints:consultation_conclude", args=[987654]), {}).status_code == 404
    assert browser(agent).post(reverse("complaints:consultation_answer", args=[987654]), {}).status_code == 404


def test_a_department_not_invited_sees_nothing(complaint, lead, logistics):
    finance = DepartmentFactory(code="finance", name="财务部", name_en="Finance")
    finance_head = make_staff(Role.DEPT_HEAD, finance, username="finance_head")
    from complaints.services.consultations import consultation_convene

    consultation = consultation_convene(actor=lead, ticket=complaint.ticket, departments=[logistics],
                                        question="秘密问题", deadline=timezone.now() + timedelta(days=1))
    html = browser(finance_head).get(reverse("complaints:consultations")).content.decode()
    assert "秘密问题" not in html and complaint.ticket.number not in html
    invite = consultation.invites.get()
    assert browser(finance_head).post(reverse("complaints:consultation_answer", args=[invite.pk]),
                                      {"findings": "x"}).status_code == 404
    assert browser(finance_head).post(reverse("complaints:consultation_conclude", args=[consultation.pk]),
                                      {}).status_code == 404
