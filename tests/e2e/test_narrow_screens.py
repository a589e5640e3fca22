"""The main pages at 390 px (a phone): the workspace's picker and field lists within reach, the
dashboard table scrolls sideways instead of being cut, the connection picture's labels readable.
Screenshots of the workspace, the enum editor and the plan page at 1400 px and 390 px go to
test-artifacts/."""

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_accessibility import build_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}


def top(page, selector) -> float:
    """Distance in px from the top of the document to ``selector``."""
    return page.locator(selector).first.evaluate(
        "el => el.getBoundingClientRect().top + window.scrollY"
    )


def page_overflow(page) -> int:
    """How many px the page is wider than the window (0: nothing is cut or needs side scrolling)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def test_the_workspace_puts_the_picker_and_both_field_lists_within_reach(page, login):
    user, plan, tm, _ = build_plan()
    login(user)
    page.set_viewport_size(PHONE)
    page.goto(f"/plans/{plan.pk}/connections/{tm.connection_id}/types/{tm.pk}/")

    picker, left, right = (
        top(page, "#pair-picker"),
        top(page, "#fields-left"),
        top(page, "#fields-right"),
    )
    # Before: the picker 1,459 px down, the right-hand list 4,190 px.
    assert picker < 900, picker
    assert picker < left < right < 1600, (left, right)
    for selector in ("#fields-left", "#fields-right"):
        assert page.locator(selector).bounding_box()["height"] <= 300
    # The lists scroll within their box: the last field of each side can still be reached.
    page.locator("#fields-right li").last.scroll_into_view_if_needed()
    assert page.locator("#fields-right li").last.is_visible()
    assert page_overflow(page) <= 0
    box = page.locator("#pair-picker select").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_the_dashboard_table_scrolls_sideways_instead_of_being_cut(page, login):
    user, plan, _, _ = build_plan()
    login(user)
    page.set_viewport_size(PHONE)
    page.goto("/")
    assert page_overflow(page) <= 0
    scroller = page.locator(".table-scroll").first
    box = scroller.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # Every column is in the scrolling box: the last header can be scrolled into view.
    last = scroller.locator("th").last
    last.scroll_into_view_if_needed()
    last_box = last.bounding_box()
    assert last_box["x"] >= 0 and last_box["x"] + last_box["width"] <= PHONE["width"] + 1


def test_the_connection_pictures_labels_stay_readable(page, login):
    user, plan, tm, _ = build_plan()
    login(user)
    page.set_viewport_size(PHONE)
    page.goto(f"/plans/{plan.pk}/connections/{tm.connection_id}/")
    assert page_overflow(page) <= 0
    # Rendered size = font size in SVG units × the scale the SVG is drawn at.
    sizes = page.locator("svg.picture").evaluate(
        """svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll('text')].map(
                t => parseFloat(getComputedStyle(t).fontSize) * scale);
        }"""
    )
    assert sizes and min(sizes) >= 11, sizes  # before: 6-7 px


def test_screenshots_of_the_workspace_enum_editor_and_plan_page(page, login):
    user, plan, tm, enum_mapping = build_plan()
    login(user)
    conn = f"/plans/{plan.pk}/connections/{tm.connection_id}/"
    pages = {
        "workspace": f"{conn}types/{tm.pk}/",
        "enum-editor": f"{conn}types/{tm.pk}/fields/{enum_mapping.pk}/values/",
        "plan-page": f"/plans/{plan.pk}/",
    }
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        for name, url in pages.items():
            page.goto(url)
            assert page_overflow(page) <= 0, f"{name} at {size['width']} px"
            path = screenshot(page, f"{name}-{size['width']}px")
            assert path.stat().st_size > 0
