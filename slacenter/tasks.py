from celery import shared_task
from django.utils import timezone


@shared_task(name="slacenter.tasks.heartbeat", ignore_result=True, acks_late=True)
def heartbeat(beat=None):
    """Record that beat (the instance named `beat`) scheduled and a worker ran a task
    just now."""
    from .health import heartbeat_record

    heartbeat_record(beat=beat, now=timezone.now())
