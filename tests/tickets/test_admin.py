"""The Django admin: every page renders for a superuser, edits and actions go through
the services, and a refused action is a message, not a 500 and not a change."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from slacenter.models import Heartbeat
from tests.factories import UserFactory
from tickets.models import (
    Attachment,
    Comment,
    Notification,
    ReplyTemplate,
    Role,
    StaffProfile,
    Ticket,
    TicketCounter,
    TicketEvent,
    TicketStatus,
    Transfer,
)
from tickets.services import comment_add, notification_send, ticket_create, transfer_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pass12345")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def ticket(agent, customer, category):
    return ticket_create(actor=agent, customer=customer, title="包裹未送达", channel="hotline", category=category)


@pytest.fixture
def everything(ticket, agent, logistics, category, lead):
    """One row of every admin-registered model."""
    comment_add(ticket=ticket, actor=agent, body="已联系物流")
    transfer_create(ticket=ticket, actor=agent, department=logistics, question="何时送达？")
    Attachment.objects.create(
        ticket=ticket, file=ContentFile(b"hello", name="a.txt"), original_name="a.txt", content_type="text/plain",
        size=5, uploaded_by=agent, created_at=timezone.now(),
    )
    ReplyTemplate.objects.create(category=category, title="致歉", body="非常抱歉")
    notification_send(recipient=lead, key="k1", subject="提醒", ticket=ticket)
    Heartbeat.objects.create(name="beat", last_tick_at=timezone.now())
    return ticket


MODELS = [Ticket, TicketEvent, Comment, Attachment, Transfer, ReplyTemplate, Notification, TicketCounter,
          StaffProfile, Heartbeat, "tickets.Department", "tickets.Category", "tickets.Customer"]


def _opts(model):
    from django.apps import apps

    return (apps.get_model(model) if isinstance(model, str) else model)._meta


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m if isinstance(m, str) else m.__name__)
def test_changelist_and_change_page_render(admin_client, everything, model):
    opts = _opts(model)
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = admin_client.get(changelist)
    assert response.status_code == 200
    search = admin_client.get(changelist, {"q": "物流"})
    assert search.status_code == 200
    obj = opts.model.objects.order_by("pk").first()
    assert obj is not None
    change = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert change.status_code == 200


def test_event_log_cannot_be_added_or_deleted(admin_client, ticket):
    event = ticket.events.first()
    assert admin_client.get(reverse("admin:tickets_ticketevent_add")).status_code == 403
    delete = reverse("admin:tickets_ticketevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert TicketEvent.objects.filter(pk=event.pk).exists()


def test_ticket_status_is_not_editable_in_the_form(admin_client, ticket):
    url = reverse("admin:tickets_ticket_change", args=[ticket.pk])
    response = admin_client.get(url)
    form = response.context["adminform"].form
    assert "status" not in form.fields and "number" not in form.fields and "assignee" not in form.fields


def test_ticket_edit_goes_through_update_service(admin_client, ticket, category):
    url = reverse("admin:tickets_ticket_change", args=[ticket.pk])
    data = {"title": "新标题", "description": "", "kind": "inquiry", "channel": "hotline",
            "category": category.pk, "priority": 3, "status": "closed", "number": "HACK"}
    for prefix in ("events", "comments", "transfers"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    ticket.refresh_from_db()
    assert (ticket.title, ticket.priority, ticket.status) == ("新标题", 3, TicketStatus.NEW)
    assert not ticket.number.startswith("HACK")
    assert set(ticket.events.filter(kind=TicketEvent.Kind.FIELD_CHANGED).values_list("field", flat=True)) == {
        "title", "priority"}


def _action(admin_client, action, tickets, **extra):
    return admin_client.post(
        reverse("admin:tickets_ticket_changelist"),
        {"action": action, "_selected_action": [t.pk for t in tickets], **extra},
        follow=True,
    )


def test_resolve_action_calls_the_transition_service(admin_client, ticket, superuser):
    response = _action(admin_client, "transition_resolve", [ticket])
    assert response.status_code == 200
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RESOLVED and ticket.resolved_at is not None
    event = ticket.events.latest("id")
    assert (event.kind, event.old_value, event.new_value, event.actor) == (
        TicketEvent.Kind.STATUS_CHANGED, "new", "resolved", superuser)


def test_illegal_action_is_a_message_and_changes_nothing(admin_client, ticket):
    before = ticket.events.count()
    response = _action(admin_client, "transition_close", [ticket])
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any(ticket.number in m for m in messages), messages
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.NEW
    assert ticket.events.count() == before


def test_reopen_asks_for_a_reason_first(admin_client, ticket):
    _action(admin_client, "transition_resolve", [ticket])
    form_page = _action(admin_client, "transition_reopen", [ticket])
    assert form_page.status_code == 200
    assert "reason" in form_page.context["form"].fields
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.RESOLVED
    _action(admin_client, "transition_reopen", [ticket], apply="1", reason="客户仍未收到")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.IN_PROGRESS
    assert ticket.events.latest("id").reason == "客户仍未收到"


def test_assign_to_me_refused_for_non_service_staff(admin_client, ticket):
    response = _action(admin_client, "assign_to_me", [ticket])
    assert response.status_code == 200
    assert any("service-center" in str(m) or ticket.number in str(m) for m in response.context["messages"])
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_staff_role_change_goes_through_staff_set_role(admin_client, center, logistics):
    user = UserFactory(username="newbie")
    url = reverse("admin:tickets_staffprofile_add")
    response = admin_client.post(url, {"user": user.pk, "department": center.pk, "role": Role.AGENT, "phone": ""})
    assert response.status_code == 302
    assert list(user.groups.values_list("name", flat=True)) == ["role:agent"]
    profile = StaffProfile.objects.get(user=user)
    change = reverse("admin:tickets_staffprofile_change", args=[profile.pk])
    response = admin_client.post(change, {"department": center.pk, "role": Role.TEAM_LEAD, "phone": "123"})
    assert response.status_code == 302
    assert list(user.groups.values_list("name", flat=True)) == ["role:team_lead"]
    # A service-center role in a business department is refused by the service: message, no change.
    response = admin_client.post(change, {"department": logistics.pk, "role": Role.AGENT, "phone": ""}, follow=True)
    assert response.status_code == 200
    refusal = gettext("Service-center roles belong to the service center.")  # in the page's language
    assert any(refusal in str(m) for m in response.context["messages"])
    profile.refresh_from_db()
    assert (profile.role, profile.department_id) == (Role.TEAM_LEAD, center.pk)


def test_customer_list_masks_phone(admin_client, customer):
    response = admin_client.get(reverse("admin:tickets_customer_changelist"))
    content = response.content.decode()
    assert "138****5678" in content and "13812345678" not in content


def test_customer_admin_save_cleans_phone_through_service(admin_client):
    response = admin_client.post(
        reverse("admin:tickets_customer_add"),
        {"name": "王五", "phone": "139 0000 2222", "email": "", "tier": "gold", "external_ids": "{}"},
    )
    assert response.status_code == 302
    from tickets.models import Customer

    assert Customer.objects.get(name="王五").phone == "13900002222"
