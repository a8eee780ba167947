"""The UI extension points: a registered queue column adds a cell per row and a sort
key; a registered ticket panel renders on the detail page with its own context."""

import pytest
from django.db.models import F
from django.urls import reverse

from tickets import hooks
from tickets.services import ticket_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def hook_templates(settings, tmp_path):
    (tmp_path / "hooktest").mkdir()
    (tmp_path / "hooktest" / "cell.html").write_text('<span class="urgency-cell">U{{ ticket.urgency_key }}</span>')
    (tmp_path / "hooktest" / "panel.html").write_text('<section class="panel">Panel for {{ ticket.number }}: '
                                                      "{{ note }}</section>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]


@pytest.fixture
def column(hook_templates):
    column = hooks.QueueColumn(
        "urgency-test", "Urgency", "hooktest/cell.html",
        annotate=lambda qs, now: qs.annotate(urgency_key=F("priority") * 10),
        sort_fields={"urgency": "urgency_key"},
    )
    hooks.register_queue_column(column)
    yield column
    hooks.queue_columns.remove(column)


@pytest.fixture
def panel(hook_templates):
    panel = hooks.TicketPanel("panel-test", "hooktest/panel.html", lambda request, ticket: {"note": "<b>x</b>"})
    hooks.register_ticket_panel(panel)
    yield panel
    hooks.ticket_panels.remove(panel)


def test_queue_column_cell_and_sort(client, lead, customer, category, column):
    low = ticket_create(actor=lead, customer=customer, title="低", channel="hotline", category=category, priority=1)
    high = ticket_create(actor=lead, customer=customer, title="高", channel="hotline", category=category, priority=4)
    client.force_login(lead)
    page = client.get(reverse("tickets:workbench"), {"tab": "all", "sort": "-urgency"}).content.decode()
    assert "<th>Urgency</th>" in page and "U40" in page and "U10" in page
    assert page.index(high.number) < page.index(low.number)
    page = client.get(reverse("tickets:workbench"), {"tab": "all", "sort": "urgency"}).content.decode()
    assert page.index(low.number) < page.index(high.number)


def test_ticket_panel_renders_with_context(client, agent, customer, category, panel):
    ticket = ticket_create(actor=agent, customer=customer, title="t", channel="hotline", category=category)
    client.force_login(agent)
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert f"Panel for {ticket.number}: &lt;b&gt;x&lt;/b&gt;" in page
