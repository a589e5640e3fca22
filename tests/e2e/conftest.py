"""Playwright on the system Chromium (browser downloads do not work here)."""

import os
import shutil
from pathlib import Path

import pytest

ARTIFACTS = Path(
    os.environ.get("SYNCPLAN_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts")
)
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("browser tests need the system Chromium: apt-get install chromium")
    return path


@pytest.fixture(scope="session")
def browser():
    # The sync Playwright API runs an event loop in this thread; the ORM calls the tests make
    # around it are ordinary synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page; fails the test on any console error (CSP violations included)."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"browser console errors: {errors}"


@pytest.fixture
def login(page):
    """``login(user)`` signs ``user`` in through the real login form (password from factories)."""

    def sign_in(user, password="correct-horse-battery"):
        page.goto("/login/")
        page.fill("main input[name=username]", user.username)
        page.fill("main input[name=password]", password)
        # The login form's button, not the top bar's "Sign out" of a previous user.
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)
        return page

    return sign_in


def screenshot(page, name: str) -> Path:
    """Save a screenshot for review under test-artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    # caret="initial": hiding the caret injects an inline <style>, which the strict Content
    # Security Policy (rightly) refuses and the page fixture would report.
    page.screenshot(path=str(path), full_page=True, caret="initial")
    return path
