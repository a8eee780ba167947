"""Confirmed accountability findings (问责) become violations under the agreement's
confirmed-finding clause: one per finding confirmed by the head, upheld by the manager
or left unanswered past its deadline, recorded in the month; the department named by
the finding is the party, its directly responsible person (else the department's
head) pays the clause's amount; the evidence is the complaint's ticket. A finding
still disputed, or overturned, is no violation; re-runs follow the answers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from complaints.models import FindingStatus
from complaints.services.accountability import finding_decide, findings_lapse
from reports.models import AgreementClose, Violation
from reports.services import appeal_file, appeal_transition, month_close
from sla.models import PenaltyClause
from tests.factories import CategoryFactory

from .conftest import CLOSE_NOW, at, make_finding

pytestmark = pytest.mark.django_db
MARCH = date(2026, 3, 1)


@pytest.fixture
def answers(people, agent, logistics, delivery):
    return {"head": people["head"], "manager": people["manager"], "actor": agent, "category": delivery,
            "department": logistics}


def findings():
    return list(Violation.objects.filter(kind="confirmed_finding").order_by("occurred_at"))


def test_confirmed_finding_charges_the_person_or_the_head(agreement, people, logistics, answers):
    PenaltyClause.objects.filter(version=agreement, party="A", violation="confirmed_finding").update(
        amount=Decimal("800.00"))
    named = make_finding(recorded=at(3, 5), person=people["staff"], answer="confirm", **answers)
    make_finding(recorded=at(3, 6), person=None, answer="confirm", **answers)
    month_close(month=MARCH, system=True, now=CLOSE_NOW)
    got = findings()
    assert [(v.party, v.department, v.person, v.amount, v.final_amount) for v in got] == [
        ("A", logistics, people["staff"], Decimal("800.00"), Decimal("800.00")),
        ("A", logistics, people["head"], Decimal("800.00"), Decimal("800.00")),
    ]
    first = got[0]
    assert first.key == f"finding:{named.pk}" and first.ticket_id == named.complaint.ticket_id
    assert first.occurred_at == at(3, 5) and first.clause.violation == "confirmed_finding"
    assert AgreementClose.objects.get().penalty_total == Decimal("1600.00")


def test_disputed_then_overturned_is_no_violation(agreement, people, answers):
    make_finding(recorded=at(3, 5), person=people["staff"], answer="overturned", **answers)
    make_finding(recorded=at(3, 7), person=people["staff2"], answer="upheld", **answers)
    month_close(month=MARCH, system=True, now=CLOSE_NOW)
    assert [(v.person, v.amount) for v in findings()] == [(people["staff2"], Decimal("1000.00"))]


def test_rerun_follows_the_answers_and_keeps_decided_appeals(agreement, people, answers):
    from complaints.services.accountability import finding_dispute

    pending = make_finding(recorded=at(3, 5), person=people["staff"], **answers)
    confirmed = make_finding(recorded=at(3, 9), person=people["staff2"], answer="confirm", **answers)
    disputed = finding_dispute(actor=people["head"], finding=pending, reason="承运商责任", now=at(3, 6))
    month_close(month=MARCH, system=True, now=CLOSE_NOW)
    assert [v.key for v in findings()] == [f"finding:{confirmed.pk}"]  # the dispute is not decided yet
    appeal = appeal_file(actor=people["head"], violation=findings()[0], reason="顾客误解", now=CLOSE_NOW)
    appeal_transition(actor=people["manager"], appeal=appeal, action="reduce", reason="部分责任", amount="300",
                      now=CLOSE_NOW)
    finding_decide(actor=people["manager"], finding=disputed, uphold=True, reason="核实为分拣延误",
                   now=CLOSE_NOW + timedelta(hours=1))
    month_close(month=MARCH, system=True, now=CLOSE_NOW + timedelta(hours=2))
    month_close(month=MARCH, system=True, now=CLOSE_NOW + timedelta(hours=3))
    got = findings()
    assert [(v.key, v.person, v.final_amount) for v in got] == [
        (f"finding:{pending.pk}", people["staff"], Decimal("1000.00")),
        (f"finding:{confirmed.pk}", people["staff2"], Decimal("300.00")),
    ]
    assert AgreementClose.objects.get().penalty_total == Decimal("1300.00")


def test_unanswered_finding_lapses_into_a_violation(agreement, people, answers):
    finding = make_finding(recorded=at(3, 20), person=people["staff"], **answers)
    month_close(month=MARCH, system=True, now=CLOSE_NOW)
    assert findings() == []
    findings_lapse(now=at(3, 24))
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CONFIRMED
    month_close(month=MARCH, system=True, now=CLOSE_NOW)
    assert [v.person for v in findings()] == [people["staff"]]


def test_provider_findings_count_under_the_agreement_of_their_category(agreement, people, center, delivery, agent):
    """A finding against the service center (乙方) is charged under the agreement whose
    categories hold the complaint; one about another department's category is not."""
    other = CategoryFactory(code="quality", name="质量问题", name_en="Quality")
    center_answers = {"actor": agent, "department": center, "person": agent, "root_cause": "staff_attitude"}
    make_finding(recorded=at(3, 5), category=delivery, **center_answers)
    make_finding(recorded=at(3, 6), category=other, **center_answers)
    findings_lapse(now=at(3, 12))  # the center has no department head to answer: both stand
    month_close(month=MARCH, system=True, now=CLOSE_NOW)
    assert [(v.party, v.department, v.person) for v in findings()] == [("B", center, agent)]


def test_no_clause_no_violation(agreement, people, answers):
    PenaltyClause.objects.filter(version=agreement, violation="confirmed_finding").delete()
    make_finding(recorded=at(3, 5), person=people["staff"], answer="confirm", **answers)
    month_close(month=MARCH, system=True, now=CLOSE_NOW)
    assert findings() == []


def test_close_page_and_print_show_the_finding(client, agreement, people, answers):
    finding = make_finding(recorded=at(3, 5), person=people["staff"], answer="confirm", **answers)
    month_close(month=MARCH, system=True, now=CLOSE_NOW)
    close = AgreementClose.objects.get()
    client.force_login(people["head"])
    from django.urls import reverse

    page = client.get(reverse("reports:close", args=[close.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Confirmed accountability finding" in body and finding.complaint.ticket.number in body
    printed = client.get(reverse("reports:close_print", args=[close.pk])).content.decode()
    assert f"{finding.complaint.ticket.number}" in printed

