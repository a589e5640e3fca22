import datetime

import pytest

from planner.operations.ics import calendar, escape_text, fold
from tests.factories import OperationsItemFactory, SyncServerFactory

NOW = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)


def test_text_is_escaped_as_rfc_5545_says():
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "SUMMARY:" + "é" * 80
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


@pytest.mark.django_db
def test_the_calendar_has_one_all_day_event_per_expiry_with_an_alarm():
    server = SyncServerFactory(name="Connect prod")
    cert = OperationsItemFactory(
        sync_server=server,
        kind="certificate",
        name="jira.example.com TLS, wildcard",
        owner="Net team",
        expires_on=datetime.date(2026, 12, 31),
    )

    text = calendar([cert], server_name=server.name, warning_days=30, host="sp.local", now=NOW)

    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert f"UID:operations-{cert.pk}-20261231@sp.local" in lines
    assert "DTSTAMP:20261125T120000Z" in lines
    assert "DTSTART;VALUE=DATE:20261231" in lines
    assert "DTEND;VALUE=DATE:20270101" in lines
    assert "SUMMARY:Certificate expires: jira.example.com TLS\\, wildcard" in lines
    assert "TRIGGER:-P30D" in lines
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    assert all(len(line.encode()) <= 75 for line in lines)
