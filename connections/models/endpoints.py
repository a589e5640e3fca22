from django.db import models
from django.db.models import Q

from core.models import Editable
from facts.datatypes import MULTI_VALUED_TYPES, DataType

from .product import Product, UserRepresentation


class AuthMethod(models.TextChoices):
    NATIVE = "native", "Native (product) credentials"
    SSO = "sso", "Single sign-on"


class NetworkPath(models.TextChoices):
    DIRECT = "direct", "Direct"
    PROXY = "proxy", "Through a proxy"


class Endpoint(Editable):
    """An instance of a product taking part in a plan (e.g. "our Jira Cloud site")."""

    plan = models.ForeignKey("planner.Plan", on_delete=models.CASCADE, related_name="endpoints")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=120)
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, related_name="endpoints"
    )
    base_url = models.URLField(blank=True)
    user_representation = models.CharField(
        max_length=20, choices=UserRepresentation.choices, default=UserRepresentation.USERNAME
    )
    user_directory_complete = models.BooleanField(
        default=False,
        help_text="The user list is imported or typed in full (USR-002/USR-004 judge only complete directories).",
    )
    api_enforces_workflow = models.BooleanField(default=True)
    integration_can_override_workflow = models.BooleanField(default=False)
    allows_impersonation = models.BooleanField(default=False)
    # The integration (data source) account.
    integration_account = models.CharField(max_length=120, blank=True)
    auth_method = models.CharField(max_length=10, choices=AuthMethod.choices, blank=True)
    account_locale = models.CharField(max_length=20, blank=True)
    account_role = models.CharField(max_length=120, blank=True)
    account_permissions = models.TextField(blank=True)
    # How the sync server reaches the endpoint.
    network_path = models.CharField(max_length=10, choices=NetworkPath.choices, blank=True)
    proxy_host = models.CharField(max_length=255, blank=True)
    proxy_port = models.PositiveIntegerField(null=True, blank=True)
    certificate_trust = models.TextField(
        blank=True, help_text="How the server trusts the endpoint's HTTPS certificate."
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["plan", "key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="endpoint_key_unique_in_plan"),
            models.CheckConstraint(
                condition=Q(user_representation__in=UserRepresentation.values),
                name="endpoint_user_representation_valid",
            ),
            models.CheckConstraint(
                condition=Q(auth_method__in=["", *AuthMethod.values]),
                name="endpoint_auth_method_valid",
            ),
            models.CheckConstraint(
                condition=Q(network_path__in=["", *NetworkPath.values]),
                name="endpoint_network_path_valid",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.key})"

    @property
    def uses_https(self) -> bool:
        return self.base_url.lower().startswith("https://")


class Project(Editable):
    """A project of an endpoint: Jira project, Octane workspace, ALM domain/project, Azure DevOps
    project, ServiceNow scope."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="projects")
    key = models.CharField(max_length=120)
    name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["endpoint", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "key"], name="project_key_unique_in_endpoint"
            )
        ]

    def __str__(self):
        return self.name or self.key


class ItemType(Editable):
    """A work-item type of an endpoint (Defect, story, sprint, ...)."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="item_types")
    key = models.CharField(max_length=120)
    label = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)
    workflow_state_field = models.CharField(
        max_length=120, blank=True, help_text="Key of the field holding the workflow state."
    )
    states = models.JSONField(default=list, blank=True, help_text="Workflow states, in order.")
    transitions = models.JSONField(
        default=list, blank=True, help_text='Allowed transitions as [["from", "to"], ...].'
    )
    # Data-model constraints ("Data model normalization").
    parent_type = models.CharField(
        max_length=120,
        blank=True,
        help_text="Key of the type every item must belong to (e.g. release).",
    )
    parent_field = models.CharField(
        max_length=120, blank=True, help_text="Key of the field that links an item to its parent."
    )
    date_window_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Keys of date fields that must lie within the parent's dates.",
    )
    parent_immutable = models.BooleanField(
        default=False, help_text="The parent cannot change after creation."
    )
    removed = models.BooleanField(default=False, help_text="Gone from the product's schema.")

    class Meta:
        ordering = ["endpoint", "position", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "key"], name="itemtype_key_unique_in_endpoint"
            )
        ]

    def __str__(self):
        return self.label or self.key


class Field(Editable):
    item_type = models.ForeignKey(ItemType, on_delete=models.CASCADE, related_name="fields")
    key = models.CharField(max_length=160)
    label = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)
    data_type = models.CharField(max_length=24, choices=DataType.choices)
    required = models.BooleanField(default=False)
    read_only = models.BooleanField(default=False)
    create_only = models.BooleanField(default=False, help_text="Editable on create only.")
    system_generated = models.BooleanField(default=False)
    has_default = models.BooleanField(default=False, help_text="The product sets a default value.")
    default_value = models.CharField(max_length=255, blank=True)
    relationship_targets = models.JSONField(
        default=list, blank=True, help_text="Keys of the item types a relationship field points at."
    )
    max_length = models.PositiveIntegerField(null=True, blank=True)
    precision = models.PositiveIntegerField(null=True, blank=True)
    addon_type = models.CharField(
        max_length=200,
        blank=True,
        help_text="The raw type of a custom add-on field, kept as given.",
    )
    not_supported = models.BooleanField(
        default=False, help_text="The connector does not support this field's data type."
    )
    user_settable = models.BooleanField(
        default=True,
        help_text="For user fields: a person can set it (Assigned to), not only the system (Created by).",
    )
    set_by_sync_tool = models.BooleanField(
        default=False,
        help_text="Structural field the sync tool sets itself (Jira project and issue type, "
        "the work item type, the Octane workspace): no mapping has to fill it.",
    )
    values_unknown = models.BooleanField(
        default=False,
        help_text="The imported document lists the allowed values in a shape not read: "
        "the value list is unknown, not empty.",
    )
    removed = models.BooleanField(default=False, help_text="Gone from the product's schema.")

    class Meta:
        ordering = ["item_type", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["item_type", "key"], name="field_key_unique_in_type"),
            models.CheckConstraint(
                condition=Q(data_type__in=DataType.values), name="field_data_type_valid"
            ),
        ]

    def __str__(self):
        return self.label or self.key

    @property
    def multi_valued(self) -> bool:
        return self.data_type in MULTI_VALUED_TYPES


class EnumValue(Editable):
    field = models.ForeignKey(Field, on_delete=models.CASCADE, related_name="enum_values")
    label = models.CharField(max_length=255)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    removed = models.BooleanField(default=False, help_text="Gone from the product's value list.")

    class Meta:
        ordering = ["field", "position", "label"]
        constraints = [
            models.UniqueConstraint(
                fields=["field", "label"], name="enumvalue_label_unique_in_field"
            )
        ]

    def __str__(self):
        return self.label


class EndpointUser(Editable):
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="users")
    username = models.CharField(max_length=150)
    full_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    account_id = models.CharField(max_length=128, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["endpoint", "username"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "username"], name="endpointuser_username_unique_in_endpoint"
            )
        ]

    def __str__(self):
        return self.full_name or self.username
