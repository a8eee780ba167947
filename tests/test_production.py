"""Production posture: the deploy check with the documented production environment,
the Content-Security-Policy (and no inline script anywhere it could break), the
Permissions-Policy, `Cache-Control: private, no-store` on what a user sees, friendly
404/500 pages, a database out of connections answering 503 with Retry-After, and
Swagger UI served from our own static files."""

import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError, ProgrammingError, connection

from slacenter.error_views import RETRY_AFTER_SECONDS, is_database_unavailable

BASE_DIR = Path(settings.BASE_DIR)
PRODUCTION_ENV = {
    "HTTPS": "1",
    "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "sla.example.com",
    "DEBUG": "0",
}


def _deploy_check(extra_env: dict, tmp_path) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by tests/browser/conftest.py for Playwright in this
    # process (the whole suite imports it): a real deployment never has it.
    unset = {"DEBUG", "HTTPS", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(extra_env, SLACENTER_VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="slacenter.settings")
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )


def test_deploy_check_passes_with_the_documented_production_settings(tmp_path):
    result = _deploy_check(PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_for_the_plain_http_demo(tmp_path):
    """The demo defaults (no HTTPS) are not a production configuration, and the check says so."""
    result = _deploy_check({"SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"], "ALLOWED_HOSTS": "sla.example.com"}, tmp_path)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stdout + result.stderr


# --- headers --------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_carry_csp_without_inline_script_and_permissions_policy(client, agent):
    client.force_login(agent)
    response = client.get("/tickets/")
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_authenticated_pages_and_api_answers_are_not_stored(client, agent):
    client.force_login(agent)
    for url in ("/tickets/", "/api/v1/tickets/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


@pytest.mark.django_db
def test_anonymous_api_answer_is_not_stored_either(client):
    response = client.get("/api/v1/tickets/")
    assert response.status_code in (401, 403)
    assert response["Cache-Control"] == "private, no-store"


INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)


def _project_templates():
    dirs = [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]
    return [path for folder in dirs for path in folder.rglob("*.html") if ".venv" not in path.parts]


def test_no_template_has_inline_script_handlers_styles_or_cdn_links():
    """The CSP refuses inline script and style, and nothing may come from a CDN."""
    templates = _project_templates()
    assert templates
    offenders = []
    for path in templates:
        text = path.read_text()
        if INLINE_HANDLER.search(text) or INLINE_SCRIPT.search(text) or re.search(r"\sstyle=\"", text):
            offenders.append(str(path.relative_to(BASE_DIR)))
        if re.search(r"(src|href)=\"(https?:)?//", text):
            offenders.append(f"{path.relative_to(BASE_DIR)} (external URL)")
    assert offenders == []


# --- error pages ------------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_url_is_a_plain_404_page_not_the_technical_one(client, agent):
    client.force_login(agent)
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    body = response.content.decode()
    assert "URLconf" not in body and "Page not found" in body


def _too_many_clients(*args, **kwargs):
    error = OperationalError("FATAL:  sorry, too many clients already")
    error.__cause__ = psycopg.OperationalError("FATAL:  sorry, too many clients already")
    raise error


@pytest.fixture
def database_refuses_connections(monkeypatch):
    def install():
        monkeypatch.setattr(connection, "ensure_connection", _too_many_clients)

    return install


@pytest.mark.django_db
def test_database_out_of_connections_is_503_with_retry_after(client, agent, database_refuses_connections):
    client.force_login(agent)
    client.raise_request_exception = False
    database_refuses_connections()

    page = client.get("/tickets/")
    assert page.status_code == 503
    assert page["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert b"<h1>" in page.content

    api = client.get("/api/v1/tickets/")
    assert api.status_code == 503
    assert api["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert api.json()["code"] == "service_unavailable"


@pytest.mark.django_db
def test_a_real_bug_is_still_a_500(client, agent, monkeypatch):
    client.force_login(agent)
    client.raise_request_exception = False

    def broken(*args, **kwargs):
        raise ProgrammingError('relation "tickets_ticket" does not exist')

    monkeypatch.setattr(connection, "ensure_connection", broken)
    response = client.get("/api/v1/tickets/")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (psycopg.OperationalError("could not connect to server: Connection refused"), True),
        (psycopg.errors.DeadlockDetected("deadlock detected"), True),
        (psycopg.errors.TooManyConnections("too many connections"), True),
        (psycopg.errors.SyntaxError("syntax error"), False),
    ],
)
def test_which_database_errors_mean_try_again(error, transient):
    wrapped = OperationalError(str(error))
    wrapped.__cause__ = error
    assert is_database_unavailable(wrapped) is transient


def test_sqlite_locked_is_transient_but_missing_table_is_not():
    import sqlite3

    for message, transient in (("database is locked", True), ("no such table: tickets_ticket", False)):
        wrapped = OperationalError(message)
        wrapped.__cause__ = sqlite3.OperationalError(message)
        assert is_database_unavailable(wrapped) is transient
    assert is_database_unavailable(ValueError("x")) is False


# --- API docs offline ------------------------------------------------------------------


@pytest.mark.django_db
def test_api_docs_load_swagger_ui_from_our_own_static_files(client, agent):
    client.force_login(agent)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r"<(?:script|link)[^>]+(?:src|href)=\"([^\"]+)\"", html)
    assert any("swagger-ui-bundle.js" in src for src in sources)
    assert all(src.startswith("/") and not src.startswith("//") for src in sources), sources
    assert not INLINE_SCRIPT.search(html) and "<style" not in html

    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_tests_hash_passwords_with_the_fast_hasher():
    """tests/conftest.py: one session-wide fast hasher (PBKDF2 would cost ~0.5 s a user)."""
    from django.contrib.auth.hashers import make_password

    assert make_password("demo12345").startswith("md5$")


def test_persistent_connections_are_health_checked_before_reuse():
    """A connection the server dropped (restart, idle timeout) is replaced before a
    request or task uses it, instead of failing that request."""
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
