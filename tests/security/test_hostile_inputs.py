"""Issue 7 part 7: a fixed list of hostile inputs sent to every API operation (read
from the OpenAPI schema: every query parameter of every read, every body field of
every write) and to every HTML page's usual query parameters. Nothing answers 5xx,
and when every attempt on a write was refused, the saved data is exactly as before.

One test per operation (all hostile values inside it), as the administrator, who
passes every permission check and so reaches the deepest validation; the world is
`tests/security/world.py`, built once per module, each test's writes rolled back.
"""

import hashlib
import json

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from .routes import ROUTES
from .world import MISSING_ID, build_world

# Strings for every query parameter and body field; JSON values of the wrong shape for
# bodies. Kept short: each one costs a request per operation.
HOSTILE = ["²", "①", "9" * 40, "-1", "<script>alert(1)</script>' OR '1'='1", "2026-13-45", "a" * 5_000, ""]
HOSTILE_JSON = [2**70, 1.5, True, None, {"a": {"b": [1]}}, [[[[[]]]]]]
# Query parameters the HTML pages read (a page with other ones: add them here).
PAGE_PARAMS = ["q", "page", "status", "category", "department", "year", "month", "date", "customer",
               "customer_q", "tab", "sort", "assignee", "priority", "kind", "channel", "ticket", "agent",
               "ordering", "page_size", "day", "from", "to"]
APPS = ("tickets", "sla", "complaints", "qa", "reports", "knowledge", "auth", "authtoken")
KIND_OF_PATH = {"/api/v1/tickets/{id}/": "ticket", "/api/v1/transfers/{id}/": "transfer",
                "/api/v1/customers/{id}/": "customer", "/api/v1/attachments/{id}/": "attachment",
                "/api/v1/knowledge/articles/{id}/": "article", "/api/v1/knowledge/tickets/{id}/": "ticket"}


def _operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    out = []
    for path, methods in sorted(schema["paths"].items()):
        for method, operation in sorted(methods.items()):
            params = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
            fields = []
            content = (operation.get("requestBody") or {}).get("content", {})
            body = content.get("application/json") or next(iter(content.values()), None)
            if body:
                ref = body.get("schema", {}).get("$ref", "")
                fields = sorted(components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}))
            out.append((path, method, params, fields, "application/json" in content or not content))
    return out


OPERATIONS = _operations()


def snapshot() -> str:
    """A digest of every row the apps store (the world is small)."""
    digest = hashlib.sha256()
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for row in model.objects.order_by("pk").values_list():
                digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


def concrete(path: str, world) -> str:
    kind = next((k for prefix, k in KIND_OF_PATH.items() if path.startswith(prefix)), None)
    pk = world.objects.get(kind, MISSING_ID)
    return (path.replace("{id}", str(pk)).replace("{pk}", str(pk)).replace("{part_id}", "1")
            .replace("{indicator_id}", "1").replace("{day}", "2030-01-01"))


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "method", "params", "fields", "json_body"), OPERATIONS,
                         ids=[f"{m.upper()} {p}" for p, m, *_ in OPERATIONS])
def test_hostile_values_never_break_an_api_operation(world, path, method, params, fields, json_body):
    client = APIClient()
    client.force_login(world.users["admin"])
    url = concrete(path, world)
    failures, accepted = [], 0
    before = snapshot() if method != "get" else None
    for value in HOSTILE + HOSTILE_JSON:
        if method == "get":
            if not isinstance(value, str):
                continue
            response = client.get(url, {name: value for name in params or ["q"]})
        elif json_body:
            body = {name: value for name in fields or ["value"]}
            response = getattr(client, method)(url, data=json.dumps(body, ensure_ascii=False),
                                               content_type="application/json")
        else:
            if not isinstance(value, str) or "\x00" in value:
                continue
            response = getattr(client, method)(url, {name: value for name in fields or ["value"]},
                                               format="multipart")
        if response.status_code >= 500:
            failures.append((repr(value)[:40], response.status_code))
        accepted += 200 <= response.status_code < 300
    assert not failures, f"{method.upper()} {path}: {failures}"
    if method != "get" and not accepted:
        assert snapshot() == before, f"{method.upper()} {path} changed saved data while refusing every input"


HTML_PAGES = sorted(name for name, entry in ROUTES.items()
                    if not entry.post and not entry.kind and not entry.unknown and not name.startswith(("api-", "sla-",
                                                                                                      "reports-api")))


@pytest.mark.django_db
@pytest.mark.parametrize("name", HTML_PAGES)
def test_hostile_query_parameters_never_break_a_page(world, name):
    from .test_route_walk import path_for

    entry = ROUTES[name]
    path = path_for(name, entry, MISSING_ID).split("?")[0]
    failures = []
    for role in ("admin",):
        client = Client()
        client.force_login(world.users[role])
        for value in HOSTILE:
            response = client.get(path, {param: value for param in PAGE_PARAMS})
            if response.status_code >= 500 and not (name == "healthz" and response.status_code == 503):
                failures.append((role, repr(value)[:40], response.status_code))
    assert not failures, f"{name} {path}: {failures}"
