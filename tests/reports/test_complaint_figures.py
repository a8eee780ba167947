"""FCR, CSAT and major incidents come from `complaints.selectors.callback_figures_between`
(counts); the close turns them into rates against the sample agreement's targets, and
the quarter criterion counts major complaints over the quarter. The selector is
replaced here by fixed counts so the arithmetic is checked by hand."""

from datetime import date
from decimal import Decimal

import pytest

from reports.models import CriterionResult, IndicatorResult, Violation
from reports.services import month_close

from .conftest import CLOSE_NOW

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


def test_fcr_csat_and_major_incidents(agreement, people, published):
    month_close(month=date(2026, 3, 1), system=True, now=CLOSE_NOW)
    csat = IndicatorResult.objects.get(metric="csat")
    assert (csat.numerator, csat.denominator, csat.actual, csat.met) == (35, 40, Decimal("87.5000"), False)
    incidents = IndicatorResult.objects.get(metric="major_incidents")
    assert (incidents.actual, incidents.met) == (Decimal("1.0000"), False)  # March ends the quarter
    crit = CriterionResult.objects.get(code="major_incidents")
    assert crit.met is False
    # Party B misses CSAT (87.5 % < 90 %) and the quarter's major incidents: two ¥1,000 penalties
    # (missed indicator, and the major-incident clause for the incident).
    b_side = Violation.objects.filter(party="B").order_by("kind", "key")
    assert [(v.kind, v.amount) for v in b_side] == [("major_incident", Decimal("1000.00")),
                                                    ("missed_indicator", Decimal("1000.00")),
                                                    ("missed_indicator", Decimal("1000.00"))]


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
