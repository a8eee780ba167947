"""Batch early warning: the maths on fixed series, the detection run over tickets,
idempotency (twice, and concurrently on PostgreSQL)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from complaints.models import EarlyWarningAlert, EarlyWarningRule, Incident, IncidentStatus
from complaints.services.early_warning import baseline_verdict, early_warning_detect, window_end_for
from tests.factories import CategoryFactory, CustomerFactory, TicketFactory
from tickets.models import Notification

from .conftest import T0

NOW = T0 + timedelta(minutes=2)  # window end floors to T0


@pytest.mark.parametrize(("count", "history", "fires"), [
    (12, [2, 3, 2, 3], True),        # far above mean 2.5 + 3·0.5 = 4
    (4, [0, 0, 0, 0], False),        # below the minimum of 5
    (5, [0, 0, 0, 0], True),         # at the minimum, above a flat zero baseline
    (9, [1, 9, 1, 9], False),        # mean 5, σ 4: threshold 17
    (18, [1, 9, 1, 9], True),
    (6, [], True),                    # no history: the minimum alone decides
    (4, [], False),
    (5, [5], False),                  # not strictly above the one week of history
])
def test_baseline_verdict(count, history, fires):
    assert baseline_verdict(count, history, min_count=5, k=3).fires is fires


def test_verdict_figures():
    v = baseline_verdict(10, [2, 4], min_count=5, k=3)
    assert (v.mean, v.sd, v.threshold) == (3.0, 1.0, 6.0)


def test_window_end_floors_to_five_minutes():
    assert window_end_for(T0 + timedelta(minutes=4, seconds=59)) == T0
    assert window_end_for(T0 + timedelta(minutes=5)) == T0 + timedelta(minutes=5)


def _complaints(category, at, n, customer=None):
    customer = customer or CustomerFactory()
    return [TicketFactory(kind="complaint", category=category, customer=customer, created_at=at,
                          updated_at=at) for _ in range(n)]


def _history(category, weeks, per_week):
    for w in range(1, weeks + 1):
        _complaints(category, T0 - timedelta(weeks=w, minutes=30), per_week)


@pytest.fixture
def category_rule(db):
    EarlyWarningRule.objects.all().delete()
    return EarlyWarningRule.objects.create(name="by category")


def test_burst_raises_one_alert_and_a_suspected_incident(category_rule, lead, manager):
    burst = CategoryFactory(code="sku1", name="空调漏水")
    quiet = CategoryFactory(code="quiet", name="其他")
    _history(burst, 4, 1)
    _history(quiet, 4, 6)
    _complaints(burst, T0 - timedelta(minutes=20), 7)
    _complaints(quiet, T0 - timedelta(minutes=20), 7)  # its usual level (6 each week, σ 0 → 7 > 6 fires)…
    _complaints(quiet, T0 - timedelta(weeks=1, minutes=10), 3)  # …unless the weeks vary: 9,6,6,6 → σ 1.3
    alerts = early_warning_detect(now=NOW)
    assert [a.value_key for a in alerts] == [f"category:{burst.pk}"]
    alert = alerts[0]
    assert (alert.count, alert.baseline_weeks, alert.baseline_mean) == (7, 4, 1.0)
    assert alert.window_end == T0 and alert.window_start == T0 - timedelta(minutes=60)
    incident = alert.incident
    assert incident.status == IncidentStatus.SUSPECTED and incident.category == burst
    notified = set(Notification.objects.filter(key__startswith=f"incident:{incident.pk}")
                   .values_list("recipient__username", flat=True))
    assert {"lead", "manager"} <= notified


def test_too_little_history_uses_the_weeks_there_are(category_rule):
    burst = CategoryFactory(code="new", name="新品")
    _complaints(burst, T0 - timedelta(weeks=1, minutes=30), 5)  # the first complaint ever: one week of history
    _complaints(burst, T0 - timedelta(minutes=5), 5)
    assert early_warning_detect(now=NOW) == []  # 5 is not above the one week's 5
    _complaints(burst, T0 - timedelta(minutes=5), 1)
    [alert] = early_warning_detect(now=NOW)
    assert alert.baseline_weeks == 1


def test_detection_twice_is_one_alert_and_next_window_joins_the_incident(category_rule):
    burst = CategoryFactory(code="b", name="批次")
    _complaints(burst, T0 - timedelta(minutes=10), 6)
    assert len(early_warning_detect(now=NOW)) == 1
    assert early_warning_detect(now=NOW + timedelta(minutes=1)) == []
    assert EarlyWarningAlert.objects.count() == 1
    later = early_warning_detect(now=NOW + timedelta(minutes=5))
    assert len(later) == 1 and Incident.objects.count() == 1


def test_inactive_rule_and_tag_rule(db, make_complaint):
    from complaints.models import ComplaintTag

    EarlyWarningRule.objects.update(is_active=False)
    rule = EarlyWarningRule.objects.create(name="by tag", dimension="tag")
    complaints = [make_complaint(now=T0 - timedelta(minutes=15)) for _ in range(5)]
    ComplaintTag.objects.bulk_create([ComplaintTag(complaint=c, value="SKU-42", created_at=c.created_at)
                                      for c in complaints])
    [alert] = early_warning_detect(now=NOW)
    assert alert.rule == rule and alert.value_key == "tag:SKU-42" and alert.incident.tag == "SKU-42"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_raise_one_alert(postgres_only):
    EarlyWarningRule.objects.all().delete()
    EarlyWarningRule.objects.create(name="by category")
    _complaints(CategoryFactory(code="c", name="并发"), T0 - timedelta(minutes=10), 6)
    barrier, results, errors = threading.Barrier(2), [], []

    def run():
        try:
            barrier.wait()
            results.append(len(early_warning_detect(now=NOW)))
        except Exception as exc:  # noqa: BLE001 - kept for the assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [0, 1]
    assert EarlyWarningAlert.objects.count() == 1 and Incident.objects.count() == 1
