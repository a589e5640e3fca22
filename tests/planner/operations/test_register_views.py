import datetime

import pytest
from django.urls import reverse

from core.models import AuditEvent
from planner.models import OperationsItem, SyncServer
from tests.factories import EndpointFactory, OperationsItemFactory, SyncServerFactory


@pytest.fixture
def server(plan):
    plan.sync_server = SyncServerFactory(name="Connect prod", time_zone="UTC")
    plan.save()
    return plan.sync_server


def ops_url(plan, name="operations", **kwargs):
    return reverse(f"planner:{name}", kwargs={"plan_id": plan.pk, **kwargs})


def test_a_plan_without_a_server_is_asked_to_choose_or_create_one(member_client, plan):
    html = member_client.get(ops_url(plan)).content.decode()
    assert "Choose this plan's sync server first" in html

    response = member_client.post(ops_url(plan, "operations_choose_server"), {"new_name": "Prod"})

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.sync_server.name == "Prod"


def test_choosing_neither_or_both_servers_is_refused_with_a_message(member_client, plan):
    response = member_client.post(ops_url(plan, "operations_choose_server"), {})

    assert response.status_code == 200
    assert "Choose an existing sync server or name a new one." in response.content.decode()
    assert not SyncServer.objects.exists()


def test_a_maintenance_task_is_added_and_its_cron_and_schtasks_commands_shown(
    member_client, plan, server
):
    response = member_client.post(
        ops_url(plan, "operations_add_item", kind="maintenance_task"),
        {
            "new-maintenance_task-name": "Database purge",
            "new-maintenance_task-is_database_purge": "on",
            "new-maintenance_task-command": "/opt/connect/purge.sh",
            "new-maintenance_task-frequency": "weekly",
            "new-maintenance_task-weekdays": ["6"],
            "new-maintenance_task-at_time": "02:30",
            "new-maintenance_task-time_zone": "",
        },
    )

    assert response.status_code == 302
    task = OperationsItem.objects.get(sync_server=server, kind="maintenance_task")
    assert task.key == "database-purge"
    assert task.weekdays == [6]
    html = member_client.get(ops_url(plan)).content.decode()
    assert "30 2 * * 0 /opt/connect/purge.sh" in html
    assert "/SC WEEKLY /D SUN /ST 02:30" in html
    assert "OPS-003" not in html
    assert AuditEvent.objects.filter(plan=plan, action="operations_item.create").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"frequency": "weekly", "at_time": "02:00"}, "at least one day of the week"),
        ({"frequency": "monthly", "at_time": "02:00"}, "day of the month"),
        ({"frequency": "monthly", "at_time": "02:00", "day_of_month": "40"}, "between 1 and 31"),
        ({"frequency": "daily"}, "Give the time the task runs at."),
        (
            {"frequency": "daily", "at_time": "02:00", "time_zone": "Moon/Base"},
            "not a known time zone",
        ),
    ],
)
def test_an_invalid_schedule_is_refused_with_a_clear_message(
    member_client, plan, server, fields, message
):
    data = {"new-maintenance_task-name": "Purge", "new-maintenance_task-command": "purge.sh"}
    data.update({f"new-maintenance_task-{k}": v for k, v in fields.items()})

    response = member_client.post(
        ops_url(plan, "operations_add_item", kind="maintenance_task"), data
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OperationsItem.objects.exists()


def test_endpoint_fields_are_edited_on_the_endpoint_itself(member_client, plan, server):
    endpoint = EndpointFactory(plan=plan)
    prefix = f"endpoint-{endpoint.pk}"

    response = member_client.post(
        ops_url(plan, "operations_edit_endpoint", endpoint_id=endpoint.pk),
        {
            f"{prefix}-lock_version": "0",
            f"{prefix}-integration_account": "svc-connect",
            f"{prefix}-auth_method": "native",
            f"{prefix}-account_locale": "en_US",
            f"{prefix}-network_path": "proxy",
            f"{prefix}-proxy_host": "proxy.corp",
            f"{prefix}-proxy_port": "8080",
        },
    )

    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.integration_account, endpoint.proxy_host, endpoint.proxy_port) == (
        "svc-connect",
        "proxy.corp",
        8080,
    )


