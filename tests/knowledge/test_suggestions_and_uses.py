"""Suggestions on a ticket (category first, then text, then usage) and "mark as used"
(once per article, ticket and agent; counted; an event on the ticket; ranked)."""

from datetime import timedelta

import pytest

from knowledge.models import Article, ArticleUse
from knowledge.selectors import ticket_suggestions, usage_ranking, used_on_ticket
from knowledge.services import USED_EVENT, article_mark_used
from slacenter.errors import DomainError
from tests.factories import make_staff
from tickets.models import Role, TicketEvent
from tickets.services import ticket_create

from .conftest import NOW, write

pytestmark = pytest.mark.django_db


def test_same_category_first_then_text_then_usage(agent, articles, refund_ticket, tree, lead):
    rows = ticket_suggestions(agent, refund_ticket)
    # Both refund-delay articles come first (the ticket's category), the one whose
    # text matches the ticket better ahead; the draft is never suggested.
    assert [a.category_rank for a in rows[:2]] == [2, 2]
    assert {a.pk for a in rows[:2]} == {articles["refund_time"].pk, articles["refund_check"].pk}
    assert rows[0].relevance >= rows[1].relevance > 0
    assert articles["draft"].pk not in [a.pk for a in rows]
    # Usage breaks a tie between equally relevant articles of the same category.
    original = articles["refund_check"]
    twin = write(lead, original.title, original.body, [tree["refund-delay"]])
    Article.objects.filter(pk=twin.pk).update(use_count=5)
    order = [a.pk for a in ticket_suggestions(agent, refund_ticket)]
    assert order.index(twin.pk) == order.index(articles["refund_check"].pk) - 1


def test_a_parent_category_counts_less_than_the_ticket_category(agent, articles, customer, tree, lead):
    parent_article = write(lead, "退款类问题总览", "各类退款问题的处理入口。", [tree["refund"]])
    ticket = ticket_create(actor=agent, customer=customer, title="发票抬头写错了", channel="hotline",
                           category=tree["invoice"], assignee=agent)
    rows = ticket_suggestions(agent, ticket)
    assert rows[0].pk == articles["invoice"].pk and rows[0].category_rank == 2
    assert {a.pk: a.category_rank for a in rows}[parent_article.pk] == 1


def test_text_alone_suggests_an_article_of_another_category(agent, articles, customer, tree):
    ticket = ticket_create(actor=agent, customer=customer, title="金卡会员权益问题", channel="hotline",
                           category=tree["late"], assignee=agent)
    rows = ticket_suggestions(agent, ticket)
    assert rows[0].pk == articles["late"].pk  # its category first
    assert articles["membership"].pk in [a.pk for a in rows]  # then the text match


def test_no_suggestions_for_a_ticket_out_of_scope_or_a_user_without_role(articles, refund_ticket, other_agent,
                                                                          merchandise_staff):
    from django.contrib.auth import get_user_model

    # The ticket is assigned to `agent`: the other agent does not see it.
    assert ticket_suggestions(other_agent, refund_ticket) == []
    assert ticket_suggestions(merchandise_staff, refund_ticket) == []
    assert ticket_suggestions(get_user_model().objects.create_user("norole"), refund_ticket) == []


def test_mark_used_is_idempotent_per_agent_and_ticket(agent, lead, articles, refund_ticket):
    article = articles["refund_time"]
    use, created = article_mark_used(actor=agent, article=article, ticket=refund_ticket, now=NOW)
    again, created_again = article_mark_used(actor=agent, article=article, ticket=refund_ticket, now=NOW)
    assert created and not created_again and again.pk == use.pk
    assert ArticleUse.objects.count() == 1
    assert Article.objects.get(pk=article.pk).use_count == 1
    events = TicketEvent.objects.filter(ticket=refund_ticket, kind=USED_EVENT)
    assert events.count() == 1 and events.get().data == {"article": article.pk, "title": article.title}
    assert used_on_ticket(agent, refund_ticket) == {article.pk}
    # Another person on the same ticket is another use.
    article_mark_used(actor=lead, article=article, ticket=refund_ticket, now=NOW)
    assert Article.objects.get(pk=article.pk).use_count == 2
    assert used_on_ticket(agent, refund_ticket) == {article.pk}


def test_mark_used_refusals(agent, other_agent, lead, logistics_staff, articles, refund_ticket):
    with pytest.raises(DomainError) as refused:
        article_mark_used(actor=lead, article=articles["draft"], ticket=refund_ticket, now=NOW)
    assert refused.value.status == 409
    with pytest.raises(DomainError) as refused:
        article_mark_used(actor=other_agent, article=articles["late"], ticket=refund_ticket, now=NOW)
    assert refused.value.status == 404  # a ticket the agent does not see
    with pytest.raises(DomainError) as refused:
        article_mark_used(actor=logistics_staff, article=articles["late"], ticket=refund_ticket, now=NOW)
    assert refused.value.status == 403
    assert ArticleUse.objects.count() == 0


def test_usage_ranks_articles_in_a_period(center, agent, lead, articles, refund_ticket, customer, tree):
    agents = [agent, *(make_staff(Role.AGENT, center, username=f"a{i}") for i in range(2))]
    for i, person in enumerate(agents):
        ticket = ticket_create(actor=person, customer=customer, title=f"退款问题{i}", channel="hotline",
                               category=tree["refund-delay"], assignee=person)
        article_mark_used(actor=person, article=articles["refund_check"], ticket=ticket, now=NOW)
    article_mark_used(actor=agent, article=articles["invoice"], ticket=refund_ticket, now=NOW)
    article_mark_used(actor=agent, article=articles["late"], ticket=refund_ticket, now=NOW - timedelta(days=40))
    ranking = usage_ranking(agent, start=NOW - timedelta(days=30), end=NOW + timedelta(seconds=1))
    assert [(a.pk, a.period_uses) for a in ranking] == [(articles["refund_check"].pk, 3), (articles["invoice"].pk, 1)]
    longer = usage_ranking(agent, start=NOW - timedelta(days=90), end=NOW + timedelta(seconds=1))
    assert articles["late"].pk in [a.pk for a in longer]
