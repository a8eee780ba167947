"""The live-badge endpoint: fresh badges in business time for the tickets and clocks
the user may see; anything else is simply absent (nothing to probe)."""

from datetime import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from sla.models import TicketClock
from sla.views.clocks.ui import annotate_queue
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tests.sla.clock_fixtures import at, new_ticket
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_badges_for_what_the_user_sees(client, agent, other_agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(2, 10), assignee=agent)
    clock = TicketClock.objects.get(ticket=t, metric="first_response")
    client.force_login(agent)
    with translation.override("en"):
        data = client.get(f"/sla/badges/?ref=t:{t.pk}&ref=c:{clock.pk}&ref=t:999999&ref=x:1&ref=t:abc",
                          HTTP_ACCEPT_LANGUAGE="en").json()
    assert set(data) == {f"t:{t.pk}", f"c:{clock.pk}"}
    assert data[f"t:{t.pk}"]["kind"] == "breached"  # due Mon 12:00, long past
    assert data[f"t:{t.pk}"]["text"].startswith("overdue") and "business" in data[f"t:{t.pk}"]["text"]
    client.force_login(other_agent)  # not their ticket: nothing, not an error
    assert client.get(f"/sla/badges/?ref=t:{t.pk}&ref=c:{clock.pk}").json() == {}


def test_running_badge_carries_its_instants(agent, customer, category, policies):
    t = new_ticket(agent, customer, category, at(2, 10))
    row = annotate_queue(Ticket.objects.filter(pk=t.pk), at(2, 10)).get()
    request = RequestFactory().get("/")
    from sla.views.clocks.display import CalendarCache, badge

    b = badge(state=row.sla_next_state, due_at=row.sla_next_due, warn_at=row.sla_next_warn,
              calendar_id=row.sla_calendar_id, paused=False, any_clock=True, now=at(2, 10, 30), cache=CalendarCache())
    assert datetime.fromisoformat(b["due"]) == at(2, 12) and datetime.fromisoformat(b["warn"]) == at(2, 11, 30)
    html = render_to_string("sla/clocks/_badge.html", {"badge": {**b, "ref": f"t:{t.pk}"}, "request": request})
    assert f'data-sla-ref="t:{t.pk}"' in html and 'data-sla-due="2026-03-02T04:00:00+00:00"' in html
