"""FCR and CSAT come from `complaints.selectors.callback_figures_between` (counts; the
selector is replaced here by fixed counts so the arithmetic is checked by hand); major
incidents from `complaints.selectors_incidents.major_incidents` — the service center's
confirmed major incidents about the agreement's categories, over the quarter for the
criterion, one violation each in the month it was confirmed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from reports.models import CriterionResult, IndicatorResult, Violation
from reports.services import month_close
from tests.factories import CategoryFactory

from .conftest import CLOSE_NOW, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    import complaints.selectors

    calls = []

    def figures(start, end):
        calls.append((start, end))
        return {"answered": 40, "first_contact": 30, "first_contact_known": 40, "satisfied": 35,
                "unreachable": 3, "major_complaints": 1}

    monkeypatch.setattr(complaints.selectors, "callback_figures_between", figures, raising=False)
    return calls


def incident(*, department, confirmed, category, major=True, title="大促期间客服接通率骤降被媒体报道"):
    from complaints.models import Incident

    return Incident.objects.create(title=title, status="confirmed", responsible_department=department,
                                   is_major=major, category=category, opened_at=confirmed - timedelta(days=1),
                                   confirmed_at=confirmed, updated_at=confirmed)


def test_fcr_csat_and_major_incidents(agreement, people, published, center, logistics, delivery):
    other = CategoryFactory(code="payment", name="支付失败")
    incident(department=center, confirmed=at(2, 10), category=delivery)  # the quarter's: counts, charged in Feb
    incident(department=center, confirmed=at(3, 12), category=delivery)
    incident(department=center, confirmed=at(3, 13), category=other)  # another agreement's
    incident(department=center, confirmed=at(3, 14), category=delivery, major=False)
    incident(department=logistics, confirmed=at(3, 15), category=delivery)  # not service-caused
    month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    csat = IndicatorResult.objects.get(metric="csat")
    assert (csat.numerator, csat.denominator, csat.actual, csat.met) == (35, 40, Decimal("87.5000"), False)
    incidents = IndicatorResult.objects.get(metric="major_incidents")
    assert (incidents.actual, incidents.met) == (Decimal("2.0000"), False)  # March ends the quarter
    assert [e["label"] for e in incidents.evidence] == ["大促期间客服接通率骤降被媒体报道"] * 2
    crit = CriterionResult.objects.get(code="major_incidents")
    assert (crit.actual, crit.met) == (Decimal("2.0000"), False)
    # Party B misses CSAT (87.5 % < 90 %) and the quarter's major incidents (two missed
    # indicators), and the major-incident clause charges March's incident to the center's head.
    b_side = Violation.objects.filter(party="B").order_by("kind", "key")
    assert [(v.kind, v.amount, v.person) for v in b_side] == [
        ("major_incident", Decimal("1000.00"), people["manager"]),
        ("missed_indicator", Decimal("1000.00"), people["manager"]),
        ("missed_indicator", Decimal("1000.00"), people["manager"])]
    assert b_side[0].occurred_at == at(3, 12) and b_side[0].department == center


def test_a_failing_source_leaves_its_figures_unmeasured(agreement, people, monkeypatch):
    from django.core.exceptions import FieldError

    import complaints.selectors

    def broken(start, end):
        raise FieldError("contract broken")

    monkeypatch.setattr(complaints.selectors, "callback_figures_between", broken, raising=False)
    month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    csat = IndicatorResult.objects.get(metric="csat")
    assert csat.met is None and csat.note
    assert not Violation.objects.filter(party="B").exists()


def test_kpi_shows_fcr_and_csat(client, manager, published):
    from django.urls import reverse

    client.force_login(manager)
    loop = client.get(reverse("reports:kpi", args=["2026-03"])).context["figures"]["current"]["loop"]
    assert (loop["fcr"], loop["csat"]) == (Decimal("75.0000"), Decimal("87.5000"))
    assert "major" not in loop  # major incidents come from the incidents, never from the callbacks
