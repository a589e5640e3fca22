"""backup_plans / restore_plans round-trip every plan into an empty database."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from connections.models import Product
from core.access import Role
from planner.document.dump import plan_document
from planner.document.hashing import content_sha256
from planner.models import Membership, Plan, PlanStatus, PlanVersion
from tests.factories import MembershipFactory, PlanFactory, UserFactory
from tests.planner.document.plans import full_plan


def _members(plan):
    return sorted(
        (m.user.username, m.user.email, m.role)
        for m in Membership.objects.filter(plan=plan).select_related("user")
    )


def _versions(plan):
    return [
        (v.number, v.document, v.sha256, v.note, v.created_by.username if v.created_by else None)
        for v in PlanVersion.objects.filter(plan=plan).order_by("number")
    ]


@pytest.fixture
def two_plans(db):
    rich = full_plan(name="ALM to Jira defects", status=PlanStatus.IN_REVIEW)
    owner = UserFactory(username="olga", email="olga@example.com")
    MembershipFactory(plan=rich, user=owner, role=Role.OWNER)
    MembershipFactory(plan=rich, user=UserFactory(username="ed"), role=Role.EDITOR)
    MembershipFactory(plan=rich, user=UserFactory(username="vic"), role=Role.VIEWER)
    first = plan_document(rich)
    PlanVersion.objects.create(
        plan=rich, number=1, document=first, sha256=content_sha256(first), note="submitted",
        created_by=owner,
    )  # fmt: skip
    PlanVersion.objects.create(
        plan=rich, number=2, document=first, sha256=content_sha256(first), created_by=None
    )
    empty = PlanFactory(name="Empty plan")
    MembershipFactory(plan=empty, user=owner, role=Role.OWNER)
    return [rich, empty]


def _snapshot_of(plans):
    return {
        p.name: {
            "document": plan_document(p),
            "status": p.status,
            "members": _members(p),
            "versions": _versions(p),
        }
        for p in plans
    }


def _empty_the_database():
    call_command("flush", interactive=False, verbosity=0)
    assert not (Plan.objects.exists() or Product.objects.exists())
    assert not get_user_model().objects.exists()


@pytest.mark.django_db(transaction=True)  # flush needs no open transaction
def test_a_backup_restores_every_plan_into_an_empty_database(two_plans, tmp_path):
    before = _snapshot_of(two_plans)

    call_command("backup_plans", str(tmp_path))
    _empty_the_database()
    call_command("restore_plans", str(tmp_path))

    after = _snapshot_of(Plan.objects.all())
    assert after == before
    restored_user = get_user_model().objects.get(username="ed")
    assert not restored_user.has_usable_password()  # they set one through a reset


def test_the_backup_writes_one_file_per_plan_and_a_manifest(two_plans, tmp_path):
    call_command("backup_plans", str(tmp_path / "nightly"))

    manifest = json.loads((tmp_path / "nightly" / "manifest.json").read_text())
    assert len(manifest["plans"]) == 2
    rich = json.loads((tmp_path / "nightly" / manifest["plans"][0]).read_text())
    assert rich["document"]["format"] == "syncplan/1"
    assert [v["number"] for v in rich["versions"]] == [1, 2]
    assert [p["key"] for p in rich["products"]] == ["jira-cloud"]
    assert not list((tmp_path / "nightly").glob("*.partial"))


def test_a_restore_refuses_a_database_that_already_has_plans(two_plans, tmp_path):
    call_command("backup_plans", str(tmp_path))

    with pytest.raises(CommandError, match="already holds plans"):
        call_command("restore_plans", str(tmp_path))
    assert Plan.objects.count() == 2


@pytest.mark.django_db(transaction=True)  # flush needs no open transaction
def test_a_restore_of_a_damaged_backup_creates_nothing(two_plans, tmp_path):
    call_command("backup_plans", str(tmp_path))
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    damaged = tmp_path / manifest["plans"][1]
    data = json.loads(damaged.read_text())
    data["document"]["endpoints"] = "not a list"
    damaged.write_text(json.dumps(data))
    _empty_the_database()

    with pytest.raises(CommandError, match="refused"):
        call_command("restore_plans", str(tmp_path))
    assert not Plan.objects.exists()


def test_a_restore_from_a_directory_that_is_not_a_backup_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="no manifest.json"):
        call_command("restore_plans", str(tmp_path))
