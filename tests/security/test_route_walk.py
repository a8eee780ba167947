"""Issue 7 part 7: walk every URL pattern (the resolver) and every API operation (the
OpenAPI schema) as every role, with asymmetric departments:

- a route naming an object outside the user's scope answers 404 (never 403, never 200),
  exactly like a route naming an object that does not exist;
- a route naming a real object the user may see answers it (a page, a redirect, or a
  refusal of an empty command), never 404 (`world.INSIDERS`);
- no list or page shows an out-of-scope row (the hidden objects' markers);
- no role ever gets a 5xx; anonymous users get nothing but a login.

The route table is `tests/security/routes.py` (how to add an entry is explained
there); a route without an entry fails `test_every_route_has_an_entry`. One test per
route, all roles inside it, over one world built once per module (each test's writes
roll back).
"""

from http.cookies import SimpleCookie

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from drf_spectacular.generators import SchemaGenerator

from .routes import ROUTES, Entry
from .world import CUSTOMER_MARKERS, INSIDERS, MISSING_ID, OUTSIDERS, TICKET_MARKERS, build_world

ANONYMOUS_OK = {301, 302, 401, 403, 404, 405}
# What a user who may see the object gets from a route naming it: the page (or a
# redirect), and for a command with an empty body its refusal (bad input, not allowed
# for the role, not in this state) or its redirect back — never 404, never 5xx.
INSIDER_OK = {False: {200, 302, 405}, True: {200, 201, 302, 400, 403, 405, 409}}
# A route whose object the walk cannot build only answers "missing id": one user of each
# kind is enough there (the walk stays fast).
UNKNOWN_ROLES = ("anonymous", "norole", "agent1", "qa", "manager", "admin", "logistics_head", "merchandise_staff")
PLACEHOLDERS = {"{pk}": "1", "{id}": "1", "{part_id}": "1", "{indicator_id}": "1", "{day}": "2030-01-01",
                "{token}": "x"}


def url_names() -> set[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("admin/"):
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"

    return set(walk(get_resolver().url_patterns))


def test_every_route_has_an_entry():
    names = url_names()
    missing, stale = sorted(names - set(ROUTES)), sorted(set(ROUTES) - names)
    assert not missing, f"add these routes to tests/security/routes.py: {missing}"
    assert not stale, f"these entries of tests/security/routes.py name no route: {stale}"


def test_every_api_operation_has_a_route_entry():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    unmatched = []
    for path, operations in schema["paths"].items():
        concrete = path
        for placeholder, value in PLACEHOLDERS.items():
            concrete = concrete.replace(placeholder, value)
        try:
            name = resolve(concrete).view_name
        except Exception:  # noqa: BLE001 - reported below
            name = None
        if name not in ROUTES:
            unmatched.append((path, sorted(operations)))
    assert not unmatched, f"API operations without a route entry: {unmatched}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        for user in built.users.values():
            client_for(user)
        yield built
        _clients.clear()
        transaction.set_rollback(True)


_clients: dict = {}


def client_for(user) -> Client:
    """One logged-in client per user for the module (its session lives in the world's
    transaction; each test's writes roll back)."""
    key = user.pk if user is not None else None
    if key not in _clients:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            client.force_login(user)
        _clients[key] = (client, SimpleCookie(client.cookies.output(header="", sep="\n")))
    client, cookies = _clients[key]
    client.cookies = SimpleCookie(cookies.output(header="", sep="\n"))  # a logout route clears them
    return client


def path_for(name: str, entry: Entry, pk) -> str:
    if entry.path:
        return entry.path.replace("{pk}", str(pk))
    kwargs = dict(entry.kwargs)
    query = {}
    for key in list(kwargs):
        if key.endswith("_q") or key == "q":
            query[key] = kwargs.pop(key)
    try:
        path = reverse(name, kwargs={"pk": pk, **kwargs})
    except Exception:  # noqa: BLE001 - a route without pk
        path = reverse(name, kwargs=kwargs or None)
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


def send(client: Client, entry: Entry, path: str):
    return client.post(path, {}) if entry.post else client.get(path)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route(world, name):
    entry = ROUTES[name]
    pk = world.objects.get(entry.kind, MISSING_ID)
    path = path_for(name, entry, pk)
    failures = []
    for role, user in world.users.items():
        if entry.few_roles and role not in ("anonymous", "norole", "merchandise_staff", "admin"):
            continue
        if entry.unknown and role not in UNKNOWN_ROLES:
            continue
        with transaction.atomic():
            response = send(client_for(user), entry, path)
            body = response.content.decode(errors="replace") if not getattr(response, "streaming", False) else ""
            transaction.set_rollback(True)
        status = response.status_code
        if status >= 500 and not (name == "healthz" and status == 503):  # 503: no worker in tests
            failures.append(f"{role}: {status}")
            continue
        if user is None and not entry.public and status not in ANONYMOUS_OK:
            failures.append(f"anonymous got {status}")
        if entry.kind and role in OUTSIDERS[entry.kind] and status != 404:
            failures.append(f"{role} (out of scope) got {status}, not 404")
        if (entry.kind and role in INSIDERS.get(entry.kind, ()) and role not in entry.off_for
                and status not in INSIDER_OK[entry.post]):
            failures.append(f"{role} (may see it) got {status}")
        if entry.unknown and user is not None and role not in ("norole",) and 200 <= status < 300:
            failures.append(f"{role} got {status} for a missing id")
        if role in ("merchandise_staff", "merchandise_head", "agent2"):
            leaked = [m for m in TICKET_MARKERS if m in body]
            if role != "agent2":
                leaked += [m for m in CUSTOMER_MARKERS if m in body]
            if leaked:
                failures.append(f"{role} sees {leaked}")
    if not (entry.kind or entry.unknown or entry.public or entry.post or entry.few_roles):
        failures += _id_filters_answer_alike(world, path)
    if entry.kind:
        missing_path = path_for(name, entry, MISSING_ID)
        for role in OUTSIDERS[entry.kind]:
            with transaction.atomic():
                status = send(client_for(world.users[role]), entry, missing_path).status_code
                transaction.set_rollback(True)
            if status != 404:
                failures.append(f"{role}: a missing id got {status}, not 404")
    assert not failures, f"{name} {path}: {failures}"


ID_PARAMS = ("ticket", "customer", "transfer", "attachment")


def _id_filters_answer_alike(world, path: str) -> list[str]:
    """`?ticket=<hidden id>` and `?ticket=<missing id>` (and the other id filters) must
    answer alike for an outsider: the same status, and for JSON the same body."""
    failures = []
    joiner = "&" if "?" in path else "?"
    hidden = "&".join(f"{p}={world.objects[p]}" for p in ID_PARAMS)
    missing = "&".join(f"{p}={MISSING_ID}" for p in ID_PARAMS)
    client = client_for(world.users["merchandise_staff"])
    answers = []
    for query in (hidden, missing):
        with transaction.atomic():
            response = client.get(f"{path}{joiner}{query}")
            transaction.set_rollback(True)
        is_json = response.get("Content-Type", "").startswith("application/json")
        answers.append((response.status_code, response.json() if is_json else None))
    if answers[0] != answers[1]:
        failures.append(f"id filters tell a hidden id from a missing one: {answers[0][0]} vs {answers[1][0]}")
    return failures
