"""htmx keeps working under the strict Content Security Policy (the ``page`` fixture fails the
test on any console error, CSP violations included)."""

import pytest

from tests.e2e.conftest import screenshot
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_administrator_runs_the_self_check_through_htmx_without_csp_violations(
    page, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    login(UserFactory(is_staff=True))

    page.get_by_role("link", name="System").click()
    page.wait_for_url("**/system/")
    page.get_by_role("button", name="Run the self-check").click()

    page.get_by_text("Succeeded").wait_for()
    assert page.url.endswith("/system/")  # swapped in place by htmx, no full page load
    assert page.get_by_role("link", name="Download the report").is_visible()
    screenshot(page, "system-selfcheck")


def test_an_injected_inline_script_is_refused_by_the_policy(browser, live_server):
    # Its own page: the shared ``page`` fixture would (rightly) fail on the violation.
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    console = []
    page.on("console", lambda msg: console.append(msg.text))
    try:
        page.goto("/login/")
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.injected = true'; document.body.appendChild(s); }"
        )
        page.wait_for_timeout(200)

        assert page.evaluate("() => window.injected === undefined")
        assert any("Content Security Policy" in text for text in console), console
    finally:
        context.close()
