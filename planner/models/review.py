from django.conf import settings
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


class PlanVersion(models.Model):
    """An immutable snapshot of the plan document, frozen when the plan is submitted for review
    (or restored); sign-offs point at one."""

    plan = models.ForeignKey("planner.Plan", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.JSONField()
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_number_unique")
        ]

    def __str__(self):
        return f"{self.plan} v{self.number}"


class SignOffRole(models.Model):
    """A sign-off the plan needs (a product owner per endpoint, the sync administrator), held by
    one member."""

    plan = models.ForeignKey(
        "planner.Plan", on_delete=models.CASCADE, related_name="sign_off_roles"
    )
    title = models.CharField(max_length=200)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="signoffrole_title_unique"),
            models.UniqueConstraint(fields=["plan", "holder"], name="signoffrole_one_per_holder"),
        ]

    def __str__(self):
        return self.title


class Decision(models.TextChoices):
    APPROVE = "approve", "Approve"
    REQUEST_CHANGES = "request_changes", "Request changes"


class Approval(models.Model):
    """A sign-off holder's decision on one plan version, bound to the content hash it saw."""

    sign_off_role = models.ForeignKey(
        SignOffRole, on_delete=models.CASCADE, related_name="approvals"
    )
    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="approvals"
    )
    decision = models.CharField(max_length=16, choices=Decision.choices)
    content_sha256 = models.CharField(max_length=64)
    comment = models.TextField(blank=True)
    # Set by the write boundary when the plan changes after the decision (core.changes).
    stale = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values), name="approval_decision_valid"
            )
        ]

    def __str__(self):
        return f"{self.decision} on {self.plan_version}"


class CommentThread(models.Model):
    """Review comments on the plan or on one item of it (a subject path)."""

    plan = models.ForeignKey(
        "planner.Plan", on_delete=models.CASCADE, related_name="comment_threads"
    )
    subject = models.CharField(max_length=600, default="plan")
    resolved = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-created_at"]

    def __str__(self):
        return f"Thread on {self.subject}"


class Comment(models.Model):
    thread = models.ForeignKey(CommentThread, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["thread", "created_at"]

    def __str__(self):
        return self.body[:60]
