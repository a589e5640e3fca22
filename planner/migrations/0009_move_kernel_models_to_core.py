"""AuditEvent, Job and PendingUpload moved to the core app (core/0001_initial).

State only, tables untouched (they keep their planner_* names and rows); Finding.job now points
at core.Job, the same table. Their content types move to app_label "core", so permissions and
admin log entries keep pointing at them.
"""

import django.db.models.deletion
from django.db import migrations, models

MOVED = ["auditevent", "job", "pendingupload"]


def _move_content_types(apps, from_label, to_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        old = ContentType.objects.filter(app_label=from_label, model=model).first()
        if old is None:
            continue  # a fresh database: post_migrate creates the new one
        if ContentType.objects.filter(app_label=to_label, model=model).exists():
            old.delete()  # created meanwhile by post_migrate; keep the one already in use
            continue
        old.app_label = to_label
        old.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    _move_content_types(apps, "planner", "core")


def backwards(apps, schema_editor):
    _move_content_types(apps, "core", "planner")


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('planner', '0008_add_rehearse_job_kind'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='job',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='job',
                    name='plan',
                ),
                migrations.AlterField(
                    model_name='finding',
                    name='job',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='findings', to='core.job'),
                ),
                migrations.RemoveField(
                    model_name='pendingupload',
                    name='plan',
                ),
                migrations.RemoveField(
                    model_name='pendingupload',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='AuditEvent',
                ),
                migrations.DeleteModel(
                    name='Job',
                ),
                migrations.DeleteModel(
                    name='PendingUpload',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
