"""PostgreSQL plans a statement the app repeats once per connection, not per request
(slacenter/settings.py, README `DB_PREPARE_THRESHOLD`)."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import TicketFactory
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def prepared_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        return cursor.fetchone()[0]


def test_a_repeated_read_is_prepared_and_still_answers_for_each_parameter(postgres_only):
    tickets = TicketFactory.create_batch(3)
    threshold = settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"]
    before = prepared_count()
    for _ in range(threshold + 1):
        for ticket in tickets:
            assert Ticket.objects.get(pk=ticket.pk).number == ticket.number  # each its own row
    assert prepared_count() > before
    assert not Ticket.objects.filter(pk=-1).exists()


def settings_options(**env) -> dict:
    code = ("import json, django; django.setup(); from django.conf import settings; "
            "o = settings.DATABASES['default']['OPTIONS']; "
            "print(json.dumps({k: o.get(k) for k in ('server_side_binding', 'prepare_threshold')}))")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "slacenter.settings",
                   "DATABASE_URL": "postgresql://u@127.0.0.1:5432/x", **env}
    out = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.django_db(databases=[])
def test_prepared_statements_can_be_turned_off_for_a_pooler():
    assert settings_options() == {"server_side_binding": True, "prepare_threshold": 5}
    assert settings_options(DB_PREPARE_THRESHOLD="off") == {"server_side_binding": True, "prepare_threshold": None}
    assert settings_options(DB_PREPARE_THRESHOLD="2")["prepare_threshold"] == 2
