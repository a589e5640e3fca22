"""The review's models: versions, sign-off roles, approvals, comment threads."""

from django.conf import settings
from django.db import models
from django.db.models import Q


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
