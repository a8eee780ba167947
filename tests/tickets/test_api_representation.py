"""The ticket API builds its hot representations directly (tickets.api.serializers.common,
"Representations on the hot paths"): each must equal what DRF's generic field-by-field
walk of the declared fields gives, for every shape a row can have (no assignee, a
category with and without parent, short and long phones, names with and without an
English one, a user without a name) in both languages."""

import datetime as dt

import pytest
from django.utils import timezone, translation
from rest_framework import serializers
from rest_framework.test import APIClient

from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, TicketFactory, UserFactory, make_staff
from tickets import selectors
from tickets.api.serializers import (
    CommentSerializer,
    TicketDetailSerializer,
    TicketListSerializer,
    ticket_row_representation,
)
from tickets.api.serializers.common import (
    CategoryRefSerializer,
    CustomerRefSerializer,
    DepartmentRefSerializer,
    UserRefSerializer,
)
from tickets.api.serializers.tickets import TicketEventSerializer
from tickets.models import Comment, Role, Ticket, TicketEvent, TicketStatus, Transfer

pytestmark = pytest.mark.django_db

REFS = (UserRefSerializer, DepartmentRefSerializer, CategoryRefSerializer, CustomerRefSerializer)


def generic(serializer_class, instance, **kwargs):
    """DRF's own walk of the declared fields, nested ones included (the fast paths of
    the nested reference serializers are bypassed too)."""
    serializer = serializer_class(instance, **kwargs)

    def walk(ser, obj):
        out = {}
        for field in ser._readable_fields:
            attribute = field.get_attribute(obj)
            if attribute is None:
                out[field.field_name] = None
            elif isinstance(field, REFS):
                out[field.field_name] = walk(field, attribute)
            else:
                out[field.field_name] = field.to_representation(attribute)
        return out

    return walk(serializer, instance)


@pytest.fixture
def shapes(center, agent):
    parent = CategoryFactory(code="logistics-root", name="物流", name_en="Logistics")
    child = CategoryFactory(code="lost", name="丢件", name_en="", parent=parent)
    flat = CategoryFactory(code="flat", name="咨询", name_en="Inquiry")
    business = DepartmentFactory(code="biz", name="业务部", name_en="")
    nameless = UserFactory(username="nameless")
    english = make_staff(Role.AGENT, center, username="ann", first_name="Ann", last_name="Lee")
    customers = [CustomerFactory(phone=phone, name=f"客户{phone}", tier=tier)
                 for phone, tier in (("13812345678", "vip"), ("12345", "standard"), ("123", "standard"))]
    day = timezone.make_aware(dt.datetime(2026, 3, 10, 23, 30))
    tickets = [
        TicketFactory(category=child, customer=customers[0], assignee=None, responsible_department=center,
                      created_at=day, first_response_at=day + dt.timedelta(minutes=5)),
        TicketFactory(category=flat, customer=customers[1], assignee=agent, responsible_department=business,
                      priority=4, kind="complaint", status=TicketStatus.CLOSED, created_at=day,
                      resolved_at=day + dt.timedelta(days=1), closed_at=day + dt.timedelta(days=2)),
        TicketFactory(category=parent, customer=customers[2], assignee=nameless, created_by=english,
                      responsible_department=center, status=TicketStatus.WAITING_CUSTOMER, channel="wechat"),
        TicketFactory(category=child, customer=customers[0], assignee=english, created_by=nameless,
                      responsible_department=business, description="描述"),
    ]
    for ticket in tickets:
        TicketEvent.objects.create(ticket=ticket, kind="created", actor=ticket.created_by, at=ticket.created_at)
        TicketEvent.objects.create(ticket=ticket, kind="complaint.acknowledged", actor=None, at=day,
                                   data={"stage": "x"})
        TicketEvent.objects.create(ticket=ticket, kind="gone.kind", actor=agent, at=day, reason="r")
    Comment.objects.create(ticket=tickets[1], author=agent, body="hello", visibility=Comment.Visibility.PUBLIC,
                           created_at=day)
    Comment.objects.create(ticket=tickets[1], author=None, body="system", visibility=Comment.Visibility.INTERNAL,
                           created_at=day + dt.timedelta(minutes=1))
    Transfer.objects.create(ticket=tickets[3], department=business, question="?", requested_at=day)
    return tickets


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_direct_representations_equal_drf_generic_output(shapes, language):
    with translation.override(language):
        for ticket in Ticket.objects.select_related("customer", "category", "category__parent", "assignee",
                                                    "responsible_department", "created_by"):
            assert TicketListSerializer(ticket).data == generic(TicketListSerializer, ticket)
            for ref_class, value in ((UserRefSerializer, ticket.assignee), (UserRefSerializer, ticket.created_by),
                                     (CategoryRefSerializer, ticket.category),
                                     (CustomerRefSerializer, ticket.customer),
                                     (DepartmentRefSerializer, ticket.responsible_department)):
                if value is not None:
                    assert ref_class(value).data == serializers.Serializer.to_representation(ref_class(), value)
            for event in selectors.ticket_events(ticket):
                assert TicketEventSerializer(event).data == generic(TicketEventSerializer, event)
            for comment in ticket.comments.all():
                assert CommentSerializer(comment).data == generic(CommentSerializer, comment)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_list_rows_equal_the_list_serializer(shapes, language):
    """The API list reads values rows (`selectors.ticket_rows`); each row's representation
    is the list serializer's for the same ticket."""
    ten = list(Ticket.objects.order_by("-id").values_list("pk", flat=True)[:10])
    with translation.override(language):
        rows = {row["id"]: row for row in selectors.ticket_rows(ten)}
        assert len(rows) == len(shapes)
        for ticket in Ticket.objects.select_related("customer", "category", "category__parent", "assignee",
                                                    "responsible_department"):
            assert ticket_row_representation(rows[ticket.pk], language) == TicketListSerializer(ticket).data


