"""`notifications_create_bulk`: many notices in one go, idempotent per (recipient, key)
like `notification_send` — repeats inside the batch and keys the recipient already has
are left out, and the count says how many were inserted."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from tickets.models import Notification
from tickets.services import notification_send, notifications_create_bulk

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_bulk_is_idempotent_per_recipient_and_key(agent, lead):
    notification_send(recipient=agent, key="k1", subject="已有", now=NOW)
    later = NOW + timedelta(hours=1)
    rows = [
        (agent.pk, None, "k1", "重复的旧键", "", "", False, None),  # the recipient has it already
        (agent.pk, None, "k2", "新通知", "正文", "/tickets/1/", True, later),
        (agent.pk, None, "k2", "批内重复", "", "", False, None),  # repeats an earlier row
        (lead.pk, None, "k1", "同键不同人" + "长" * 300, "", "", False, None),
    ]
    assert notifications_create_bulk(rows, now=NOW) == 2
    assert notifications_create_bulk(rows, now=NOW) == 0
    got = {(n.recipient_id, n.key): n for n in Notification.objects.all()}
    assert set(got) == {(agent.pk, "k1"), (agent.pk, "k2"), (lead.pk, "k1")}
    assert got[(agent.pk, "k1")].subject == "已有"
    k2 = got[(agent.pk, "k2")]
    assert (k2.subject, k2.body, k2.url, k2.urgent, k2.deliver_after, k2.created_at) == (
        "新通知", "正文", "/tickets/1/", True, later, NOW)
    assert got[(lead.pk, "k1")].deliver_after == NOW  # none given: at once
    assert len(got[(lead.pk, "k1")].subject) == 200


def test_rows_as_json_are_the_same_entry(agent):
    rows_json = json.dumps([[agent.pk, None, "j1", "来自SQL", "", "", False, NOW.isoformat()]])
    assert notifications_create_bulk(rows_json=rows_json, now=NOW) == 1
    assert notifications_create_bulk(rows_json=rows_json, now=NOW) == 0
    assert Notification.objects.get(key="j1").subject == "来自SQL"
