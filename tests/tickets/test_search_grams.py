"""Ticket search through the bigram GIN index (migration tickets 0007, issue 12): the
same tickets as plain LIKE '%term%' — two-character Chinese words, one character, Latin
in any case, a number's tail, the customer as masking allows, % and _ taken literally —
and PostgreSQL can answer the term from the index. On SQLite the migration does
nothing and the search is the plain one."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.factories import CustomerFactory, TicketFactory
from tickets.models import Ticket
from tickets.search import TicketGramsContain, ticket_search_q

pytestmark = pytest.mark.django_db

LIST = "/api/v1/tickets/"


@pytest.fixture
def corpus(center, customer, category):
    base = {"responsible_department": center, "customer": customer, "category": category}
    return {
        "refund_title": TicketFactory(title="客户申请退款进度查询", **base),
        "refund_text": TicketFactory(title="订单问题", description="已经等了三天，退款还没到账", **base),
        "split": TicketFactory(title="退货", description="款式不对", **base),  # 退 … 款, never 退款
        "latin": TicketFactory(title="Order ABC-42 lost", description="carrier said DELIVERED", **base),
        "percent": TicketFactory(title="打折 50% 没生效", **base),
        "vip": TicketFactory(title="普通咨询", customer=CustomerFactory(name="王晓明"),
                             responsible_department=center, category=category),
    }


def _search(client, term, **params):
    response = client.get(LIST, {"q": term, "page_size": 100, **params})
    assert response.status_code == 200, response.content
    return {row["number"] for row in response.json()["results"]}


@pytest.fixture
def api(lead):
    client = APIClient()
    client.force_login(lead)
    return client


def test_search_finds_exactly_what_like_finds(api, corpus):
    t = {k: v.number for k, v in corpus.items()}
    assert _search(api, "退款") == {t["refund_title"], t["refund_text"]}  # two characters, title or description
    assert _search(api, "退款进度") == {t["refund_title"]}
    assert _search(api, "款") == {t["refund_title"], t["refund_text"], t["split"]}  # one character: no bigram
    assert _search(api, "abc-42") == {t["latin"]}  # any case
    assert _search(api, "delivered") == {t["latin"]}
    assert _search(api, "50%") == {t["percent"]}  # % is a character, not a wildcard
    assert _search(api, "5_%") == set()
    assert _search(api, "晓明") == {t["vip"]}  # the customer's name
    tail = corpus["latin"].number[-5:]
    assert t["latin"] in _search(api, tail)  # a number's tail


def test_search_matches_the_plain_like_rule(monkeypatch, lead, corpus):
    """The grams pre-filter never changes the result: same ids as the plain conditions."""
    import tickets.search as search

    TicketFactory(title="尾字A", description="B开头")  # "AB" only across two fields: no match
    for term in ("退款", "款式", "Order", "50%", "王晓明", "zz", "ab", "AB", "A B", "5_", "d "):
        fast = set(Ticket.objects.filter(ticket_search_q(lead, term)).values_list("pk", flat=True))
        monkeypatch.setattr(search, "connection", SimpleNamespace(vendor="sqlite"))
        plain = set(Ticket.objects.filter(ticket_search_q(lead, term)).values_list("pk", flat=True))
        monkeypatch.undo()
        assert fast == plain, term


def test_postgres_answers_the_term_from_the_grams_index(postgres_only, corpus):
    qs = Ticket.objects.filter(TicketGramsContain("退款")).order_by().values("pk")
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT tickets_grams('退款'), tickets_grams('a'), tickets_grams('aBc')")
        grams = cursor.fetchone()
    assert "ticket_search_grams_idx" in plan, plan
    assert grams == (["退款"], [], ["AB", "BC"])


def test_postgres_reads_the_index_even_on_a_small_table_with_statistics(postgres_only, corpus):
    """Computing a ticket's bigrams is priced (migration 0009) so that the planner reads the
    index instead of computing them for every row of a few thousand tickets."""
    TicketFactory.create_batch(150, title="配送地址修改", description="客户来电要求修改配送地址，订单尚未出库。" * 5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tickets_ticket")
        sql, params = Ticket.objects.filter(TicketGramsContain("退款")).order_by().values("pk").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "ticket_search_grams_idx" in plan, plan
    assert "Seq Scan" not in plan, plan


def test_migration_does_nothing_on_sqlite():
    migration = importlib.import_module("tickets.migrations.0007_ticket_search_grams")
    ran = []
    editor = SimpleNamespace(connection=SimpleNamespace(vendor="sqlite"), execute=ran.append)
    migration.forward(None, editor)
    migration.backward(None, editor)
    assert ran == []
    editor.connection.vendor = "postgresql"
    migration.forward(None, editor)
    assert "USING gin (tickets_ticket_grams(number, title, description))" in ran[0]