def test_detail_equals_the_generic_walk_and_reads_only_the_lists_it_has(shapes, lead, django_assert_num_queries):
    client = APIClient()
    client.force_login(lead)
    bare, commented, _third, transferred = shapes
    for ticket in shapes:
        body = client.get(f"/api/v1/tickets/{ticket.pk}/").json()
        full = selectors.ticket_get(lead, ticket.pk)
        context = {"events": selectors.ticket_events_for(lead, full),
                   "comments": list(selectors.ticket_comments(lead, full, with_attachments=False)),
                   "transfers": list(selectors.ticket_transfers_for(lead, full)), "attachments": []}
        expected = serializers.ModelSerializer.to_representation(TicketDetailSerializer(context=context), full)
        assert body == expected
    assert [c["body"] for c in client.get(f"/api/v1/tickets/{commented.pk}/").json()["comments"]] == [
        "hello", "system"]
    assert len(client.get(f"/api/v1/tickets/{transferred.pk}/").json()["transfers"]) == 1
    # A ticket with no comments, transfers or attachments: session, user, ticket, events.
    with django_assert_num_queries(4):
        assert client.get(f"/api/v1/tickets/{bare.pk}/").status_code == 200


def test_list_page_in_english_shows_english_names(shapes, lead):
    client = APIClient()
    client.force_login(lead)
    rows = client.get("/api/v1/tickets/?page_size=50", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    paths = {row["category"]["path"] for row in rows}
    assert "Logistics › 丢件" in paths  # no English name for the child: its Chinese one
    assert "Inquiry" in paths


@pytest.mark.django_db(databases=[])
@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "America/New_York"])
@pytest.mark.parametrize(
    "value",
    [
        None,
        dt.datetime(2026, 3, 8, 6, 59, 59, 123456, tzinfo=dt.UTC),  # the New York DST change
        dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC),
        dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
        dt.datetime(2026, 6, 1, 12, 0),  # naive: DRF's own path
    ],
)
def test_datetime_repr_equals_drf_field(zone, value):
    from tickets.api.serializers.common import datetime_repr

    with timezone.override(zone):
        assert datetime_repr(value) == serializers.DateTimeField().to_representation(value)
