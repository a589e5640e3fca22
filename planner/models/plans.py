from django.conf import settings
from django.db import models
from django.db.models import Q

from core.access import Role
from core.models import Editable


class SyncServer(Editable):
    """The deployment that runs the connections. Its operations register is shared by every plan
    that runs on it. Names are not unique: two teams may each call theirs "Connect prod", and
    neither learns of the other's (planner.servers.servers_visible_to)."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    host = models.CharField(max_length=255, blank=True)
    operating_system = models.CharField(
        max_length=10, choices=[("linux", "Linux"), ("windows", "Windows")], default="linux"
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    expiry_warning_days = models.PositiveIntegerField(
        default=30,
        help_text="Certificates and credentials expiring within this many days are flagged.",
    )
    test_environment = models.TextField(
        blank=True,
        help_text="The sandbox server and projects where connections are validated first.",
    )
    backup_procedure = models.TextField(blank=True, help_text="How backups are taken and restored.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SyncServerShare(models.Model):
    """An owner of a plan on ``sync_server`` let ``plan`` (another team's) see and attach it."""

    sync_server = models.ForeignKey(SyncServer, on_delete=models.CASCADE, related_name="shares")
    plan = models.ForeignKey("planner.Plan", on_delete=models.CASCADE, related_name="+")
    from_plan = models.ForeignKey(
        "planner.Plan", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sync_server", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["sync_server", "plan"], name="syncservershare_once")
        ]

    def __str__(self):
        return f"{self.sync_server} shared with plan {self.plan_id}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    SIGNED_OFF = "signed_off", "Signed off"
    ARCHIVED = "archived", "Archived"


class Plan(Editable):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    sync_server = models.ForeignKey(
        SyncServer, on_delete=models.SET_NULL, null=True, blank=True, related_name="plans"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped by every content change, only by the write boundary (core.changes):
    # a cheap "has anything changed?" (not a PlanVersion).
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-updated_at", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="plan_status_valid"
            )
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "user"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="membership_one_per_user"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} is {self.role} of {self.plan}"
