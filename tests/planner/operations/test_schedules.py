import datetime

import pytest

from planner.operations.schedules import (
    Schedule,
    ScheduleError,
    commands,
    describe,
    for_item,
)
from tests.factories import OperationsItemFactory

T = datetime.time
PURGE = "/opt/connect/bin/purge.sh --older-than 30"
WINTER = datetime.date(2026, 1, 15)
SUMMER = datetime.date(2026, 7, 15)


@pytest.mark.parametrize(
    ("schedule", "cron", "schtasks"),
    [
        (Schedule("daily", T(2, 0)), "0 2 * * *", "/SC DAILY /ST 02:00"),
        (Schedule("daily", T(23, 45)), "45 23 * * *", "/SC DAILY /ST 23:45"),
        (Schedule("weekly", T(3, 30), (0,)), "30 3 * * 1", "/SC WEEKLY /D MON /ST 03:30"),
        (
            Schedule("weekly", T(4, 5), (6, 0, 2)),
            "5 4 * * 0,1,3",
            "/SC WEEKLY /D MON,WED,SUN /ST 04:05",
        ),
        (
            Schedule("weekly", T(0, 0), tuple(range(7))),
            "0 0 * * 0,1,2,3,4,5,6",
            "/SC WEEKLY /D MON,TUE,WED,THU,FRI,SAT,SUN /ST 00:00",
        ),
        (Schedule("monthly", T(1, 15), day_of_month=1), "15 1 1 * *", "/SC MONTHLY /D 1 /ST 01:15"),
        (
            Schedule("monthly", T(22, 0), day_of_month=28),
            "0 22 28 * *",
            "/SC MONTHLY /D 28 /ST 22:00",
        ),
    ],
)
def test_schedules_in_the_servers_zone_become_cron_lines_and_schtasks_commands(
    schedule, cron, schtasks
):
    result = commands(schedule, command=PURGE, task_name="Syncplan\\db-purge", server_zone="UTC")

    assert result.cron == f"{cron} {PURGE}"
    assert result.schtasks == (
        f'schtasks /Create /TN "Syncplan\\db-purge" /TR "{PURGE}" {schtasks} /F'
    )
    assert result.notes == ()


def test_a_task_in_the_servers_own_zone_needs_no_cron_tz():
    result = commands(
        Schedule("daily", T(2, 0), time_zone="Europe/Berlin"),
        command=PURGE,
        task_name="t",
        server_zone="Europe/Berlin",
    )
    assert "CRON_TZ" not in result.cron
    assert "/ST 02:00" in result.schtasks


@pytest.mark.parametrize(("on", "local"), [(WINTER, "01:00"), (SUMMER, "00:00")])
def test_a_task_in_another_zone_gets_cron_tz_and_the_server_local_time_for_windows(on, local):
    result = commands(
        Schedule("daily", T(2, 0), time_zone="Europe/Berlin"),
        command=PURGE,
        task_name="t",
        server_zone="UTC",
        on=on,
    )

    assert result.cron == f"CRON_TZ=Europe/Berlin\n0 2 * * * {PURGE}"
    assert f"/ST {local}" in result.schtasks
    assert any("differs from the server's" in note and local in note for note in result.notes)


def test_a_weekly_task_that_crosses_midnight_moves_its_windows_days_along():
    result = commands(
        Schedule("weekly", T(0, 30), (0, 3), time_zone="Europe/Berlin"),
        command=PURGE,
        task_name="t",
        server_zone="UTC",
        on=WINTER,
    )
    # 00:30 Berlin on Monday and Thursday is 23:30 UTC on Sunday and Wednesday.
    assert "/SC WEEKLY /D WED,SUN /ST 23:30" in result.schtasks
    assert result.cron.endswith(f"30 0 * * 1,4 {PURGE}")


def test_a_monthly_task_on_the_31st_warns_that_short_months_are_skipped():
    result = commands(Schedule("monthly", T(2, 0), day_of_month=31), command=PURGE, task_name="t")
    assert "/SC MONTHLY /D 31" in result.schtasks
    assert any("does not exist in every month" in note for note in result.notes)


def test_percent_signs_are_escaped_in_cron_and_quotes_in_schtasks():
    result = commands(
        Schedule("daily", T(2, 0)),
        command='backup.sh --name "db $(date +%F)"',
        task_name="Syncplan\\backup",
    )
    assert result.cron == '0 2 * * * backup.sh --name "db $(date +\\%F)"'
    assert '/TR "backup.sh --name \\"db $(date +%F)\\""' in result.schtasks


@pytest.mark.parametrize(
    "schedule",
    [
        Schedule("hourly", T(2, 0)),
        Schedule("weekly", T(2, 0), ()),
        Schedule("weekly", T(2, 0), (7,)),
        Schedule("monthly", T(2, 0), day_of_month=None),
        Schedule("monthly", T(2, 0), day_of_month=32),
        Schedule("daily", T(2, 0), time_zone="Mars/Olympus"),
    ],
)
def test_schedules_neither_scheduler_can_express_are_refused(schedule):
    with pytest.raises(ScheduleError):
        commands(schedule, command=PURGE, task_name="t")


def test_a_multi_line_command_is_refused():
    with pytest.raises(ScheduleError):
        commands(Schedule("daily", T(2, 0)), command="a\nb", task_name="t")


def test_schedules_read_like_sentences():
    assert describe(Schedule("weekly", T(3, 0), (4, 0), time_zone="UTC")) == (
        "Weekly on Monday, Friday at 03:00 (UTC)"
    )
    assert describe(Schedule("monthly", T(3, 0), day_of_month=15)) == "Monthly on day 15 at 03:00"


@pytest.mark.django_db
def test_a_register_task_gets_its_commands_named_after_its_key():
    item = OperationsItemFactory(
        kind="maintenance_task",
        key="db-purge",
        command=PURGE,
        frequency="weekly",
        weekdays=[6],
        at_time=T(1, 0),
    )
    result = for_item(item, "UTC")
    assert result.cron == f"0 1 * * 0 {PURGE}"
    assert '/TN "Syncplan\\db-purge"' in result.schtasks
    item.frequency = ""
    assert for_item(item, "UTC") is None
