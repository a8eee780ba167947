"""GET /healthz: 200 when the database, the broker and beat are all alive; 503 with
the failing check named when one of them is not."""

from datetime import timedelta

import pytest
from django.utils import timezone

from slacenter.health import BEAT_STALE_AFTER
from slacenter.models import Heartbeat

pytestmark = pytest.mark.django_db


def _tick(age: timedelta) -> Heartbeat:
    return Heartbeat.objects.create(name="beat", last_tick_at=timezone.now() - age)


def test_healthy_with_a_fresh_tick(client):
    _tick(timedelta(seconds=10))
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["broker"]["ok"] and body["beat"]["ok"]
    assert 9 <= body["beat"]["age_s"] < 60


def test_stale_tick_is_503(client):
    _tick(BEAT_STALE_AFTER + timedelta(seconds=5))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["beat"]["ok"] is False
    assert body["database"]["ok"] and body["broker"]["ok"]


def test_missing_tick_is_503(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["beat"] == {"ok": False, "last_tick_at": None, "error": "no tick recorded yet"}


def test_broker_down_is_503(client, settings):
    _tick(timedelta(seconds=1))
    # Port 1 on loopback: nothing listens there, the connection is refused at once.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["broker"]["ok"] is False and body["broker"]["error"]
    assert body["database"]["ok"] and body["beat"]["ok"]


def test_only_get(client):
    assert client.post("/healthz").status_code == 405


def test_heartbeat_task_records_a_tick():
    from slacenter.tasks import heartbeat

    heartbeat()
    heartbeat()  # idempotent: one row per name
    beat = Heartbeat.objects.get(name="beat")
    assert timezone.now() - beat.last_tick_at < timedelta(seconds=5)
