"""Expire the agreement versions whose effective period has ended (local date).
Idempotent: run it daily (Celery beat task `sla.agreement_tasks.expire_agreements`
calls the same service); a second run the same day changes nothing."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from sla.services.agreements import agreements_expire


class Command(BaseCommand):
    help = "Expire internal agreements whose effective period has ended."

    def handle(self, *args, **options):
        count = agreements_expire(now=timezone.now())
        self.stdout.write(f"{count} agreement version(s) expired.")
