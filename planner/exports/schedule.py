"""Schedule lines for a maintenance task: a cron line (Linux) and a schtasks command (Windows).

The operations register stores a schedule both can express (daily, weekly on some weekdays,
monthly on a day, at a time); the worksheet shows both forms so whoever sets the task up copies
the one their server needs.
"""

from __future__ import annotations

from planner.document.snapshot import OperationsItemSnap

_SCHTASKS_DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def describe(item: OperationsItemSnap) -> str:
    if not item.has_schedule:
        return "no schedule"
    at = item.at_time.strftime("%H:%M")
    zone = f" ({item.time_zone})" if item.time_zone else ""
    if item.frequency == "weekly":
        days = ", ".join(_SCHTASKS_DAYS[d].title() for d in sorted(item.weekdays))
        return f"weekly on {days} at {at}{zone}"
    if item.frequency == "monthly":
        return f"monthly on day {item.day_of_month} at {at}{zone}"
    return f"daily at {at}{zone}"


def cron_line(item: OperationsItemSnap) -> str:
    if not item.has_schedule:
        return ""
    minute, hour = item.at_time.minute, item.at_time.hour
    day_of_month, day_of_week = "*", "*"
    if item.frequency == "weekly":
        # Register: 0=Monday ... 6=Sunday; cron: 0=Sunday ... 6=Saturday.
        day_of_week = ",".join(str((d + 1) % 7) for d in sorted(item.weekdays))
    elif item.frequency == "monthly":
        day_of_month = str(item.day_of_month)
    return f"{minute} {hour} {day_of_month} * {day_of_week} {item.command}".rstrip()


def schtasks_line(item: OperationsItemSnap) -> str:
    if not item.has_schedule:
        return ""
    parts = ["schtasks /Create", f'/TN "{item.name}"', f'/TR "{item.command}"']
    if item.frequency == "weekly":
        days = ",".join(_SCHTASKS_DAYS[d] for d in sorted(item.weekdays))
        parts += ["/SC WEEKLY", f"/D {days}"]
    elif item.frequency == "monthly":
        parts += ["/SC MONTHLY", f"/D {item.day_of_month}"]
    else:
        parts.append("/SC DAILY")
    parts.append(f"/ST {item.at_time.strftime('%H:%M')}")
    return " ".join(parts)
