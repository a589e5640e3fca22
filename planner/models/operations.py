from django.db import models
from django.db.models import Q

from core.models import Editable


class OperationsKind(models.TextChoices):
    SKILL = "skill", "Skill and owner"
    CERTIFICATE = "certificate", "Certificate"
    CREDENTIAL = "credential", "Credential"
    MAINTENANCE_TASK = "maintenance_task", "Scheduled maintenance task"


class Frequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"


class SkillArea(models.TextChoices):
    SERVER_OS = "server_os", "Server OS administration (scripting, monitoring, backup and restore)"
    NETWORKING = "networking", "Networking (proxies, certificates, firewalls)"
    PRODUCT = "product", "Knowledge of an endpoint product"


class OperationsItem(Editable):
    """One entry of a sync server's operations register: a skill with its owner, a certificate
    or credential with its expiry, or a scheduled maintenance task (the database purge among
    them). Endpoint-specific facts (integration account, network path, certificate trust) are the
    Endpoint's own fields, not copied here."""

    sync_server = models.ForeignKey(
        "planner.SyncServer", on_delete=models.CASCADE, related_name="operations_items"
    )
    kind = models.CharField(max_length=20, choices=OperationsKind.choices)
    key = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    owner = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    # Skills.
    skill_area = models.CharField(max_length=12, choices=SkillArea.choices, blank=True)
    product_key = models.CharField(
        max_length=60, blank=True, help_text="For product knowledge: the catalog product's key."
    )
    # Certificates and credentials.
    expires_on = models.DateField(null=True, blank=True)
    # Maintenance tasks: a schedule both cron and Windows Task Scheduler can express.
    is_database_purge = models.BooleanField(default=False)
    command = models.CharField(max_length=500, blank=True)
    frequency = models.CharField(max_length=8, choices=Frequency.choices, blank=True)
    weekdays = models.JSONField(
        default=list, blank=True, help_text="For weekly tasks: 0=Monday ... 6=Sunday."
    )
    day_of_month = models.PositiveSmallIntegerField(null=True, blank=True)
    at_time = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["sync_server", "kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["sync_server", "kind", "key"], name="operationsitem_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OperationsKind.values), name="operationsitem_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=["", *Frequency.values]),
                name="operationsitem_frequency_valid",
            ),
            models.CheckConstraint(
                condition=Q(day_of_month__isnull=True)
                | (Q(day_of_month__gte=1) & Q(day_of_month__lte=31)),
                name="operationsitem_day_of_month_range",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def has_schedule(self) -> bool:
        if not self.frequency or self.at_time is None:
            return False
        if self.frequency == Frequency.WEEKLY:
            return bool(self.weekdays)
        if self.frequency == Frequency.MONTHLY:
            return self.day_of_month is not None
        return True


class ExpiryNotification(models.Model):
    """A reminder recorded by the daily beat task for an expiring certificate or credential."""

    operations_item = models.ForeignKey(
        OperationsItem, on_delete=models.CASCADE, related_name="notifications"
    )
    expires_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_to = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["operations_item", "expires_on"], name="expirynotification_once_per_expiry"
            )
        ]

    def __str__(self):
        return f"Reminder: {self.operations_item} expires {self.expires_on}"
