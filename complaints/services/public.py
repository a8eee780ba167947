"""The public web form: a complaint filed by the customer, matched to an existing
customer by phone where possible, on the web-form channel, acknowledged like any."""

import re

from django.db import transaction
from django.utils import timezone

from tickets.models import Customer

from ..models import Complaint
from .intake import complaint_create


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone or "")


@transaction.atomic
def public_complaint_submit(*, name: str, phone: str, category, title: str, description: str, desired_remedy: str,
                            email: str = "", order_numbers: str = "", now=None) -> Complaint:
    now = now or timezone.now()
    digits = _digits(phone)
    customer = Customer.objects.filter(phone=digits).order_by("pk").first()
    if customer is None:
        customer = Customer.objects.create(name=name.strip()[:100], phone=digits, email=email or "")
    return complaint_create(
        actor=None, system=True, customer=customer, title=title, category=category, channel="web_form",
        description=description, desired_remedy=desired_remedy, order_numbers=order_numbers, now=now,
    )
