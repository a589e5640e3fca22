import uuid

from django.conf import settings
from django.db import models


class PendingUpload(models.Model):
    """Documents uploaded for a preview, waiting for the user to apply it. The bytes live in
    file storage (``files`` names them), not in the session: a 19 MB preview in the session
    made every page load of that user read and write the whole session row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(settings.PLAN_MODEL, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # What the upload is for, e.g. "schema_import:12" (the endpoint's id): an upload kept for
    # one page is never applied by another.
    purpose = models.CharField(max_length=80)
    options = models.JSONField(default=dict, blank=True)
    files = models.JSONField(default=list, blank=True)  # [[document name, storage name], ...]
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "planner_pendingupload"  # moved from the planner app; the table kept its name
        indexes = [models.Index(fields=["user", "purpose"], name="pendingupload_owner")]

    def __str__(self):
        return f"{self.purpose} ({self.pk})"
