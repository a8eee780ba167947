"""SLA badges stay live on an open page: a badge turns amber when its warning instant
comes and red at its due instant, without a reload, and its text is refreshed from
the server in business time (static/js/sla-live.js; no inline script)."""

import pytest

from tests.browser.session import login
from tests.browser.test_sla_panel import queue_badge, ticket  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_badge_changes_colour_at_warn_and_breach(page, live_server, ticket):  # noqa: F811 - fixture
    login(page, live_server.url, "agent")
    page.goto(f"{live_server.url}/tickets/")
    badge = queue_badge(page, ticket)
    assert "sla-ok" in badge.get_attribute("class")
    assert badge.get_attribute("data-sla-ref") == f"t:{ticket.pk}" and badge.get_attribute("data-sla-due")
    # The warning instant comes (set it to just now): amber within a tick, no reload.
    set_instant = "([el, name]) => el.setAttribute(name, new Date(Date.now() - 1000).toISOString())"
    page.evaluate(set_instant, [badge.element_handle(), "data-sla-warn"])
    page.wait_for_function("el => el.classList.contains('sla-warning')", arg=badge.element_handle(), timeout=20_000)
    page.evaluate(set_instant, [badge.element_handle(), "data-sla-due"])
    page.wait_for_function("el => el.classList.contains('sla-breached')", arg=badge.element_handle(), timeout=20_000)
    # The poll brings the server's business-time text and the true colour back.
    fresh = page.evaluate("async (ref) => (await (await fetch('/sla/badges/?ref=' + ref)).json())", f"t:{ticket.pk}")
    assert fresh[f"t:{ticket.pk}"]["kind"] == "ok" and "工作小时" in fresh[f"t:{ticket.pk}"]["text"]
