"""Logging in and out in the browser tests: the demo password, the real login form."""

import re

PASSWORD = "pass12345"


def login(page, base: str, username: str, *, language: str | None = None) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not log in"
    if language == "en":
        page.click("form.lang-switch button[value=en]")
        page.wait_for_load_state()


def logout(page) -> None:
    page.click("form.logout button")
    page.wait_for_url(re.compile(r"/accounts/login/"))
