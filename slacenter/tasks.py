from celery import shared_task
from django.utils import timezone

from .models import Heartbeat


@shared_task(name="slacenter.tasks.heartbeat", ignore_result=True)
def heartbeat():
    """Record that beat scheduled and a worker ran a task just now."""
    Heartbeat.objects.update_or_create(name="beat", defaults={"last_tick_at": timezone.now()})
