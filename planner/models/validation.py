"""The validation's models: findings stored per validated revision, acknowledgements."""

from django.db import models
from django.db.models import Q


class Severity(models.TextChoices):
    ERROR = "error", "Error"
    WARNING = "warning", "Warning"
    INFO = "info", "Info"


class Finding(models.Model):
    """A validator finding, stored for the plan revision it was computed for."""

    plan = models.ForeignKey("planner.Plan", on_delete=models.CASCADE, related_name="findings")
    job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="findings"
    )
    plan_revision = models.PositiveIntegerField()
    plan_version = models.ForeignKey(
        "planner.PlanVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    code = models.CharField(max_length=10)
    severity = models.CharField(max_length=8, choices=Severity.choices)
    subject = models.CharField(max_length=600)
    # The subject named for people, as the validated revision labelled it (display.subject_text);
    # ``subject`` stays the identity acknowledgements and fingerprints use.
    subject_text = models.TextField(blank=True)
    fingerprint = models.CharField(max_length=64)
    message = models.TextField()
    fix = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "code", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "plan_revision", "code", "subject"],
                name="finding_unique_per_revision",
            ),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="finding_severity_valid"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.subject}"

    @property
    def family(self) -> str:
        return self.code.split("-")[0]


class Acknowledgement(models.Model):
    """A plan member accepted a finding with a written reason. Content of the plan (it goes into
    the plan document and the content hash); stale when the subject's fingerprint changes."""

    plan = models.ForeignKey(
        "planner.Plan", on_delete=models.CASCADE, related_name="acknowledgements"
    )
    code = models.CharField(max_length=10)
    subject = models.CharField(max_length=600)
    fingerprint = models.CharField(max_length=64)
    reason = models.TextField()
    # The username as text, so the document moves between installations.
    acknowledged_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "code", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code", "subject"], name="acknowledgement_unique"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="acknowledgement_needs_reason"),
        ]

    def __str__(self):
        return f"{self.code} {self.subject} acknowledged by {self.acknowledged_by}"
