"""Inert user text, attachment downloads, constant query counts, the language switch."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import CustomerFactory
from tickets.models import Comment
from tickets.services import attachment_add, comment_add, ticket_create, transfer_create

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
JS_URL = "javascript:alert(1)"


@pytest.fixture
def nasty(agent, category, logistics):
    customer = CustomerFactory(name=f"{SCRIPT}客户")
    ticket = ticket_create(actor=agent, customer=customer, title=f"{SCRIPT} {JS_URL}", channel="hotline",
                           category=category, description=f"{SCRIPT}\n{JS_URL}", assignee=agent)
    comment_add(ticket=ticket, actor=agent, body=f"{SCRIPT} [link]({JS_URL})", visibility=Comment.Visibility.PUBLIC)
    transfer_create(ticket=ticket, actor=agent, department=logistics, question=f"{SCRIPT} {JS_URL}")
    return ticket


def _assert_inert(html: str):
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html.lower()
    assert "href='javascript:" not in html.lower()


def test_user_text_is_inert_on_every_page(client, nasty, agent, logistics_staff):
    client.force_login(agent)
    for url in (
        reverse("tickets:workbench"),
        reverse("tickets:detail", args=[nasty.pk]),
        reverse("tickets:customer", args=[nasty.customer_id]),
        reverse("tickets:new") + f"?customer={nasty.customer_id}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_inert(response.content.decode())
    client.force_login(logistics_staff)
    for url in (reverse("tickets:inbox"), reverse("tickets:detail", args=[nasty.pk])):
        _assert_inert(client.get(url).content.decode())


@pytest.fixture
def attachment(agent, customer, category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ticket = ticket_create(actor=agent, customer=customer, title="t", channel="hotline", category=category,
                           assignee=agent)
    upload = SimpleUploadedFile("发票 <1>.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    return attachment_add(ticket=ticket, actor=agent, uploaded_file=upload)


def test_attachment_download_headers(client, agent, attachment):
    client.force_login(agent)
    response = client.get(reverse("tickets:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_attachment_download_out_of_scope_is_404(client, other_agent, logistics_staff, attachment):
    for user in (other_agent, logistics_staff):
        client.force_login(user)
        assert client.get(reverse("tickets:attachment", args=[attachment.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("tickets:attachment", args=[attachment.pk])).status_code == 302


def test_attachment_listed_on_detail(client, agent, attachment):
    client.force_login(agent)
    page = client.get(reverse("tickets:detail", args=[attachment.ticket_id])).content.decode()
    assert f'href="/attachments/{attachment.pk}/"' in page and "发票 &lt;1&gt;.pdf" in page


def _make_tickets(n, agent, category):
    customers = [CustomerFactory() for _ in range(3)]
    for i in range(n):
        ticket_create(actor=agent, customer=customers[i % 3], title=f"工单{i}", channel="hotline",
                      category=category, assignee=agent)


@pytest.mark.parametrize("tab", ["mine", "all"])
def test_workbench_query_count_is_constant(client, lead, category, django_assert_num_queries, tab):
    client.force_login(lead)
    url = reverse("tickets:workbench") + f"?tab={tab}"
    _make_tickets(3, lead, category)
    client.get(url)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _make_tickets(27, lead, category)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("工单") >= 25  # a full page of rows was rendered


def test_language_switch_shows_english(client, agent):
    client.force_login(agent)
    page = client.get(reverse("tickets:workbench")).content.decode()
    assert '<html lang="zh-hans">' in page
    assert "Log out" not in page  # Django's own catalogue already has it in Chinese
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("tickets:workbench")})
    assert response.status_code == 302
    page = client.get(reverse("tickets:workbench")).content.decode()
    assert '<html lang="en">' in page
    assert "My queue" in page and "Workbench" in page and "Log out" in page


def test_category_names_follow_language(client, agent, customer, category):
    ticket_create(actor=agent, customer=customer, title="t", channel="hotline", category=category, assignee=agent)
    client.force_login(agent)
    assert "配送延误" in client.get(reverse("tickets:workbench")).content.decode()
    client.post(reverse("set_language"), {"language": "en"})
    assert "Late delivery" in client.get(reverse("tickets:workbench")).content.decode()
