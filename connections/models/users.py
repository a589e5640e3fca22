"""A connection's user map and its explicit entries (the user map page)."""

from django.db import models
from django.db.models import Q

from core.models import Editable

from .setup import Connection


class UserMatchStrategy(models.TextChoices):
    EXPLICIT = "explicit", "Explicit map"
    BY_NAME = "by_name", "Match by name"
    BY_EMAIL = "by_email", "Match by email"
    BY_USERNAME = "by_username", "Match by username"


class UserMap(Editable):
    connection = models.OneToOneField(Connection, on_delete=models.CASCADE, related_name="user_map")
    strategy = models.CharField(
        max_length=12, choices=UserMatchStrategy.choices, default=UserMatchStrategy.EXPLICIT
    )
    left_default_user = models.CharField(max_length=150, blank=True)
    right_default_user = models.CharField(max_length=150, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(strategy__in=UserMatchStrategy.values), name="usermap_strategy_valid"
            )
        ]


class UserMapEntry(Editable):
    """One person known as ``left_username`` on the left and ``right_username`` on the right.
    Names are text, so an entry can name a user missing from the directory (USR-004)."""

    user_map = models.ForeignKey(UserMap, on_delete=models.CASCADE, related_name="entries")
    left_username = models.CharField(max_length=200)
    right_username = models.CharField(max_length=200)

    class Meta:
        ordering = ["user_map", "left_username", "right_username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user_map", "left_username", "right_username"], name="usermapentry_unique"
            )
        ]
