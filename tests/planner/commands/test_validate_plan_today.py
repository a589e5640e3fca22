"""validate_plan --today: the expiry rules judged at a fixed date, from the database and from a
plan document alike."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from planner.document.dump import plan_document
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db

# full_plan: the Jira certificate expires 2027-03-01, the ALM password 2027-01-15; the server
# warns 30 days ahead.
CERTIFICATE = "operations/certificate/jira-cert"
PASSWORD = "operations/credential/alm-password"


def _codes(target, today) -> dict[str, set[str]]:
    out = io.StringIO()
    with pytest.raises(SystemExit):  # the plan has unacknowledged errors either way
        call_command("validate_plan", str(target), "--format", "json", "--today", today, stdout=out)
    codes: dict[str, set[str]] = {}
    for row in json.loads(out.getvalue())["findings"]:
        codes.setdefault(row["subject"], set()).add(row["code"])
    return codes


@pytest.fixture(params=["id", "document"])
def target(request, tmp_path):
    plan = full_plan()
    if request.param == "id":
        return plan.pk
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan_document(plan)))
    return path


def test_expiry_rules_judge_at_the_given_date(target):
    long_before = _codes(target, "2026-06-01")
    password_soon = _codes(target, "2027-01-01")
    both_expired = _codes(target, "2027-03-02")

    assert not {"OPS-001", "OPS-002"} & (
        long_before.get(CERTIFICATE, set()) | long_before.get(PASSWORD, set())
    )
    assert password_soon.get(PASSWORD) == {"OPS-002"}
    assert "OPS-002" not in password_soon.get(CERTIFICATE, set())
    assert both_expired.get(PASSWORD) == {"OPS-001"}
    assert both_expired.get(CERTIFICATE) == {"OPS-001"}


def test_a_date_that_is_not_yyyy_mm_dd_is_refused_with_the_expected_form(tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("validate_plan", "1", "--today", "01/03/2027")
