"""Customers, departments, categories, reply templates and notifications over HTTP."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import CategoryFactory, CustomerFactory, TicketFactory
from tickets.models import Customer, Notification, ReplyTemplate
from tickets.services import notification_send

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_customer_search_masks_phone_in_list_full_in_detail(agent, customer):
    CustomerFactory(name="李四", phone="13900001111")
    client = client_for(agent)
    rows = client.get("/api/v1/customers/", {"q": "张"}).json()["results"]
    assert [(r["name"], r["phone"]) for r in rows] == [("张三", "138****5678")]
    assert client.get("/api/v1/customers/", {"q": "0000111"}).json()["count"] == 1
    detail = client.get(f"/api/v1/customers/{customer.pk}/").json()
    assert detail["phone"] == "13812345678"


def test_department_staff_see_masked_phone_in_detail(logistics, logistics_staff, customer, category):
    TicketFactory(customer=customer, category=category, responsible_department=logistics)
    detail = client_for(logistics_staff).get(f"/api/v1/customers/{customer.pk}/").json()
    assert detail["phone"] == "138****5678"


def test_customer_create_and_update_through_services(agent, logistics_staff):
    client = client_for(agent)
    response = client.post("/api/v1/customers/", {"name": "王五", "phone": "139-0000-2222", "tier": "vip"})
    assert response.status_code == 201, response.content
    customer = Customer.objects.get(name="王五")
    assert customer.phone == "13900002222"
    assert client.post("/api/v1/customers/", {"name": "坏", "phone": "abc"}).status_code == 400
    response = client.patch(f"/api/v1/customers/{customer.pk}/", {"tier": "gold"})
    assert response.status_code == 200 and response.json()["tier"] == "gold"
    refused = client_for(logistics_staff).post("/api/v1/customers/", {"name": "x", "phone": "13900000000"})
    assert refused.status_code == 403
    assert Customer.objects.count() == 1


def test_reference_lists(agent, logistics, category):
    client = client_for(agent)
    codes = {d["code"] for d in client.get("/api/v1/departments/").json()["results"]}
    assert {"service-center", "logistics"} <= codes
    child = CategoryFactory(code="sub", parent=category)
    rows = {c["code"]: c for c in client.get("/api/v1/categories/").json()["results"]}
    assert rows["delivery"]["has_children"] is True and rows["sub"]["has_children"] is False
    assert rows["sub"]["parent"]["id"] == category.pk
    assert [c["code"] for c in client.get("/api/v1/categories/", {"parent": category.pk}).json()["results"]] == [
        "sub"]
    ReplyTemplate.objects.create(title="通用", body="您好")
    ReplyTemplate.objects.create(title="配送", body="抱歉", category=category)
    ReplyTemplate.objects.create(title="其他", body="…", category=CategoryFactory(code="other"))
    titles = {t["title"] for t in client.get("/api/v1/reply-templates/", {"category": child.pk}).json()["results"]}
    assert titles == {"通用", "配送"}
    assert client.get("/api/v1/reply-templates/", {"category": "x"}).status_code == 400


def test_notifications_own_unread_first_and_mark_read(agent, other_agent):
    now = timezone.now()
    older = notification_send(recipient=agent, key="a", subject="旧", now=now - dt.timedelta(hours=2))
    newer = notification_send(recipient=agent, key="b", subject="新", now=now - dt.timedelta(hours=1))
    notification_send(recipient=other_agent, key="c", subject="别人的", now=now)
    Notification.objects.filter(pk=newer.pk).update(read_at=now)
    client = client_for(agent)
    rows = client.get("/api/v1/notifications/").json()["results"]
    assert [r["subject"] for r in rows] == ["旧", "新"]
    response = client.post("/api/v1/notifications/read/", {"ids": [older.pk]})
    assert response.json() == {"marked": 1}
    assert client.post("/api/v1/notifications/read/", {}).json() == {"marked": 0}
    assert Notification.objects.filter(recipient=other_agent, read_at__isnull=True).count() == 1
