from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class JobKind(models.TextChoices):
    VALIDATE = "validate", "Validate"
    EXPORT_XLSX = "export_xlsx", "Export worksheet (XLSX)"
    EXPORT_CSV = "export_csv", "Export worksheet (CSV zip)"
    EXPORT_JSON = "export_json", "Export plan document (JSON)"
    # An operator's end-to-end check of the queue, a worker, the database and file storage.
    SELFCHECK = "selfcheck", "Worker self-check"
    # Seconds of work on an enterprise-size plan: out of the web request.
    CLONE = "clone", "Copy the plan"
    IMPORT_DOCUMENT = "import_document", "Import a plan document"
    # Thousands of exported items: out of the web request (issue 17).
    REHEARSE = "rehearse", "Rehearse on the sample sets"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class Job(models.Model):
    """A background job the UI polls. Tasks record progress here; results go through Django's
    storage API so web and workers may run on different hosts."""

    plan = models.ForeignKey(
        settings.PLAN_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="jobs"
    )
    kind = models.CharField(max_length=20, choices=JobKind.choices)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    options = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    celery_task_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    # Times the reaper queued the job again after its whole worker was lost (retry limit).
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "planner_job"  # moved from the planner app; the table kept its name
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="job_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=JobKind.values), name="job_kind_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_percent"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def worker_lost(self) -> bool:
        """Running, but its heartbeat has gone silent: the worker died and the job is about to
        be taken over or queued again (the page says so rather than a frozen percentage)."""
        if self.status != JobStatus.RUNNING or self.heartbeat_at is None:
            return False
        silence = (timezone.now() - self.heartbeat_at).total_seconds()
        if silence <= settings.JOB_STALE_SECONDS:
            return False
        # A split rehearsal whose parts wait in the queue: nothing runs, nothing is lost.
        return not self.chunks.filter(attempt=self.attempts, status="queued").exists()
