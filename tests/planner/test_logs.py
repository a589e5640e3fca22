"""Structured request and job logs (JSON lines on stdout)."""

import json
import logging

from core import jobs
from core.models import JobKind
from planner.logs import JsonFormatter


def _records(caplog, name):
    return [r for r in caplog.records if r.name == name]


def test_a_request_is_logged_with_who_what_which_plan_and_how_long(member_client, plan, caplog):
    caplog.set_level(logging.INFO, logger="syncplan.request")

    member_client.get(f"/plans/{plan.pk}/")

    (record,) = _records(caplog, "syncplan.request")
    assert record.fields == {
        "method": "GET",
        "path": f"/plans/{plan.pk}/",
        "status": 200,
        "user": member_client.user.username,
        "plan": plan.pk,
        "htmx": False,
        "duration_ms": record.fields["duration_ms"],
    }
    assert record.fields["duration_ms"] > 0


def test_an_anonymous_request_logs_no_user_and_health_polls_are_not_logged(client, db, caplog):
    caplog.set_level(logging.INFO, logger="syncplan.request")

    client.get("/login/")
    client.get("/healthz")

    (record,) = _records(caplog, "syncplan.request")
    assert record.fields["path"] == "/login/"
    assert record.fields["user"] is None
    assert record.fields["plan"] is None


def test_a_finished_job_is_logged_with_its_kind_plan_status_and_duration(plan, caplog):
    caplog.set_level(logging.INFO, logger="syncplan.job")

    job = jobs.start_job(kind=JobKind.SELFCHECK, plan=plan, options={"steps": 1})

    (record,) = _records(caplog, "syncplan.job")
    assert record.fields["job"] == job.pk
    assert record.fields["kind"] == "selfcheck"
    assert record.fields["plan"] == plan.pk
    assert record.fields["status"] == "succeeded"
    assert record.fields["duration_ms"] >= 0


def test_log_lines_are_json_objects_with_the_fields_at_the_top_level():
    record = logging.LogRecord("syncplan.job", logging.INFO, __file__, 1, "job %s", (7,), None)
    record.fields = {"job": 7, "status": "failed"}

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == "job 7"
    assert line["logger"] == "syncplan.job"
    assert line["level"] == "INFO"
    assert line["job"] == 7 and line["status"] == "failed"
    assert line["time"].endswith("+00:00")