def test_a_proxy_without_host_and_port_is_refused(member_client, plan, server):
    endpoint = EndpointFactory(plan=plan)
    prefix = f"endpoint-{endpoint.pk}"

    response = member_client.post(
        ops_url(plan, "operations_edit_endpoint", endpoint_id=endpoint.pk),
        {f"{prefix}-lock_version": "0", f"{prefix}-network_path": "proxy"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Give the proxy&#x27;s host name." in html
    assert "Give the proxy&#x27;s port." in html


def test_a_stale_edit_of_a_certificate_is_refused(member_client, plan, server):
    cert = OperationsItemFactory(sync_server=server, kind="certificate", name="TLS")
    OperationsItem.objects.filter(pk=cert.pk).update(lock_version=3)
    prefix = f"item-{cert.pk}"

    response = member_client.post(
        ops_url(plan, "operations_edit_item", item_id=cert.pk),
        {
            f"{prefix}-lock_version": "0",
            f"{prefix}-name": "TLS",
            f"{prefix}-expires_on": "2027-01-01",
        },
    )

    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    cert.refresh_from_db()
    assert cert.expires_on is None


def test_a_product_skill_needs_its_product(member_client, plan, server):
    response = member_client.post(
        ops_url(plan, "operations_add_item", kind="skill"),
        {
            "new-skill-skill_area": "product",
            "new-skill-name": "Jira admin",
            "new-skill-owner": "Ann",
        },
    )
    assert "Name the product this knowledge is about." in response.content.decode()


def test_the_expiry_calendar_downloads_as_ics(member_client, plan, server):
    OperationsItemFactory(
        sync_server=server, kind="credential", name="API key", expires_on=datetime.date(2027, 3, 1)
    )

    response = member_client.get(ops_url(plan, "operations_calendar"))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert b"DTSTART;VALUE=DATE:20270301" in response.content


def test_a_viewer_sees_the_register_but_cannot_change_it(client_for, plan, server):
    client = client_for("viewer")

    assert client.get(ops_url(plan)).status_code == 200
    response = client.post(
        ops_url(plan, "operations_add_item", kind="skill"),
        {"new-skill-skill_area": "networking", "new-skill-name": "Proxies"},
    )
    assert response.status_code == 403
    assert not OperationsItem.objects.exists()


def test_an_outsider_gets_404(client_for, plan, server):
    client = client_for(None)
    assert client.get(ops_url(plan)).status_code == 404
    assert client.get(ops_url(plan, "operations_calendar")).status_code == 404


@pytest.mark.parametrize("size", [1, 20])
def test_the_register_runs_a_bounded_number_of_queries(
    member_client, plan, server, size, django_assert_max_num_queries
):
    for n in range(size):
        EndpointFactory(plan=plan)
        OperationsItemFactory(
            sync_server=server, kind="certificate", expires_on=datetime.date(2027, 1, n % 28 + 1)
        )
        OperationsItemFactory(sync_server=server, kind="maintenance_task", frequency="daily",
                              at_time=datetime.time(2, 0), command="x")  # fmt: skip
    with django_assert_max_num_queries(15):
        member_client.get(ops_url(plan))


def test_the_server_form_checks_the_time_zone_and_the_warning_window(member_client, plan, server):
    response = member_client.post(
        ops_url(plan, "operations_edit_server"),
        {
            "lock_version": "0",
            "name": "Connect prod",
            "operating_system": "linux",
            "time_zone": "Europe/Nowhere",
            "expiry_warning_days": "0",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "is not a known time zone" in html
    assert "between 1 and 365 days" in html


def test_the_server_records_its_test_environment_and_backup_procedure(member_client, plan, server):
    response = member_client.post(
        ops_url(plan, "operations_edit_server"),
        {
            "lock_version": "0",
            "name": "Connect prod",
            "operating_system": "windows",
            "time_zone": "Europe/Berlin",
            "expiry_warning_days": "45",
            "test_environment": "connect-test.corp with the Jira and Octane sandboxes",
            "backup_procedure": "Nightly pg_dump; restore with pg_restore, tested quarterly",
        },
    )

    assert response.status_code == 302
    server.refresh_from_db()
    assert server.expiry_warning_days == 45
    assert server.test_environment.startswith("connect-test.corp")
    assert server.backup_procedure.startswith("Nightly pg_dump")
