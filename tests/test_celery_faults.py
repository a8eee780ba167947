"""Celery fault settings: the SLA tasks acknowledge late and are re-queued if their
worker dies, a worker holds one message at a time, Redis gives an unacknowledged
message to another worker after a visibility timeout; and a task after a database
connection was cut runs on a fresh connection instead of failing."""

import pytest
from celery.fixups.django import DjangoWorkerFixup
from django.db import connection
from django.db import connections as db_connections

from slacenter.celery import app
from slacenter.models import Heartbeat

SLA_TASKS = ["sla.sweep", "sla.escalation_actions_apply", "sla.escalation_actions_redrive",
             "sla.notifications_dispatch", "sla.recompute_request_run", "sla.recompute_requests_redrive",
             "slacenter.tasks.heartbeat"]


def test_idempotent_tasks_acknowledge_late_and_survive_a_lost_worker(settings):
    app.loader.import_default_modules()
    for name in SLA_TASKS:
        assert app.tasks[name].acks_late, name
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    if settings.REDIS_URL:
        assert app.conf.broker_transport_options["visibility_timeout"] == settings.BROKER_VISIBILITY_TIMEOUT
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_task_after_its_connection_was_cut_runs_on_a_fresh_one(postgres_only):
    from slacenter.tasks import heartbeat

    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    other = db_connections.create_connection("default")
    try:
        with other.cursor() as cur:
            cur.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    # What the worker does before each task (Celery's Django fixup), then the task.
    fixup = DjangoWorkerFixup(app)
    fixup.on_task_prerun(sender=heartbeat)
    heartbeat.run(beat="host:1:1")
    assert Heartbeat.objects.filter(name="beat:host:1:1").exists()
