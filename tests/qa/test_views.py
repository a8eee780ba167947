"""QA pages: each renders for the roles that use it, out-of-scope is 404, a refused
move comes back as a message, the scoring form posts through the services."""

import pytest
from django.test import Client

from qa.models import Evaluation
from qa.services.evaluations import evaluation_create
from qa.services.performance import performance_compute

from .conftest import NOW, PERFECT


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft(voice_card, qa_user, call):
    return evaluation_create(actor=qa_user, contact=call, now=NOW)


def test_pages_render(draft, qa_user, agent, lead, manager):
    performance_compute(actor=qa_user, month=draft.month, now=NOW)
    month = draft.month.strftime("%Y-%m")
    for user in (qa_user, lead, manager, agent):
        client = login(user)
        for url in ("/qa/", "/qa/disputes/", "/qa/calibration/", f"/qa/stars/?month={month}",
                    f"/qa/praise/?month={month}", f"/qa/performance/?month={month}"):
            response = client.get(url)
            assert response.status_code == 200, (user, url)
    assert login(qa_user).get(f"/qa/samples/?month={month}").status_code == 200
    assert login(agent).get("/qa/samples/").status_code == 404
    assert login(agent).get(f"/qa/evaluations/{draft.pk}/").status_code == 404  # a draft is not the agent's yet
    assert login(qa_user).get(f"/qa/performance/export/?month={month}").content[:2] == b"PK"


def test_scoring_form_and_dispute(draft, qa_user, agent):
    client = login(qa_user)
    form = {f"item-{k}": v for k, v in PERFECT.items()} | {"item-rude": "0", "note-rude": "辱骂", "then": "submit"}
    response = client.post(f"/qa/evaluations/{draft.pk}/save/", form)
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(pk=draft.pk)
    assert evaluation.status == "submitted" and evaluation.fatal and evaluation.answers["rude"]["note"] == "辱骂"
    page = login(agent).get(f"/qa/evaluations/{draft.pk}/")
    assert page.status_code == 200 and "move-dispute" in page.content.decode()
    refused = login(agent).post(f"/qa/evaluations/{draft.pk}/move/", {"action": "dispute", "reason": ""},
                                follow=True)
    assert refused.status_code == 200 and Evaluation.objects.get(pk=draft.pk).status == "submitted"
    login(agent).post(f"/qa/evaluations/{draft.pk}/move/", {"action": "dispute", "reason": "没有"})
    assert Evaluation.objects.get(pk=draft.pk).status == "disputed"


def test_contacts_page_imports_a_file_and_reports_bad_rows(qa_user, agent, call):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tickets.models import ContactRecord

    client = login(qa_user)
    month = call.offered_at.strftime("%Y-%m")
    page = client.get(f"/qa/contacts/?month={month}")
    assert page.status_code == 200 and "agent-figures" in page.content.decode()
    bad = SimpleUploadedFile("calls.csv", b"external_id,channel,offered_at,agent\nx1,hotline,2026-11-02 09:00,agent\n"
                                          b"x2,fax,2026-11-02 09:00,agent\n", content_type="text/csv")
    response = client.post(f"/qa/contacts/?month={month}", {"file": bad, "source": "pbx"})
    assert response.status_code == 200 and "import-errors" in response.content.decode()
    assert not ContactRecord.objects.filter(external_id="x1").exists()
    good = SimpleUploadedFile("calls.csv", b"external_id,channel,offered_at,agent\nx1,hotline,2026-11-02 09:00,agent\n",
                              content_type="text/csv")
    client.post(f"/qa/contacts/?month={month}", {"file": good, "source": "pbx"})
    assert ContactRecord.objects.filter(external_id="x1", source="pbx").exists()
    assert login(agent).get("/qa/contacts/").status_code == 200  # their own figures only


def test_lead_imports_test_and_attendance(lead, agent, other_agent, qa_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qa.models import AgentInput

    client = login(lead)
    bad = SimpleUploadedFile("in.csv", b"agent,test_score,attendance_score,absences\nagent,90,100,0\nnobody,80,90,1\n"
                             b"agent2,120,90,0\n", content_type="text/csv")
    client.post("/qa/performance/inputs-import/?month=2026-11", {"file": bad})
    assert not AgentInput.objects.exists()
    good = SimpleUploadedFile("in.csv", b"agent,test_score,attendance_score,absences\nagent,90,100,0\nagent2,80,,2\n",
                              content_type="text/csv")
    client.post("/qa/performance/inputs-import/?month=2026-11", {"file": good})
    assert AgentInput.objects.get(agent=other_agent).absences == 2
    assert str(AgentInput.objects.get(agent=agent).test_score) == "90.00"


def test_ticket_page_shows_its_contacts_and_evaluations(voice_card, qa_user, agent, manager, category, customer):
    from qa.services.evaluations import evaluation_save_draft, evaluation_transition
    from tickets.services import ticket_create

    from .conftest import make_call

    ticket = ticket_create(actor=agent, title="咨询", channel="hotline", category=category, customer=customer,
                           now=NOW)
    contact = make_call(agent, 77, ticket=ticket)
    evaluation = evaluation_create(actor=qa_user, contact=contact, now=NOW)
    evaluation_save_draft(actor=qa_user, evaluation=evaluation, answers=PERFECT, now=NOW)
    evaluation_transition(actor=qa_user, evaluation=evaluation, action="submit", now=NOW)
    page = login(manager).get(f"/tickets/{ticket.pk}/").content.decode()
    assert "qa-panel" in page and f"/qa/evaluations/{evaluation.pk}/" in page
