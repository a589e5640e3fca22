"""The exact Linux cron line and Windows ``schtasks /Create`` command for a maintenance task's
schedule (daily; weekly on given days; monthly on a given day; at a time, in a time zone).

Both schedulers run in the server's own time zone. When a task's zone differs, the cron line is
given with ``CRON_TZ=`` (honoured by cronie, the cron of RHEL/Fedora/SUSE) and a note gives the
server-local time for crons without it (Debian/Ubuntu) and for Task Scheduler, which has no time
zone of its own: that conversion holds until the next daylight-saving change of either zone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SCHTASKS_DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


@dataclass(frozen=True)
class Schedule:
    frequency: str  # daily | weekly | monthly
    at_time: datetime.time
    weekdays: tuple[int, ...] = ()  # 0 = Monday ... 6 = Sunday
    day_of_month: int | None = None
    time_zone: str = ""  # "" = the server's zone


@dataclass(frozen=True)
class SchedulerCommands:
    cron: str
    schtasks: str
    notes: tuple[str, ...] = field(default_factory=tuple)


class ScheduleError(ValueError):
    pass


def is_time_zone(name: str) -> bool:
    if not name or name not in available_timezones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def check(schedule: Schedule) -> None:
    """Raise ScheduleError when the schedule cannot be expressed by cron and Task Scheduler."""
    if schedule.frequency not in ("daily", "weekly", "monthly"):
        raise ScheduleError("Choose daily, weekly or monthly.")
    if schedule.at_time is None:
        raise ScheduleError("Give the time the task runs at.")
    if schedule.frequency == "weekly":
        if not schedule.weekdays:
            raise ScheduleError("A weekly task needs at least one day of the week.")
        if any(d not in range(7) for d in schedule.weekdays):
            raise ScheduleError("Days of the week are 0 (Monday) to 6 (Sunday).")
    if schedule.frequency == "monthly" and (
        schedule.day_of_month is None or not 1 <= schedule.day_of_month <= 31
    ):
        raise ScheduleError("A monthly task needs a day of the month between 1 and 31.")
    if schedule.time_zone and not is_time_zone(schedule.time_zone):
        raise ScheduleError(
            f"“{schedule.time_zone}” is not a known time zone (e.g. Europe/Berlin)."
        )


def describe(schedule: Schedule) -> str:
    at = schedule.at_time.strftime("%H:%M")
    zone = f" ({schedule.time_zone})" if schedule.time_zone else ""
    if schedule.frequency == "daily":
        return f"Daily at {at}{zone}"
    if schedule.frequency == "weekly":
        days = ", ".join(WEEKDAY_NAMES[d] for d in sorted(set(schedule.weekdays)))
        return f"Weekly on {days} at {at}{zone}"
    return f"Monthly on day {schedule.day_of_month} at {at}{zone}"


def cron_fields(schedule: Schedule, at: datetime.time | None = None) -> str:
    """The five time fields of a crontab line."""
    at = at or schedule.at_time
    if schedule.frequency == "daily":
        return f"{at.minute} {at.hour} * * *"
    if schedule.frequency == "weekly":
        # cron counts Sunday as 0, Monday as 1; the register counts Monday as 0.
        days = sorted({(d + 1) % 7 for d in schedule.weekdays})
        return f"{at.minute} {at.hour} * * {','.join(str(d) for d in days)}"
    return f"{at.minute} {at.hour} {schedule.day_of_month} * *"


def cron_command(command: str) -> str:
    # In a crontab, an unescaped % ends the command and starts its standard input.
    return command.replace("%", r"\%")


def schtasks_quote(text: str) -> str:
    return '"' + text.replace('"', r"\"") + '"'


def schtasks_schedule(schedule: Schedule, at: datetime.time) -> str:
    start = f"/ST {at.strftime('%H:%M')}"
    if schedule.frequency == "daily":
        return f"/SC DAILY {start}"
    if schedule.frequency == "weekly":
        days = ",".join(SCHTASKS_DAYS[d] for d in sorted(set(schedule.weekdays)))
        return f"/SC WEEKLY /D {days} {start}"
    return f"/SC MONTHLY /D {schedule.day_of_month} {start}"


def server_local_time(
    schedule: Schedule, server_zone: str, on: datetime.date
) -> tuple[datetime.time, int]:
    """The task's time in the server's zone on ``on``, and the day shift (-1, 0, +1)."""
    start = datetime.datetime.combine(on, schedule.at_time, ZoneInfo(schedule.time_zone))
    local = start.astimezone(ZoneInfo(server_zone))
    return local.time().replace(second=0, microsecond=0), (local.date() - on).days


def commands(
    schedule: Schedule,
    *,
    command: str,
    task_name: str,
    server_zone: str = "UTC",
    on: datetime.date | None = None,
) -> SchedulerCommands:
    """The cron line and the schtasks command for ``schedule``; ``on`` fixes the date used to
    convert between zones (today by default)."""
    check(schedule)
    if not command.strip():
        raise ScheduleError("Give the command the task runs.")
    if "\n" in command or "\r" in command:
        raise ScheduleError("The command must be a single line.")
    notes = []
    at = schedule.at_time
    windows_schedule = schedule
    zone_differs = bool(schedule.time_zone) and schedule.time_zone != server_zone
    cron = f"{cron_fields(schedule)} {cron_command(command)}"
    if zone_differs:
        local, shift = server_local_time(schedule, server_zone, on or datetime.date.today())
        cron = f"CRON_TZ={schedule.time_zone}\n{cron}"
        notes.append(
            f"The task's zone ({schedule.time_zone}) differs from the server's ({server_zone}). "
            f"CRON_TZ= works with cronie (RHEL, Fedora, SUSE); other crons and Task Scheduler "
            f"run in the server's zone, where {at.strftime('%H:%M')} {schedule.time_zone} is "
            f"{local.strftime('%H:%M')}{_shift_words(shift)} until the next daylight-saving "
            "change."
        )
        at = local
        if shift and schedule.frequency == "weekly":
            # Same instant, server's calendar: the days move with the time.
            windows_schedule = Schedule(
                "weekly", local, tuple(sorted({(d + shift) % 7 for d in schedule.weekdays}))
            )
        elif shift and schedule.frequency == "monthly":
            notes.append(
                "In the server's zone the task falls on the day "
                f"{'before' if shift < 0 else 'after'}: the Windows command keeps day "
                f"{schedule.day_of_month}, so adjust it or run the server in the task's zone."
            )
    if schedule.frequency == "monthly" and schedule.day_of_month and schedule.day_of_month > 28:
        notes.append(
            f"Day {schedule.day_of_month} does not exist in every month: both schedulers skip "
            "the months without it."
        )
    schtasks = (
        f"schtasks /Create /TN {schtasks_quote(task_name)} /TR {schtasks_quote(command)} "
        f"{schtasks_schedule(windows_schedule, at)} /F"
    )
    return SchedulerCommands(cron=cron, schtasks=schtasks, notes=tuple(notes))


def _shift_words(shift: int) -> str:
    return {-1: " the day before", 1: " the day after"}.get(shift, "")


def schedule_of(item) -> Schedule:
    """The schedule of an OperationsItem or of its snapshot (both carry the same attributes)."""
    return Schedule(
        frequency=item.frequency,
        at_time=item.at_time,
        weekdays=tuple(item.weekdays or ()),
        day_of_month=item.day_of_month,
        time_zone=item.time_zone,
    )


def describe_item(item) -> str:
    """The schedule in words, or "No schedule" when the task has none yet."""
    return describe(schedule_of(item)) if item.has_schedule else "No schedule"


def for_item(item, server_zone: str, on: datetime.date | None = None) -> SchedulerCommands | None:
    """The commands for an OperationsItem (or its snapshot); None when it has no schedule yet."""
    if not item.has_schedule or not item.command:
        return None
    schedule = schedule_of(item)
    try:
        return commands(
            schedule,
            command=item.command,
            task_name=f"Syncplan\\{item.key}",
            server_zone=server_zone,
            on=on,
        )
    except ScheduleError:
        return None
