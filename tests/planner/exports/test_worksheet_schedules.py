"""The worksheet's maintenance-task lines are the register's (issue 13): the same cron line with
CRON_TZ= and ``%`` escaped, the same schtasks command converted to the server's zone with /F."""

import dataclasses
import datetime
import io

import openpyxl
import pytest
from django.test import Client

from planner.exports.sheets import ExportOptions, build_sheets, gather
from planner.exports.worksheet import export_xlsx, write_workbook
from planner.operations import schedules
from tests.factories import (
    MembershipFactory,
    OperationsItemFactory,
    PlanFactory,
    SyncServerFactory,
)

pytestmark = pytest.mark.django_db

WINTER_SUNDAY = datetime.date(2027, 1, 10)  # both zones on standard time: New York is UTC-5
SUMMER_SUNDAY = datetime.date(2027, 7, 11)  # both on summer time: still six hours apart
COMMAND = "/opt/connect/bin/purge.sh --before $(date +%Y-%m-%d)"


@pytest.fixture
def plan():
    server = SyncServerFactory(time_zone="Europe/Berlin")
    plan = PlanFactory(sync_server=server)
    OperationsItemFactory(
        sync_server=server,
        kind="maintenance_task",
        key="purge",
        name="Database purge",
        is_database_purge=True,
        command=COMMAND,
        frequency="weekly",
        weekdays=[6],
        at_time=datetime.time(1, 30),
        time_zone="America/New_York",
    )
    return plan


def _task_row(workbook_bytes):
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes))["Operations"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    tasks = [dict(zip(header, r, strict=True)) for r in rows[1:] if r[0] == "Maintenance tasks"]
    assert len(tasks) == 1
    return tasks[0]


def _xlsx_on(plan, day):
    data = dataclasses.replace(gather(plan), on=day)
    out = io.BytesIO()
    write_workbook(build_sheets(data, ExportOptions()), out)
    return out.getvalue()


@pytest.mark.parametrize("day", [WINTER_SUNDAY, SUMMER_SUNDAY])
def test_purge_in_another_zone_renders_like_the_register(plan, day):
    row = _task_row(_xlsx_on(plan, day))

    cron_tz, cron = row["cron"].split("\n")
    assert cron_tz == "CRON_TZ=America/New_York"
    # cron keeps the task's own time under CRON_TZ; Sunday is 0 for cron.
    assert cron.startswith("30 1 * * 0 ")
    assert r"+\%Y-\%m-\%d" in cron
    assert "%Y" not in cron.replace(r"\%", "")
    # Task Scheduler has no zone: 01:30 in New York is 07:30 in Berlin, the same Sunday.
    assert "/SC WEEKLY /D SUN /ST 07:30" in row["schtasks"]
    assert row["schtasks"].endswith(" /F")
    assert "America/New_York" in row["Schedule"]
    assert "07:30" in row["Schedule"]  # the note gives the server-local time


def test_worksheet_cells_equal_the_register_renderer(plan):
    """Today's export, whatever the date: the cells are exactly what the register page shows."""
    row = _task_row(export_xlsx(plan, ExportOptions()))
    item = plan.sync_server.operations_items.get()
    # The export and this check may straddle midnight; the lines only move on a DST change.
    expected = schedules.for_item(item, "Europe/Berlin", datetime.date.today())
    assert row["cron"] == expected.cron
    assert row["schtasks"] == expected.schtasks


def test_print_view_shows_the_register_lines(plan):
    membership = MembershipFactory(plan=plan, role="owner")
    client = Client()
    client.force_login(membership.user)
    response = client.get(f"/plans/{plan.pk}/print/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "CRON_TZ=America/New_York" in page
    assert r"\%Y-\%m-\%d" in page
    assert "/F" in page


def test_task_without_schedule_has_no_lines(plan):
    plan.sync_server.operations_items.update(frequency="", at_time=None)
    row = _task_row(_xlsx_on(plan, WINTER_SUNDAY))
    assert row["Schedule"] == "No schedule"
    assert row["cron"] is None
    assert row["schtasks"] is None
