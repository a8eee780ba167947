"""The API does what its OpenAPI schema says — a property test generated from the
schema itself (Schemathesis) against the WSGI app in-process, for every operation the
schema lists (so the operations of every app, present and future, are covered without
listing them here) and for every kind of user: an agent, a team lead (center-wide) and
department staff. Each operation gets a bounded number of generated requests; the test
fails on any 5xx and on any response whose status code, content type, headers or body
the schema does not declare."""

import json
import os

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import CategoryFactory, CustomerFactory, DepartmentFactory, ServiceCenterFactory, make_staff
from tickets.models import Role
from tickets.services import ticket_create, transfer_create

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
ROLES = {
    "agent": (Role.AGENT, "center"),
    "lead": (Role.TEAM_LEAD, "center"),
    "dept_staff": (Role.DEPT_STAFF, "logistics"),
}
# Generated requests per operation and role: about 110 operations × 3 roles × 6 ≈ 2,000
# requests, ≈ 3 minutes on two shared cores. SCHEMA_EXAMPLES=50 for a deeper run.
EXAMPLES = int(os.environ.get("SCHEMA_EXAMPLES", "6"))


@pytest.fixture
def api_schema(db):
    """The schema exactly as /api/v1/schema/ serves it (generated in-process: that view
    is for staff only), bound to the WSGI app. Like Django's test client, keep the
    request signals from closing the test's database connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    from slacenter.wsgi import application

    document = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = application
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield loaded
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token_for(db):
    """`token_for(role)`: the Authorization header of a user of that role, with a
    little data in its reach (a ticket transferred to logistics), so that generated ids
    sometimes hit real rows."""

    def make(role: str) -> dict:
        center = ServiceCenterFactory()
        logistics = DepartmentFactory(code="logistics", name="物流部", name_en="Logistics")
        role_value, where = ROLES[role]
        user = make_staff(role_value, center if where == "center" else logistics, username=f"prop_{role}")
        agent = user if role_value == Role.AGENT else make_staff(Role.AGENT, center, username="prop_agent")
        ticket = ticket_create(actor=agent, customer=CustomerFactory(), title="属性测试", channel="hotline",
                               category=CategoryFactory())
        transfer_create(ticket=ticket, actor=agent, department=logistics, question="请核实")
        return {"Authorization": f"Token {Token.objects.create(user=user).key}"}

    return make


def _operations(schema):
    for result in schema.get_all_operations():
        yield result.ok()  # an operation the loader cannot read is a failure here


def _check_operation(operation, headers: dict) -> str | None:
    """Up to EXAMPLES generated requests for one operation; the first failure, or None."""

    @settings(max_examples=EXAMPLES if headers else 1, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def run(case):
        # Each request in its own savepoint: examples stay independent, and a database
        # error in one request cannot poison the ones after it.
        with transaction.atomic():
            case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        run()
    except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - every failure is reported, with its operation
        parts = [str(exc), *(str(sub) for sub in getattr(exc, "exceptions", ()))]
        return f"{operation.method.upper()} {operation.path}: " + "\n".join(parts)[:3000]
    return None


@pytest.mark.parametrize("role", [*sorted(ROLES), "anonymous"])
def test_api_conforms_to_its_schema(api_schema, token_for, role):
    # Without credentials every operation must still answer a declared status (401/403)
    # in the error shape; fewer examples suffice there.
    headers = token_for(role) if role in ROLES else {}
    operations = list(_operations(api_schema))
    assert len(operations) >= 50  # the whole API is in the schema, not a part of it
    failures = [failure for operation in operations if (failure := _check_operation(operation, headers))]
    assert not failures, f"{len(failures)} of {len(operations)} operations fail as {role}:\n\n" + "\n\n".join(
        failures)
