"""Forms of the endpoint pages: the endpoint, its projects, item types, fields, enum values
and user directory, one small row form each (connections/rows.py)."""

from __future__ import annotations

from django import forms

from connections.endpoints.services import FIELD_ATTRIBUTES
from connections.models import Endpoint, EndpointUser, EnumValue, Field, ItemType, Project
from connections.rows import LinesField, RowForm, TransitionsField


class EndpointAddForm(forms.Form):
    product = forms.ChoiceField(
        label="Catalog product", required=False, help_text="Empty: a custom endpoint to fill in."
    )
    key = forms.SlugField(max_length=60, help_text="A short stable key, e.g. jira.")
    name = forms.CharField(max_length=120, required=False)
    base_url = forms.URLField(required=False, assume_scheme="https")

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", "Custom (no catalog profile)")] + [
            (p.key, p.name) for p in products
        ]


class EndpointBehavioursForm(RowForm):
    class Meta:
        model = Endpoint
        fields = [
            "name",
            "base_url",
            "user_representation",
            "user_directory_complete",
            "api_enforces_workflow",
            "integration_can_override_workflow",
            "allows_impersonation",
            "integration_account",
            "auth_method",
            "account_locale",
            "account_role",
            "account_permissions",
            "network_path",
            "proxy_host",
            "proxy_port",
            "certificate_trust",
            "notes",
        ]
        labels = {
            "base_url": "Base URL",
            "api_enforces_workflow": "The API enforces the workflow",
            "integration_can_override_workflow": "The integration account may override it",
            "allows_impersonation": "Impersonation (changes made as the real user)",
            "user_directory_complete": "The user directory is complete",
        }
        widgets = {
            "account_permissions": forms.Textarea(attrs={"rows": 2}),
            "certificate_trust": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class ProjectForm(RowForm):
    class Meta:
        model = Project
        fields = ["key", "name"]


class ItemTypeForm(RowForm):
    states = LinesField(required=False, help_text="Workflow states in order, one per line.")
    transitions = TransitionsField(required=False, help_text="One per line: From -> To.")
    date_window_fields = LinesField(
        required=False, help_text="Date field keys that must lie within the parent's dates."
    )

    class Meta:
        model = ItemType
        fields = [
            "key",
            "label",
            "workflow_state_field",
            "states",
            "transitions",
            "parent_type",
            "parent_field",
            "date_window_fields",
            "parent_immutable",
            "removed",
        ]


class FieldForm(RowForm):
    relationship_targets = LinesField(
        required=False, help_text="Keys of the item types it points at, one per line."
    )

    class Meta:
        model = Field
        # The field facts a product profile states (one list, the endpoints' services'), with
        # the row's identity and the two a person sets by hand.
        fields = ["key", "label", *FIELD_ATTRIBUTES, "values_unknown", "removed"]


class EnumValueForm(RowForm):
    class Meta:
        model = EnumValue
        fields = ["label", "active", "removed"]


class EndpointUserForm(RowForm):
    class Meta:
        model = EndpointUser
        fields = ["username", "full_name", "email", "account_id", "active"]
