"""Real Chromium through Playwright (sync API). The browser is the system's
/usr/bin/chromium (Playwright cannot download one here); without it the browser tests
are skipped with the reason."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
# the test itself (fixtures, DB checks) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots"))


@pytest.fixture(scope="session", autouse=True)
def _live_server_media_url():
    """Django's live server wraps the app in a media handler that cannot cope with
    MEDIA_URL = None (attachments are served only by a scoped view). Give it a path
    that nothing links to, before `live_server` starts."""
    from django.test import override_settings

    with override_settings(MEDIA_URL="/_live_server_media/"):
        yield


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (install chromium, or set CHROMIUM_PATH)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
