"""Ticket lists count up to a cap ("more than 1000"), never every row of a million:
exact below the cap, `count_capped` above it, exact again for a page past the cap or
`last`; the 404 past the end and the next/previous links stay right (issue 12)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from slacenter.pagination import CappedPaginator
from tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/tickets/"
CAP = 10


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", CAP)


@pytest.fixture
def lead_api(lead):
    client = APIClient()
    client.force_login(lead)
    return client


@pytest.fixture
def tickets23(center, customer, category):
    return TicketFactory.create_batch(23, responsible_department=center, customer=customer, category=category)


def _counts(queries) -> list[str]:
    return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]


def test_count_above_the_cap_is_capped_and_bounded(small_cap, lead_api, tickets23):
    with CaptureQueriesContext(connection) as seen:
        body = lead_api.get(LIST, {"page_size": 5}).json()
    assert body["count"] == CAP and body["count_capped"] is True
    assert len(body["results"]) == 5 and body["next"] and body["previous"] is None
    # The count is the first cap + 1 ids in list order, and page 1 is read from them:
    # one query on the ticket table for both, one for the page's rows, no COUNT.
    assert not _counts(seen.captured_queries)
    on_tickets = [q["sql"] for q in seen.captured_queries if 'FROM "tickets_ticket"' in q["sql"]]
    assert len(on_tickets) == 2 and f"LIMIT {CAP + 1}" in on_tickets[0].upper()
    assert [row["id"] for row in body["results"]] == [t.pk for t in sorted(
        tickets23, key=lambda t: (t.created_at, t.pk), reverse=True)][:5]
    # The last page inside the cap still knows there is more.
    body = lead_api.get(LIST, {"page_size": 5, "page": 2}).json()
    assert body["count_capped"] is True and body["next"] and len(body["results"]) == 5


def test_page_past_the_cap_and_last_count_exactly(small_cap, lead_api, tickets23):
    body = lead_api.get(LIST, {"page_size": 5, "page": 3}).json()
    assert body["count"] == 23 and body["count_capped"] is False and len(body["results"]) == 5
    body = lead_api.get(LIST, {"page_size": 5, "page": "last"}).json()
    assert body["count"] == 23 and body["count_capped"] is False and len(body["results"]) == 3
    assert body["next"] is None and body["previous"]
    assert lead_api.get(LIST, {"page_size": 5, "page": 6}).status_code == 404
    seen = {row["number"] for page in (1, 2, 3, 4, 5)
            for row in lead_api.get(LIST, {"page_size": 5, "page": page}).json()["results"]}
    assert seen == {t.number for t in tickets23}  # capped or not, the pages cover every row once


def test_count_below_the_cap_is_exact(small_cap, lead_api, center, customer, category):
    TicketFactory.create_batch(CAP, responsible_department=center, customer=customer, category=category)
    body = lead_api.get(LIST, {"page_size": 5}).json()
    assert body["count"] == CAP and body["count_capped"] is False


def test_capped_count_respects_filters_and_scope(small_cap, tickets23, agent, center, customer, category):
    TicketFactory.create_batch(2, responsible_department=center, customer=customer, category=category,
                               assignee=agent, status="in_progress")
    client = APIClient()
    client.force_login(agent)
    body = client.get(LIST, {"assignee": "me"}).json()
    assert body["count"] == 2 and body["count_capped"] is False


def test_customer_history_is_capped_too(small_cap, lead_api, tickets23, customer):
    body = lead_api.get(f"/api/v1/customers/{customer.pk}/tickets/", {"page_size": 5}).json()
    assert body["count"] == CAP and body["count_capped"] is True


def test_schema_documents_the_capped_count():
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    ref = document["paths"]["/api/v1/tickets/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    body = document["components"]["schemas"][ref["$ref"].split("/")[-1]]
    assert body["properties"]["count_capped"]["type"] == "boolean"
    assert "count_capped" in body["required"]


def test_workbench_shows_more_than_the_cap(small_cap, monkeypatch, client, lead, tickets23):
    monkeypatch.setattr("tickets.views.queue.PAGE_SIZE", 5)
    client.force_login(lead)
    page = client.get("/tickets/?tab=all", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"More than {CAP} tickets" in page and "Page 1<" in page and "Next" in page
    page = client.get("/tickets/?tab=all&page=3", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "23 tickets" in page and "Page 3 of 5" in page  # past the cap: counted exactly
    page = client.get("/tickets/?tab=all", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert f"超过 {CAP} 条工单" in page


def test_the_capped_count_reads_rows_in_the_lists_column_order_and_drops_an_annotation_order(
        small_cap, tickets23):
    """Counted along the list's own order (the index that serves its first page), not
    from the table's oldest rows; an order on a computed annotation is not sorted for a
    count. Either way the count is the same."""
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    from tickets.models import Ticket

    by_column = CappedPaginator(Ticket.objects.order_by("-created_at", "-id"), 5)
    by_annotation = CappedPaginator(
        Ticket.objects.annotate(label=Concat(F("title"), Value("!"))).order_by("label", "-id"), 5)
    for paginator, ordered in ((by_column, True), (by_annotation, False)):
        with CaptureQueriesContext(connection) as queries:
            assert paginator.count == CAP + 1 and paginator.capped
        (count_sql,) = _counts(queries.captured_queries)
        assert ("ORDER BY" in count_sql.upper()) is ordered, count_sql


def test_a_page_of_the_api_list_keeps_its_order_across_the_two_reads(lead_api, tickets23):
    """The page's ids are read in the list's order, then their rows: the order holds."""
    every = sorted(ticket.number for ticket in tickets23)
    for ordering, expected in (("number", every[7:14]), ("-number", every[::-1][7:14])):
        rows = lead_api.get(LIST, {"ordering": ordering, "page_size": 7, "page": 2}).json()["results"]
        assert [row["number"] for row in rows] == expected
