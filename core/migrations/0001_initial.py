"""The kernel's models, moved from the planner app: AuditEvent, Job, PendingUpload.

State only: their tables already exist (planner_auditevent, planner_job, planner_pendingupload,
created by planner's migrations) and keep their names, so no row is copied. planner's
0009_move_kernel_models_to_core removes them from planner's state and moves their content types.
"""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('planner', '0008_add_rehearse_job_kind'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('actor', models.CharField(blank=True, max_length=150)),
                        ('action', models.CharField(max_length=80)),
                        ('subject', models.CharField(blank=True, max_length=600)),
                        ('before', models.JSONField(blank=True, null=True)),
                        ('after', models.JSONField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('origin_plan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='planner.plan')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='audit_events', to='planner.plan')),
                    ],
                    options={
                        'db_table': 'planner_auditevent',
                        'ordering': ['plan', '-created_at'],
                        'indexes': [models.Index(fields=['plan', '-created_at'], name='auditevent_plan_recent')],
                    },
                ),
                migrations.CreateModel(
                    name='Job',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('validate', 'Validate'), ('export_xlsx', 'Export worksheet (XLSX)'), ('export_csv', 'Export worksheet (CSV zip)'), ('export_json', 'Export plan document (JSON)'), ('selfcheck', 'Worker self-check'), ('clone', 'Copy the plan'), ('import_document', 'Import a plan document'), ('rehearse', 'Rehearse on the sample sets')], max_length=20)),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('succeeded', 'Succeeded'), ('failed', 'Failed')], default='queued', max_length=10)),
                        ('progress', models.PositiveSmallIntegerField(default=0)),
                        ('message', models.TextField(blank=True)),
                        ('options', models.JSONField(blank=True, default=dict)),
                        ('result', models.JSONField(blank=True, default=dict)),
                        ('result_file', models.FileField(blank=True, upload_to='jobs/%Y/%m/')),
                        ('celery_task_id', models.CharField(blank=True, max_length=64)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('started_at', models.DateTimeField(blank=True, null=True)),
                        ('heartbeat_at', models.DateTimeField(blank=True, null=True)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('expires_at', models.DateTimeField(blank=True, null=True)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('plan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='jobs', to='planner.plan')),
                    ],
                    options={
                        'db_table': 'planner_job',
                        'ordering': ['-created_at'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'running', 'succeeded', 'failed'])), name='job_status_valid'), models.CheckConstraint(condition=models.Q(('kind__in', ['validate', 'export_xlsx', 'export_csv', 'export_json', 'selfcheck', 'clone', 'import_document', 'rehearse'])), name='job_kind_valid'), models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='job_progress_percent')],
                    },
                ),
                migrations.CreateModel(
                    name='PendingUpload',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('purpose', models.CharField(max_length=80)),
                        ('options', models.JSONField(blank=True, default=dict)),
                        ('files', models.JSONField(blank=True, default=list)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('expires_at', models.DateTimeField(db_index=True)),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='planner.plan')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'planner_pendingupload',
                        'indexes': [models.Index(fields=['user', 'purpose'], name='pendingupload_owner')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
