"""An iCalendar (RFC 5545) file of the expiry dates of certificates and credentials.

Written by hand: one all-day VEVENT per expiry date with an alarm at the server's warning
window. Lines end in CRLF, text is escaped (backslash, semicolon, comma, newline) and lines
longer than 75 octets are folded (RFC 5545 section 3.1).
"""

from __future__ import annotations

import datetime


def escape_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, continuation lines starting with
    a space, never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # the leading space counts
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def calendar(items, *, server_name: str, warning_days: int, host: str = "syncplan",
             now: datetime.datetime | None = None) -> str:  # fmt: skip
    """The calendar text for ``items`` (OperationsItems with an ``expires_on``)."""
    stamp = (now or datetime.datetime.now(datetime.UTC)).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Syncplan//Operations register//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'Expiry dates: {server_name}')}",
    ]
    for item in items:
        if item.expires_on is None:
            continue
        day = item.expires_on
        summary = f"{item.get_kind_display()} expires: {item.name}"
        description = f"Sync server {server_name}. Owner: {item.owner or 'nobody named'}."
        if item.description:
            description += f"\n{item.description}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:operations-{item.pk}-{day:%Y%m%d}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(description)}",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(summary)}",
            f"TRIGGER:-P{warning_days}D",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
