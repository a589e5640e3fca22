"""``manage.py import_schema``: prints the diff, applies unless --dry-run."""

import pytest
from django.core.management import CommandError, call_command

from connections.models import Field, ItemType
from core.models import AuditEvent
from tests.connections.importers.helpers import SAMPLES
from tests.factories import EndpointFactory

pytestmark = pytest.mark.django_db

RUN_FIELDS = str(
    SAMPLES / "alm_qc_customization_entities_run_fields_required__captured_perfalm.xml"
)


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("import_schema", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_diff_and_changes_nothing():
    endpoint = EndpointFactory()
    out = run(str(endpoint.pk), RUN_FIELDS, "--dry-run")
    assert "Item types added (1):\n  run" in out
    assert "run / owner (user)" in out
    assert "Would import 1 item type, 5 fields" in out
    assert not ItemType.objects.filter(endpoint=endpoint).exists()


def test_the_command_applies_by_plan_and_endpoint_key_and_records_one_event():
    endpoint = EndpointFactory(key="qc")
    out = run(f"{endpoint.plan_id}/qc", RUN_FIELDS, "--format", "alm")
    assert "Imported 1 item type, 5 fields" in out
    assert Field.objects.get(item_type__endpoint=endpoint, key="cycle-id").system_generated
    assert (
        AuditEvent.objects.filter(plan=endpoint.plan, action="endpoint.schema_import").count() == 1
    )
    assert "No changes" in run(f"{endpoint.plan_id}/qc", RUN_FIELDS)


def test_several_files_build_one_endpoint_and_the_type_option_names_a_page():
    endpoint = EndpointFactory()
    run(
        str(endpoint.pk),
        str(
            SAMPLES
            / "jira_rest_api_3_issue_createmeta_project_issuetype_fields__atlassian_openapi_example.json"
        ),
        str(SAMPLES / "jira_user_search__jiracli_users.json"),
        "--type",
        "Story",
    )
    assert Field.objects.get(
        item_type__endpoint=endpoint, item_type__key="Story", key="assignee"
    ).required
    assert endpoint.users.count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999999", RUN_FIELDS], "no endpoint '999999'"),
        (["{plan}/nope", RUN_FIELDS], "no endpoint"),
        (["{pk}", "/nonexistent.json"], "no such file"),
        (
            ["{pk}", str(SAMPLES / "jira_user_search__jiracli_users.json"), "--format", "octane"],
            "not ALM Octane",
        ),
    ],
)
def test_bad_arguments_fail_with_a_clear_message(args, message):
    endpoint = EndpointFactory()
    args = [a.format(pk=endpoint.pk, plan=endpoint.plan_id) for a in args]
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not ItemType.objects.filter(endpoint=endpoint).exists()
