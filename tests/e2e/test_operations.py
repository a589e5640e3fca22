import datetime

import pytest

from planner.models import OperationsItem
from tests.e2e.conftest import screenshot
from tests.factories import (
    EndpointFactory,
    MembershipFactory,
    OperationsItemFactory,
    SyncServerFactory,
    UserFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_editor_plans_the_database_purge_and_copies_its_commands(page, login):
    user = UserFactory()
    server = SyncServerFactory(name="Connect prod", time_zone="UTC")
    membership = MembershipFactory(user=user, role="editor", plan__sync_server=server)
    EndpointFactory(plan=membership.plan, name="Jira")
    OperationsItemFactory(
        sync_server=server,
        kind="certificate",
        name="jira.example.com TLS",
        expires_on=datetime.date.today() + datetime.timedelta(days=5),
    )
    login(user)

    page.goto(f"/plans/{membership.plan.pk}/")
    page.get_by_text("1 expiring").wait_for()
    page.get_by_role("link", name="Operations register").click()
    page.get_by_text("OPS-003").wait_for()

    page.get_by_text("Add a maintenance task").first.click()
    page.fill("#id_new-maintenance_task-name", "Database purge")
    page.check("#id_new-maintenance_task-is_database_purge")
    page.fill("#id_new-maintenance_task-command", "/opt/connect/bin/purge.sh")
    page.select_option("#id_new-maintenance_task-frequency", "weekly")
    page.check("#id_new-maintenance_task-weekdays_6")
    page.fill("#id_new-maintenance_task-at_time", "02:30")
    page.fill("#id_new-maintenance_task-time_zone", "Europe/Berlin")
    page.get_by_role("button", name="Add a maintenance task").click()

    page.get_by_text("Added to the register.").wait_for()
    assert OperationsItem.objects.get(kind="maintenance_task").is_database_purge
    assert page.get_by_text("CRON_TZ=Europe/Berlin").is_visible()
    assert page.get_by_text("/SC WEEKLY /D SUN").is_visible()
    assert page.get_by_text("OPS-003").count() == 0
    screenshot(page, "operations-register")
