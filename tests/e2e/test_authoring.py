"""A new user builds a plan in the browser: endpoints from the catalog, a connection, a type
mapping and a user map whose users all resolve."""

import pytest

from connections.models import Endpoint, EndpointUser, Field, TypeMapping
from tests.e2e.conftest import screenshot
from tests.factories import MembershipFactory, ProductFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def profile(type_key, type_label):
    return {
        "user_representation": "email",
        "types": [
            {
                "key": type_key,
                "label": type_label,
                "fields": [
                    {"key": "summary", "label": "Summary", "data_type": "string"},
                    {
                        "key": "priority",
                        "label": "Priority",
                        "data_type": "enum",
                        "values": [{"label": "High"}, {"label": "Low"}],
                    },
                ],
            }
        ],
    }


def add_endpoint(page, plan, product, key):
    page.goto(f"/plans/{plan.pk}/")
    page.get_by_role("link", name="Add an endpoint").click()
    page.select_option("select[name=product]", label=product)
    page.fill("input[name=key]", key)
    page.get_by_role("button", name="Add endpoint").click()
    page.wait_for_url("**/endpoints/*/")
    assert page.get_by_role("heading", name=product).is_visible()


def test_a_new_user_maps_a_type_and_resolves_users_in_the_browser(page, login):
    ProductFactory(key="jira-cloud", name="Jira Cloud", profile=profile("bug", "Bug"))
    ProductFactory(key="octane", name="ALM Octane", profile=profile("defect", "Defect"))
    user = UserFactory()
    plan = MembershipFactory(user=user, plan__name="Jira to Octane").plan
    login(user)

    add_endpoint(page, plan, "Jira Cloud", "jira")
    screenshot(page, "endpoint")

    # A field of the prefilled type opens in place, and saves on its own.
    page.get_by_role("link", name="Fields (2)").click()
    page.get_by_role("link", name="Summary").click()
    summary = Field.objects.get(item_type__endpoint__key="jira", key="summary")
    row = page.locator(f"#field-{summary.pk}")
    row.locator("input[name=required]").check()
    row.get_by_role("button", name="Save").click()
    page.locator(f"#field-{summary.pk} .saved").wait_for()
    summary.refresh_from_db()
    assert summary.required
    add_endpoint(page, plan, "ALM Octane", "octane")

    page.goto(f"/plans/{plan.pk}/")
    page.get_by_role("link", name="New connection").click()
    page.fill("input[name=key]", "jira-octane")
    page.select_option("select[name=left]", label="Jira Cloud (jira)")
    page.select_option("select[name=right]", label="ALM Octane (octane)")
    page.get_by_role("button", name="Create connection").click()
    page.wait_for_url("**/setup/")

    # Map Bug ↔ Defect in place (htmx appends the new row without a page load).
    add = page.locator("#type-mapping-add")
    add.locator("select[name=left_type_id]").select_option(label="Bug (bug)")
    add.locator("select[name=right_type_id]").select_option(label="Defect (defect)")
    add.locator("select[name=direction]").select_option("both")
    add.locator("select[name=system_of_record]").select_option("left")
    add.get_by_role("button", name="Add").click()
    page.locator("#type-mappings .row-form").wait_for()
    mapping = TypeMapping.objects.get(connection__plan=plan)
    assert (mapping.left_type.key, mapping.right_type.key, mapping.direction) == (
        "bug",
        "defect",
        "both",
    )

    screenshot(page, "connection-setup")

    jira, octane = Endpoint.objects.get(key="jira"), Endpoint.objects.get(key="octane")
    for endpoint, name, email in [
        (jira, "Ann Lee", "ann@corp.com"),
        (jira, "Bo Berg", "bo@corp.com"),
        (octane, "ann lee", "ANN@corp.com"),
        (octane, "Bo Berg", "bo.berg@corp.com"),
    ]:
        EndpointUser.objects.create(
            endpoint=endpoint, username=email.lower(), full_name=name, email=email
        )

    # The type mapping row links to the same user map as the page (issue 16).
    row_link = page.locator("#type-mappings").get_by_role("link", name="User map")
    assert row_link.get_attribute("href") == page.get_by_role(
        "link", name="User map"
    ).first.get_attribute("href")
    row_link.click()
    page.wait_for_url("**/users/")
    # Same representation, no entries yet: usernames compared (case-folded), so only Bo is
    # unmatched on each side.
    assert page.locator("#user-preview").get_by_text("2 unmatched").is_visible()

    # Matching by name resolves both people; the preview refreshes with the save.
    settings = page.locator("#user-map-settings")
    settings.locator("select[name=strategy]").select_option("by_name")
    settings.get_by_role("button", name="Save").click()
    page.locator("#user-map-settings .saved").wait_for()
    assert page.locator("#user-preview").get_by_text("0 unmatched").is_visible()
    screenshot(page, "user-map")
