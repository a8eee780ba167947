"""The Celery application. Settings come from Django's settings under the `CELERY_`
namespace; tasks are found in each app's `tasks.py`."""

import os

from celery import Celery
from celery.signals import beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "slacenter.settings")

app = Celery("slacenter")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def _heartbeat_at_start(sender=None, **kwargs):
    """Beat sends its first heartbeat when it starts rather than one interval later, so
    /healthz is healthy as soon as a worker has run it (a fresh `make run` waits no
    HEARTBEAT_SECONDS for nothing). An extra tick is harmless: the task is idempotent."""
    from django.conf import settings

    app.send_task("slacenter.tasks.heartbeat", kwargs={"beat": settings.BEAT_INSTANCE})
