"""Thin Celery tasks: ids in, a service call, idempotent."""

from celery import shared_task

from .services.outbox import message_deliver, messages_retry_due


@shared_task(name="complaints.deliver_message", ignore_result=True)
def deliver_message(message_id: int) -> None:
    message_deliver(message_id=message_id)


@shared_task(name="complaints.retry_messages", ignore_result=True)
def retry_messages() -> int:
    """Beat: deliver the failed messages whose retry time has come."""
    ids = messages_retry_due()
    for message_id in ids:
        message_deliver(message_id=message_id)
    return len(ids)


@shared_task(name="complaints.early_warning_detect", ignore_result=True)
def early_warning_detect() -> int:
    """Beat, every 5 minutes: batch early warning (idempotent per rule and window)."""
    from .services.early_warning import early_warning_detect as detect

    return len(detect())


@shared_task(name="complaints.findings_lapse", ignore_result=True)
def findings_lapse() -> int:
    """Beat: findings the department left unanswered past their deadline stand."""
    from .services.accountability import findings_lapse as lapse

    return lapse()


@shared_task(name="complaints.improvements_escalate", ignore_result=True)
def improvements_escalate() -> int:
    """Beat: overdue improvement actions escalate (once each)."""
    from .services.improvements import improvements_escalate as escalate

    return escalate()
