import pytest

from complaints.services import seat_group_create, seat_group_update
from complaints.services.routing import route_complaint
from slacenter.errors import DomainError
from tests.factories import CustomerFactory
from tickets.models import Notification

from .conftest import T0

pytestmark = pytest.mark.django_db


def test_matching_group_least_loaded_member(groups, make_complaint, agent, other_agent, category):
    first = make_complaint()
    assert first.seat_group == groups["delivery"] and first.ticket.assignee == agent  # tie → lower id
    second = make_complaint(customer=CustomerFactory())
    assert second.ticket.assignee == other_agent  # agent has one open complaint now
    assert "物流专席" in second.routing_rule
    assert second.ticket.events.get(kind="complaint.routed").new_value == second.routing_rule


def test_the_more_specific_group_wins(groups, lead, category, make_complaint, other_agent):
    gold = seat_group_create(actor=lead, name="金卡物流", code="gold-delivery", categories=[category],
                             tiers=["gold"], members=[other_agent])
    complaint = make_complaint(customer=CustomerFactory(tier="gold"))
    assert complaint.seat_group == gold


def test_vip_goes_to_the_green_channel_and_the_lead_is_told(groups, make_complaint, vip_customer, lead):
    complaint = make_complaint(customer=vip_customer)
    assert complaint.is_vip and "vip" in complaint.flags
    assert complaint.seat_group == groups["vip"] and complaint.ticket.assignee == groups["vip_agent"]
    assert complaint.ticket.priority >= 3
    assert Notification.objects.filter(recipient=lead, ticket=complaint.ticket).exists()


def test_pool_fallback_when_no_group_matches_or_nobody_is_active(groups, make_complaint, agent, other_agent):
    complaint = make_complaint(category=groups["other_category"].__class__.objects.create(code="misc", name="其他"))
    assert complaint.seat_group == groups["pool"] and complaint.ticket.assignee == groups["pool_agent"]
    for user in (agent, other_agent):
        user.is_active = False
        user.save()
    route = route_complaint(category=groups["delivery"].categories.first(), tier="standard")
    assert route.group == groups["pool"]


def test_no_group_at_all_leaves_it_in_the_queue(make_complaint):
    complaint = make_complaint()
    assert complaint.seat_group is None and complaint.ticket.assignee is None


def test_seat_groups_are_managed_by_leads_with_staff_members(lead, agent, logistics_staff):
    with pytest.raises(DomainError):
        seat_group_create(actor=agent, name="x", code="x")
    with pytest.raises(DomainError):
        seat_group_create(actor=lead, name="x", code="x", members=[logistics_staff])
    with pytest.raises(DomainError):
        seat_group_create(actor=lead, name="x", code="x", tiers=["platinum"])
    group = seat_group_create(actor=lead, name="x", code="x", members=[agent], now=T0)
    group = seat_group_update(actor=lead, group=group, is_active=False, members=[])
    assert not group.is_active and not group.members.exists()
