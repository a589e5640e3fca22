from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One recorded change to a plan's content or membership: who, when, before and after."""

    plan = models.ForeignKey(
        settings.PLAN_MODEL, on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80)
    subject = models.CharField(max_length=600, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # The plan the change was made from, when that is another plan sharing the sync server.
    origin_plan = models.ForeignKey(
        settings.PLAN_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "planner_auditevent"  # moved from the planner app; the table kept its name
        ordering = ["plan", "-created_at"]
        indexes = [models.Index(fields=["plan", "-created_at"], name="auditevent_plan_recent")]

    def __str__(self):
        return f"{self.action} {self.subject}"
