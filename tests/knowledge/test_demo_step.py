"""The knowledge demo step: 30 Chinese articles (3 drafts) over the demo categories,
uses on agents' own tickets through the service, and a second run adds nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from knowledge.models import Article, ArticleUse
from knowledge.selectors import article_browse
from knowledge.services import USED_EVENT
from slacenter.demo import DemoContext, knowledge, org
from tests.factories import CustomerFactory
from tickets.models import Category, Role, TicketEvent
from tickets.services import ticket_create

pytestmark = pytest.mark.django_db


def test_demo_articles_and_uses():
    ctx = DemoContext(now=timezone.now())
    org.run(ctx)
    agents = ctx.data["agents"]
    for i, code in enumerate(("refund-delay", "late-delivery", "lost-parcel", "login", "damaged-parcel")):
        ticket = ticket_create(actor=agents[i % len(agents)], customer=CustomerFactory(), title=f"演示工单{i}",
                               channel="hotline", category=Category.objects.get(code=code),
                               assignee=agents[i % len(agents)], now=ctx.now - timedelta(days=10))
        assert ticket.assignee.profile.role == Role.AGENT
    knowledge.run(ctx)
    assert Article.objects.count() == 30
    assert Article.objects.filter(status="draft").count() == 3
    assert Article.objects.filter(categories__isnull=True).count() == 2  # membership: no category
    uses = ArticleUse.objects.count()
    assert uses >= 5 and TicketEvent.objects.filter(kind=USED_EVENT).count() == uses
    assert all(u.user_id == u.ticket.assignee_id for u in ArticleUse.objects.select_related("ticket"))
    agent = agents[0]
    assert article_browse(agent, query="退款多久到账")[0].title.startswith("退款")
    knowledge.run(ctx)
    assert (Article.objects.count(), ArticleUse.objects.count()) == (30, uses)
