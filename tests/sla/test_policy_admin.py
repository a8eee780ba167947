"""The policy admin writes through the policy services: escalation rules edited
inline pass `escalation_rule_set`'s checks and bump the revision; a refused policy
or rule comes back as a message, never a 500. Read-only admins share one base."""

import json

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model

from sla.admin import agreements as agreements_admin
from sla.admin import calendars as calendars_admin
from sla.admin import clocks as clocks_admin
from sla.models import EscalationRule, SlaPolicy
from slacenter import admin as project_admin
from tests.sla.clock_fixtures import *  # noqa: F403 - fixtures
from tickets.admin.base import ReadOnlyAdminMixin

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    root = get_user_model().objects.create_superuser("root", "root@example.com", "pass12345")
    client.force_login(root)
    return client


def _post(policy, rules, **changes):
    data = {f: "" for f in ("name_en", "kind", "priority", "tier", "category", "channel", "target_days", "calendar",
                            "escalation_owner", "agreement_version")}
    data.update(name=policy.name, metric=policy.metric, rank=policy.rank, target_minutes=policy.target_minutes or "",
                pause_statuses=json.dumps(policy.pause_statuses), warn_percent=policy.warn_percent, is_active="on")
    data.update(changes)
    data.update({"rules-TOTAL_FORMS": len(rules), "rules-INITIAL_FORMS": sum(1 for r in rules if r.get("id")),
                 "rules-MIN_NUM_FORMS": 0, "rules-MAX_NUM_FORMS": 1000})
    for i, rule in enumerate(rules):
        for key, value in rule.items():
            data[f"rules-{i}-{key}"] = value
        data[f"rules-{i}-policy"] = policy.pk
    return {k: v for k, v in data.items() if v is not None}


def _rule(level, percent="", notify='["assignee"]', **extra):
    return {"level": level, "trigger": "percent", "percent": percent, "offset_minutes": "", "notify": notify,
            "urgency": "normal", "action": "", **extra}


def test_inline_rule_goes_through_the_service(admin_client, policies):
    policy = policies["fr"]
    url = f"/admin/sla/slapolicy/{policy.pk}/change/"
    revision = SlaPolicy.objects.get(pk=policy.pk).revision
    response = admin_client.post(url, _post(policy, [_rule(1, percent=80)]))
    assert response.status_code == 302
    rule = EscalationRule.objects.get(policy=policy)
    assert (rule.level, rule.percent, rule.offset_minutes) == (1, 80, None)
    assert SlaPolicy.objects.get(pk=policy.pk).revision > revision


def test_inline_rule_refused_by_the_service_is_a_message(admin_client, policies):
    policy = policies["fr"]
    url = f"/admin/sla/slapolicy/{policy.pk}/change/"
    # The model allows a percent trigger without a percentage; the service does not.
    response = admin_client.post(url, _post(policy, [_rule(1, percent="")]), follow=True)
    assert response.status_code == 200
    assert any(m.level == messages.ERROR for m in response.context["messages"])
    assert not EscalationRule.objects.filter(policy=policy).exists()


def test_policy_refused_by_the_service_is_a_message_not_a_500(admin_client, policies):
    policy = policies["fr"]
    url = f"/admin/sla/slapolicy/{policy.pk}/change/"
    response = admin_client.post(url, _post(policy, [], warn_percent=0), follow=True)
    assert response.status_code == 200
    assert any(m.level == messages.ERROR for m in response.context["messages"])
    assert SlaPolicy.objects.get(pk=policy.pk).warn_percent == 75


def test_one_read_only_base():
    for admin_class in (clocks_admin.TicketClockAdmin, clocks_admin.BreachAdmin, calendars_admin.CalendarVersionAdmin,
                        calendars_admin.VersionInline, agreements_admin.AgreementAdmin,
                        agreements_admin.VersionInline, project_admin.HeartbeatAdmin):
        assert issubclass(admin_class, ReadOnlyAdminMixin), admin_class
        assert "has_add_permission" not in vars(admin_class)


def test_policies_are_deactivated_not_deleted(admin_client, policies):
    policy = policies["fr"]
    assert admin_client.get(f"/admin/sla/slapolicy/{policy.pk}/delete/").status_code == 403
    assert SlaPolicy.objects.filter(pk=policy.pk).exists()
