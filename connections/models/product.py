from django.db import models


class UserRepresentation(models.TextChoices):
    USERNAME = "username", "Username (login name)"
    FULL_NAME = "full_name", "Full name"
    EMAIL = "email", "Email address"
    ACCOUNT_ID = "account_id", "Account id"


class Product(models.Model):
    """A catalog profile of an ALM product (Jira Cloud, ALM Octane, ...).

    The profile (types, fields, enum values, behaviours) is data loaded from
    connections/catalog/*.json; an endpoint copies it and is then edited freely, because a team's
    instance differs from the catalog.
    """

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    vendor = models.CharField(max_length=120, blank=True)
    description = models.TextField(blank=True)
    profile = models.JSONField(default=dict)
    catalog_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
