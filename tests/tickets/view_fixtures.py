"""Fixtures for the browser-view tests: an asymmetric world where Logistics was asked
about 2 tickets and Merchandise about 4, so a scoping mistake shows up as a count."""

from dataclasses import dataclass

import pytest

from tickets.services import ticket_create, transfer_create

__all__ = ["world"]

XSS_TITLE = '<script>alert(1)</script> javascript:alert(1)'


@dataclass
class World:
    logistics_tickets: list
    merchandise_tickets: list
    transfers_a: list
    transfers_b: list


@pytest.fixture
def world(agent, customer, category, logistics, merchandise):
    a_tickets, b_tickets, a_transfers, b_transfers = [], [], [], []
    for i in range(2):
        t = ticket_create(actor=agent, customer=customer, title=f"物流问题{i}", channel="hotline",
                          category=category, assignee=agent)
        a_transfers.append(transfer_create(ticket=t, actor=agent, department=logistics, question=f"包裹在哪{i}?"))
        a_tickets.append(t)
    for i in range(4):
        t = ticket_create(actor=agent, customer=customer, title=f"商品问题{i}", channel="webchat",
                          category=category)
        b_transfers.append(transfer_create(ticket=t, actor=agent, department=merchandise, question=f"质量{i}?"))
        b_tickets.append(t)
    return World(a_tickets, b_tickets, a_transfers, b_transfers)


def login(client, user):
    client.force_login(user)
    return client
