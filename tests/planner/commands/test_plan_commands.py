import io
import json
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from planner.document.dump import plan_document
from planner.document.hashing import canonical_json, content_sha256
from planner.models import Membership, Plan
from tests.factories import UserFactory
from tests.planner.document.plans import full_plan

pytestmark = pytest.mark.django_db


def test_export_plan_writes_the_canonical_document(tmp_path):
    plan = full_plan()
    out = tmp_path / "plan.json"

    call_command(
        "export_plan", str(plan.pk), "--format", "json", "--out", str(out), stdout=io.StringIO()
    )

    assert out.read_bytes() == canonical_json(plan_document(plan))


def test_export_plan_writes_the_worksheet_and_the_csv_zip(tmp_path):
    plan = full_plan()

    call_command("export_plan", plan.name, "--format", "xlsx", "--out", str(tmp_path / "w.xlsx"),
                 "--no-personal-data", "--per-type-sheets", stdout=io.StringIO())  # fmt: skip
    call_command("export_plan", str(plan.pk), "--format", "csv", "--out", str(tmp_path / "w.zip"),
                 stdout=io.StringIO())  # fmt: skip

    workbook = openpyxl.load_workbook(tmp_path / "w.xlsx")
    assert "Fields 1" in workbook.sheetnames  # named short; the Overview says which mapping
    assert "Left email" not in [c.value for c in workbook["Users"][1]]
    assert "01-overview.csv" in zipfile.ZipFile(tmp_path / "w.zip").namelist()


def test_export_plan_names_an_unknown_plan(tmp_path):
    with pytest.raises(CommandError, match="No plan"):
        call_command("export_plan", "999999", "--out", str(tmp_path / "x.json"))


def test_import_plan_creates_a_plan_owned_by_the_named_user(tmp_path):
    plan = full_plan()
    owner = UserFactory(username="importer")
    path = tmp_path / "plan.json"
    path.write_bytes(canonical_json(plan_document(plan)))

    out = io.StringIO()
    call_command("import_plan", str(path), "--owner", "importer", "--name", "Imported", stdout=out)

    imported = Plan.objects.get(name="Imported")
    assert Membership.objects.get(plan=imported).user == owner
    assert f"Imported plan {imported.pk}" in out.getvalue()


def test_import_plan_refuses_a_bad_document_and_lists_the_problems(tmp_path):
    UserFactory(username="importer")
    doc = plan_document(full_plan())
    doc["connections"][0]["left"] = "nowhere"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    before = Plan.objects.count()
    err = io.StringIO()

    with pytest.raises(CommandError, match="refused"):
        call_command("import_plan", str(path), "--owner", "importer", stderr=err)

    assert '/connections[alm-jira]/left: no endpoint "nowhere"' in err.getvalue()
    assert Plan.objects.count() == before


def test_check_plan_document_checks_a_document_without_importing_it(tmp_path):
    doc = plan_document(full_plan())
    good = tmp_path / "good.json"
    good.write_text(json.dumps(doc))
    doc["endpoints"][0]["types"][0]["fields"][0]["data_type"] = "spreadsheet"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    before = Plan.objects.count()

    out = io.StringIO()
    call_command("check_plan_document", str(good), stdout=out)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_plan_document", str(bad), stderr=err)

    assert content_sha256(plan_document(Plan.objects.get())) in out.getvalue()
    assert err.getvalue().startswith("/endpoints[alm]/types[defect]/fields[jira-key]/data_type: ")
    assert Plan.objects.count() == before


def test_check_plan_document_says_when_a_file_is_not_json(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{nope")

    with pytest.raises(CommandError, match="not a JSON document"):
        call_command("check_plan_document", str(path))
