from django.db import models


class OutboxEmail(models.Model):
    """A notification email, written in the same transaction as the change it reports and sent
    afterwards by a task (planner.notifications.outbox): a broker or mail-server outage delays
    the email, it does not lose it."""

    recipients = models.JSONField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outboxemail_unsent",
            )
        ]

    def __str__(self):
        state = "sent" if self.sent_at else f"unsent ({self.attempts} attempts)"
        return f"{self.subject} → {', '.join(self.recipients)}: {state}"
