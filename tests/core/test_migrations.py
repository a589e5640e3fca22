"""The kernel's models moved from planner to core without losing a row (issue 13, point 4).

From the schema before the move (planner 0008, connections 0004, no core app), rows of every
moved model are written through the historical models, then the database is migrated forward:
the same rows must be read back through core's models, Finding.job must still point at its job,
and the content types (so permissions and admin history) must now say core. Then back again.
"""

import datetime
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("planner", "0008_add_rehearse_job_kind"),
    ("connections", "0004_field_set_by_sync_tool_and_values_unknown"),
    ("core", None),
]
MOVED = {"job": "Job", "auditevent": "AuditEvent", "pendingupload": "PendingUpload"}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _write_rows(apps):
    User = apps.get_model("auth", "User")
    Plan = apps.get_model("planner", "Plan")
    user = User.objects.create(username="mover", password="x")
    plan = Plan.objects.create(name="Moving plan", created_by=user)
    apps.get_model("planner", "Membership").objects.create(plan=plan, user=user, role="owner")
    job = apps.get_model("planner", "Job").objects.create(
        plan=plan, kind="validate", status="succeeded", created_by=user, result={"errors": 2}
    )
    apps.get_model("planner", "Finding").objects.create(
        plan=plan, job=job, plan_revision=0, code="FLD-001", severity="error", subject="x",
        fingerprint="f" * 64, message="m",
    )  # fmt: skip
    apps.get_model("planner", "AuditEvent").objects.create(
        plan=plan, actor="mover", action="plan.update", subject="plan", after={"name": "x"}
    )
    upload = apps.get_model("planner", "PendingUpload").objects.create(
        id=uuid.uuid4(), plan=plan, user=user, purpose="schema_import:1",
        expires_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC),
    )  # fmt: skip
    return plan.pk, job.pk, upload.pk


@pytest.mark.django_db(transaction=True)
def test_the_kernel_models_move_to_core_keeping_every_row_and_back():
    leaves = _leaves()
    try:
        old = _migrate(BEFORE)
        with pytest.raises(LookupError):
            old.get_model("core", "Job")
        ContentType.objects.get_or_create(app_label="planner", model="job")  # an existing site's
        plan_id, job_id, upload_id = _write_rows(old)

        new = _migrate(leaves)

        job = new.get_model("core", "Job").objects.get(pk=job_id)
        assert (job.plan_id, job.kind, job.result) == (plan_id, "validate", {"errors": 2})
        assert new.get_model("planner", "Finding").objects.get(plan_id=plan_id).job_id == job_id
        event = new.get_model("core", "AuditEvent").objects.get(plan_id=plan_id)
        assert (event.action, event.after) == ("plan.update", {"name": "x"})
        upload = new.get_model("core", "PendingUpload").objects.get(pk=upload_id)
        assert upload.purpose == "schema_import:1"
        assert new.get_model("planner", "Membership").objects.get(plan_id=plan_id).role == "owner"
        with pytest.raises(LookupError):
            new.get_model("planner", "Job")
        moved = ContentType.objects.filter(model="job").values_list("app_label", flat=True)
        assert list(moved) == ["core"]

        back = _migrate(BEFORE)
        assert back.get_model("planner", "Job").objects.get(pk=job_id).plan_id == plan_id
        assert back.get_model("planner", "AuditEvent").objects.filter(plan_id=plan_id).count() == 1
        assert back.get_model("planner", "PendingUpload").objects.filter(pk=upload_id).exists()
        moved = ContentType.objects.filter(model="job").values_list("app_label", flat=True)
        assert list(moved) == ["planner"]
    finally:
        _migrate(leaves)


def test_the_moved_models_keep_their_tables():
    from django.apps import apps

    for model, name in MOVED.items():
        assert apps.get_model("core", name)._meta.db_table == f"planner_{model}"
