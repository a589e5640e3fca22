import pytest

from tests.e2e.conftest import screenshot
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_member_signs_in_and_sees_their_plan(page, login):
    user = UserFactory()
    membership = MembershipFactory(user=user, plan__name="ALM to Jira defects")

    login(user)

    page.get_by_role("link", name="ALM to Jira defects").click()
    page.wait_for_url(f"**/plans/{membership.plan.pk}/")
    assert page.get_by_role("heading", name="ALM to Jira defects").is_visible()
    screenshot(page, "plan-detail")


def test_an_anonymous_visitor_is_sent_to_the_login_page(page):
    page.goto("/")
    assert "/login/" in page.url
