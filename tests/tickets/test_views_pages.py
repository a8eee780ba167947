"""Each page renders for the roles that use it and answers 404 outside their scope."""

import pytest
from django.urls import reverse

from tests.factories import CustomerFactory
from tickets.models import Comment
from tickets.services import comment_add, ticket_create

from .view_fixtures import *  # noqa: F403 - the `world` fixture

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("tickets:workbench"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_renders_in_chinese_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()
    assert "用户名" in response.content.decode()  # Django's own catalogue for the form label


@pytest.mark.parametrize(
    ("who", "target"),
    [("agent", "tickets:workbench"), ("lead", "tickets:workbench"), ("logistics_staff", "tickets:inbox")],
)
def test_home_redirects_by_role(client, request, who, target):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse(target)


def test_admin_home_is_workbench(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pass12345")
    client.force_login(admin)
    assert client.get("/")["Location"] == reverse("tickets:workbench")


def test_workbench_tabs(client, agent, other_agent, lead, customer, category):
    mine = ticket_create(actor=agent, customer=customer, title="我的工单", channel="hotline", category=category,
                         assignee=agent)
    pool = ticket_create(actor=other_agent, customer=customer, title="待领工单", channel="hotline",
                         category=category)
    theirs = ticket_create(actor=other_agent, customer=customer, title="别人的工单", channel="hotline",
                           category=category, assignee=other_agent)
    client.force_login(agent)
    page = client.get(reverse("tickets:workbench")).content.decode()  # default tab: mine
    assert mine.number in page and pool.number not in page
    page = client.get(reverse("tickets:workbench"), {"tab": "team"}).content.decode()
    assert pool.number in page and mine.number not in page and theirs.number not in page
    page = client.get(reverse("tickets:workbench"), {"tab": "all"}).content.decode()
    assert theirs.number not in page  # out of an agent's scope
    client.force_login(lead)
    page = client.get(reverse("tickets:workbench"), {"tab": "team"}).content.decode()
    assert all(t.number in page for t in (mine, pool, theirs))


def test_workbench_filters_sort_and_bad_params(client, lead, customer, category):
    low = ticket_create(actor=lead, customer=customer, title="普通咨询", channel="hotline", category=category,
                        priority=1)
    high = ticket_create(actor=lead, customer=customer, title="紧急投诉", channel="wechat", category=category,
                         priority=4, kind="complaint")
    client.force_login(lead)
    url = reverse("tickets:workbench")
    page = client.get(url, {"tab": "all", "channel": "wechat"}).content.decode()
    assert high.number in page and low.number not in page
    page = client.get(url, {"tab": "all", "q": "普通"}).content.decode()
    assert low.number in page and high.number not in page
    page = client.get(url, {"tab": "all", "sort": "-priority"}).content.decode()
    assert page.index(high.number) < page.index(low.number)
    page = client.get(url, {"tab": "all", "sort": "priority"}).content.decode()
    assert page.index(low.number) < page.index(high.number)
    response = client.get(url, {"tab": "bogus", "priority": "x", "sort": "drop table", "page": "999"})
    assert response.status_code == 200


def test_workbench_htmx_returns_only_the_table(client, lead, customer, category):
    ticket_create(actor=lead, customer=customer, title="t", channel="hotline", category=category)
    client.force_login(lead)
    response = client.get(reverse("tickets:workbench"), {"tab": "all"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="queue"') and "<html" not in body


def test_detail_scoping_asymmetric(client, world, logistics_staff, merchandise_staff, other_agent):
    client.force_login(logistics_staff)
    for t in world.logistics_tickets:
        assert client.get(reverse("tickets:detail", args=[t.pk])).status_code == 200
    for t in world.merchandise_tickets:
        assert client.get(reverse("tickets:detail", args=[t.pk])).status_code == 404
    client.force_login(merchandise_staff)
    assert all(client.get(reverse("tickets:detail", args=[t.pk])).status_code == 200
               for t in world.merchandise_tickets)
    assert all(client.get(reverse("tickets:detail", args=[t.pk])).status_code == 404
               for t in world.logistics_tickets)
    client.force_login(other_agent)  # assigned to agent, not in the pool, never touched
    assert client.get(reverse("tickets:detail", args=[world.logistics_tickets[0].pk])).status_code == 404


def test_detail_page_for_agent_shows_moves_and_panels(client, world, agent):
    client.force_login(agent)
    ticket = world.logistics_tickets[0]  # waiting on department: no manual move is allowed
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert ticket.number in page and "包裹在哪0?" in page
    assert 'data-testid="transitions"' not in page
    fresh = ticket_create(actor=agent, customer=ticket.customer, title="新", channel="hotline",
                          category=ticket.category)
    page = client.get(reverse("tickets:detail", args=[fresh.pk])).content.decode()
    for action in ("start", "wait_customer", "resolve", "cancel"):
        assert f'data-action="{action}"' in page
    for action in ("close", "reopen", "customer_responded", "await_department"):
        assert f'data-action="{action}"' not in page


def test_department_sees_read_only_ticket_with_answer_forms(client, world, logistics_staff):
    client.force_login(logistics_staff)
    page = client.get(reverse("tickets:detail", args=[world.logistics_tickets[0].pk])).content.decode()
    assert 'data-testid="open-transfer"' in page
    assert 'data-testid="transitions"' not in page and 'data-testid="transfer-panel"' not in page
    assert 'value="public"' not in page  # internal notes only


def test_inbox_lists_only_our_department(client, world, logistics_staff, merchandise_staff):
    client.force_login(logistics_staff)
    page = client.get(reverse("tickets:inbox")).content.decode()
    assert page.count('data-testid="open-transfer"') == 2
    assert all(t.number in page for t in world.logistics_tickets)
    assert not any(t.number in page for t in world.merchandise_tickets)
    client.force_login(merchandise_staff)
    assert client.get(reverse("tickets:inbox")).content.decode().count('data-testid="open-transfer"') == 4


def test_customer_view_scoped_and_phone_masking(client, world, agent, logistics_staff, customer):
    other = CustomerFactory(phone="13900001111")
    client.force_login(agent)
    page = client.get(reverse("tickets:customer", args=[customer.pk])).content.decode()
    assert "13812345678" in page  # service staff see the full number
    assert all(t.number in page for t in world.logistics_tickets + world.merchandise_tickets)
    client.force_login(logistics_staff)
    page = client.get(reverse("tickets:customer", args=[customer.pk])).content.decode()
    assert "13812345678" not in page and "138****5678" in page
    assert all(t.number in page for t in world.logistics_tickets)
    assert not any(t.number in page for t in world.merchandise_tickets)
    assert client.get(reverse("tickets:customer", args=[other.pk])).status_code == 404


def test_new_ticket_page_with_customer_history(client, agent, customer, category):
    old = ticket_create(actor=agent, customer=customer, title="上次的问题", channel="email", category=category)
    client.force_login(agent)
    page = client.get(reverse("tickets:new"), {"customer": customer.pk}).content.decode()
    assert 'data-testid="chosen-customer"' in page and old.number in page
    results = client.get(reverse("tickets:customer_search"), {"customer_q": "1381234"}).content.decode()
    assert customer.name in results
    results = client.get(reverse("tickets:new"), {"customer_q": "张"}).content.decode()
    assert f"?customer={customer.pk}" in results


def test_notifications_page_and_mark_read(client, agent, customer, category):
    from tickets.services import notification_send

    ticket = ticket_create(actor=agent, customer=customer, title="n", channel="hotline", category=category)
    notification_send(recipient=agent, key="k1", subject="有新回复", url="javascript:alert(1)", ticket=ticket)
    notification_send(recipient=agent, key="k2", subject="本地链接", url=f"/tickets/{ticket.pk}/")
    client.force_login(agent)
    page = client.get(reverse("tickets:workbench")).content.decode()
    assert 'data-testid="unread">2<' in page
    page = client.get(reverse("tickets:notifications")).content.decode()
    assert "有新回复" in page and 'href="javascript:' not in page and f'href="/tickets/{ticket.pk}/"' in page
    response = client.post(reverse("tickets:notifications_read"))
    assert response.status_code == 302
    assert 'data-testid="unread"' not in client.get(reverse("tickets:notifications")).content.decode()


def test_internal_notes_look_different_from_replies(client, agent, customer, category):
    ticket = ticket_create(actor=agent, customer=customer, title="t", channel="hotline", category=category)
    comment_add(ticket=ticket, actor=agent, body="内部备注", visibility=Comment.Visibility.INTERNAL)
    comment_add(ticket=ticket, actor=agent, body="给客户的回复", visibility=Comment.Visibility.PUBLIC)
    client.force_login(agent)
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert page.index('class="tl-internal"') < page.index("内部备注") < page.index('class="tl-public"')
    assert page.index('class="tl-public"') < page.index("给客户的回复")


def test_reply_templates_for_the_ticket_category(client, agent, customer, category):
    from tests.factories import CategoryFactory
    from tickets.models import ReplyTemplate

    ReplyTemplate.objects.create(category=category, title="道歉模板", body="非常抱歉给您带来不便")
    ReplyTemplate.objects.create(category=None, title="通用模板", body="感谢您的来电")
    ReplyTemplate.objects.create(category=CategoryFactory(), title="别的类别", body="x")
    ticket = ticket_create(actor=agent, customer=customer, title="t", channel="hotline", category=category)
    client.force_login(agent)
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert 'data-body="非常抱歉给您带来不便"' in page and "通用模板" in page and "别的类别" not in page
