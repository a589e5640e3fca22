"""axe-core on the main pages: no serious or critical violation.

axe is injected by the test only (a browser context with ``bypass_csp``); the app keeps its strict
Content Security Policy and still fails the test on any console error.
"""

from pathlib import Path

import pytest

from connections.models import TypeMapping
from facts.datatypes import DataType
from planner.validation.services import run_validation
from tests.factories import (
    EnumValueFactory,
    FieldFactory,
    FieldMappingFactory,
    MembershipFactory,
    UserFactory,
    UserMapFactory,
)
from tests.planner.validation.plans import stored_plan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING = {"serious", "critical"}
WIDTHS = (1400, 390)  # the narrow layout (scrolling tables, reordered workspace) is checked too


@pytest.fixture
def axe_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"browser console errors: {errors}"


def blocking_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} @ {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]


def build_plan():
    """A validated plan with findings, one type mapping with an enum pair and a user map."""
    user = UserFactory()
    membership = MembershipFactory(user=user, plan__name="ALM to Jira defects")
    plan = stored_plan(membership.plan)
    tm = TypeMapping.objects.get(connection__plan=plan)
    left = FieldFactory(
        item_type=tm.left_type,
        key="priority",
        label="Priority",
        data_type=DataType.ENUM,
        required=True,
    )
    right = FieldFactory(
        item_type=tm.right_type, key="priority", label="Priority", data_type=DataType.ENUM
    )
    FieldFactory(item_type=tm.right_type, key="component", label="Component",
                 data_type=DataType.ENUM, required=True)  # fmt: skip
    for i, label in enumerate(["Low", "High", "Urgent"]):
        EnumValueFactory(field=left, label=label, position=i)
        EnumValueFactory(field=right, label=label, position=i)
    enum_mapping = FieldMappingFactory(type_mapping=tm, left_field=left, right_field=right)
    UserMapFactory(connection=tm.connection)
    run_validation(plan)
    return user, plan, tm, enum_mapping


def test_the_main_pages_have_no_serious_or_critical_violations(axe_page):
    page = axe_page
    user, plan, tm, enum_mapping = build_plan()
    connection = tm.connection
    conn = f"/plans/{plan.pk}/connections/{connection.pk}/"
    found = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/login/")
        found[f"login at {width} px"] = blocking_violations(page)

    page.fill("main input[name=username]", user.username)
    page.fill("main input[name=password]", "correct-horse-battery")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)

    pages = {
        "dashboard": "/",
        "plan page": f"/plans/{plan.pk}/",
        "endpoint page": f"/plans/{plan.pk}/endpoints/{connection.left_id}/",
        "connection": conn,
        "connection setup": f"{conn}setup/",
        "field workspace": f"{conn}types/{tm.pk}/",
        "enum editor": f"{conn}types/{tm.pk}/fields/{enum_mapping.pk}/values/",
        "user map": f"{conn}users/",
        "findings": f"/plans/{plan.pk}/findings/",
        "review": f"/plans/{plan.pk}/review/",
        "operations register": f"/plans/{plan.pk}/operations/",
        "wizard": f"{conn}wizard/",
    }
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in pages.items():
            response = page.goto(url)
            assert response.ok, f"{name}: {url} answered {response.status}"
            found[f"{name} at {width} px"] = blocking_violations(page)

    assert not any(found.values()), "\n".join(
        f"{name}: {v}" for name, violations in found.items() for v in violations
    )
