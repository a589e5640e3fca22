from django.conf import settings
from django.db import models


class SampleSet(models.Model):
    """Items the team exported from one endpoint's product, for the rehearsal (issue 17).

    The document is kept as uploaded, through Django's storage API (web and workers may run
    on different hosts), with its SHA-256: a rehearsal's results name the hashes they were
    computed on. Never credentials: only what the team exported."""

    plan = models.ForeignKey("planner.Plan", on_delete=models.CASCADE, related_name="sample_sets")
    endpoint = models.ForeignKey(
        "connections.Endpoint", on_delete=models.CASCADE, related_name="sample_sets"
    )
    name = models.CharField(max_length=255)
    type_hint = models.CharField(
        max_length=150, blank=True, help_text="The item type, for responses that do not name it."
    )
    product = models.CharField(max_length=20)  # the format the readers recognised
    item_count = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="samples/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["endpoint", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "sha256", "type_hint"], name="sampleset_once_per_endpoint"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.item_count} items)"


class RehearsalChunk(models.Model):
    """One part of a rehearsal split over several workers (issue 17, point 7): items [start,
    stop) of the job's sample sets in order. Its state lives here, its result (the part as JSON
    and each item's details) in storage; the worker that finishes the last part merges them."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    job = models.ForeignKey("core.Job", on_delete=models.CASCADE, related_name="chunks")
    # The job's run (Job.attempts) that split it: a run the reaper replaced leaves its parts.
    attempt = models.PositiveSmallIntegerField()
    index = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    stop = models.PositiveIntegerField(null=True, blank=True)  # None: to the last item
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    worker = models.CharField(max_length=255, blank=True)  # the Celery worker's hostname
    part = models.CharField(max_length=500, blank=True)  # storage path of the part's JSON
    details = models.CharField(max_length=500, blank=True)  # storage path of its item lines
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "attempt", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "attempt", "index"], name="rehearsalchunk_once_per_run"
            )
        ]

    def __str__(self):
        return f"part {self.index} of job {self.job_id} ({self.status})"
