"""GET /healthz: 200 when the database, the broker and beat are all alive; 503 with
the failing check named when one of them is not. Each check is bounded in time,
beat's staleness follows its schedule, and two beats at once are reported."""

import socket
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from slacenter.health import beat_stale_after, heartbeat_record
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
    _tick(beat_stale_after() + timedelta(seconds=5))
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


def test_staleness_follows_the_heartbeat_schedule(client, settings):
    settings.HEARTBEAT_SECONDS = 10
    assert beat_stale_after() == timedelta(seconds=30)
    _tick(timedelta(seconds=25))
    assert client.get("/healthz").status_code == 200
    Heartbeat.objects.update(last_tick_at=timezone.now() - timedelta(seconds=35))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["beat"]["error"] == "beat is stale"


def test_broker_that_does_not_answer_is_down_within_the_bound(client, settings):
    _tick(timedelta(seconds=1))
    # A socket that accepts connections and never answers: a hung broker.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
    try:
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
    assert elapsed < 1.5


def test_two_beats_ticking_at_once_are_reported(client):
    now = timezone.now()
    heartbeat_record(beat="host:1:100", now=now - timedelta(seconds=20))
    heartbeat_record(beat="host:2:105", now=now - timedelta(seconds=15))
    heartbeat_record(beat="host:1:100", now=now - timedelta(seconds=5))  # the first goes on ticking
    response = client.get("/healthz")
    assert response.status_code == 503
    beat = response.json()["beat"]
    assert beat["error"] == "2 beat processes are running at once"
    assert beat["instances"] == ["host:1:100", "host:2:105"]


def test_a_restarted_beat_is_not_two_beats(client):
    now = timezone.now()
    heartbeat_record(beat="host:1:100", now=now - timedelta(seconds=40))
    heartbeat_record(beat="host:1:100", now=now - timedelta(seconds=30))  # its last tick, then it stops
    heartbeat_record(beat="host:2:200", now=now - timedelta(seconds=20))  # the restarted one
    heartbeat_record(beat="host:2:200", now=now - timedelta(seconds=5))
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["beat"]["ok"] is True
