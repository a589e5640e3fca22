"""Forms of the authoring pages: one small form per row, each saving on its own.

Row forms carry the row's ``lock_version`` so a save made from a stale copy is refused (see
core.concurrency). Foreign keys are picked from choice lists the page computes once, so a page
of N rows renders without N extra queries.
"""

from __future__ import annotations

from django import forms

from connections.models import (
    Connection,
    Endpoint,
    EndpointUser,
    EnumValue,
    ExistingItemMatching,
    Field,
    ItemType,
    Project,
    ProjectPair,
    RelationshipRule,
    TypeMapping,
    UserMap,
    UserMapEntry,
)
from core import uploads


class RowForm(forms.ModelForm):
    """A ModelForm for one row. ``choices`` gives the options of the id fields (``*_id``) that
    stand in for foreign keys."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    id_fields: tuple[str, ...] = ()

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.lock_version
        # Rows sit in long lists: keep text areas short (they grow when dragged).
        for bound in self.fields.values():
            if isinstance(bound.widget, forms.Textarea):
                bound.widget.attrs["rows"] = min(int(bound.widget.attrs.get("rows", 3)), 3)
        for name in self.id_fields:
            self.fields[name].choices = [("", "—"), *(choices or {}).get(name, [])]
            self.fields[name].initial = getattr(self.instance, name, None)

    @property
    def values(self) -> dict:
        """The edited values, by model attribute (``left_type_id`` for an id field)."""
        names = [*self._meta.fields, *self.id_fields]
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}

    def _post_clean(self):
        super()._post_clean()
        for name in self.id_fields:
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])


def id_choice(label: str, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, coerce=int, required=required, empty_value=None, choices=()
    )


class LinesField(forms.CharField):
    """A list of strings typed one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class TransitionsField(LinesField):
    """Workflow transitions typed as ``From -> To``, one per line."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{a} -> {b}" for a, b in value)
        return value

    def to_python(self, value):
        pairs = []
        for line in super().to_python(value):
            parts = [p.strip() for p in line.split("->")]
            if len(parts) != 2 or not all(parts):
                raise forms.ValidationError(f"“{line}” is not a transition: write From -> To.")
            pairs.append(parts)
        return pairs


# Plans and endpoints -------------------------------------------------------------------------


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
        fields = [
            "key",
            "label",
            "data_type",
            "required",
            "read_only",
            "create_only",
            "system_generated",
            "has_default",
            "default_value",
            "relationship_targets",
            "max_length",
            "precision",
            "addon_type",
            "not_supported",
            "user_settable",
            "set_by_sync_tool",
            "values_unknown",
            "removed",
        ]


class EnumValueForm(RowForm):
    class Meta:
        model = EnumValue
        fields = ["label", "active", "removed"]


class EndpointUserForm(RowForm):
    class Meta:
        model = EndpointUser
        fields = ["username", "full_name", "email", "account_id", "active"]


class CsvUploadForm(forms.Form):
    file = forms.FileField(label="CSV file")

    def text(self) -> str:
        """The file as text, under the upload limits; raises UploadRefused (a ValueError)."""
        upload = self.cleaned_data["file"]
        return uploads.decode(uploads.read_upload(upload), upload.name)


# Connections ---------------------------------------------------------------------------------


class ConnectionAddForm(forms.Form):
    key = forms.SlugField(max_length=60)
    name = forms.CharField(max_length=200, required=False)
    left = forms.TypedChoiceField(coerce=int, label="Left endpoint")
    right = forms.TypedChoiceField(coerce=int, label="Right endpoint")

    def __init__(self, *args, endpoints=(), **kwargs):
        super().__init__(*args, **kwargs)
        endpoints = list(endpoints)
        options = [(e.pk, f"{e.name} ({e.key})") for e in endpoints]
        self.fields["left"].choices = options
        self.fields["right"].choices = options
        # Two different endpoints up front: the same one on both sides is never a connection.
        if len(endpoints) >= 2:
            self.fields["left"].initial = endpoints[0].pk
            self.fields["right"].initial = endpoints[1].pk

    def clean(self):
        data = super().clean()
        if data.get("left") is not None and data.get("left") == data.get("right"):
            raise forms.ValidationError("A connection pairs two different endpoints.")
        return data


class ConnectionSettingsForm(RowForm):
    class Meta:
        model = Connection
        fields = ["name", "conflict_policy", "items_exist_in_both"]
        labels = {"conflict_policy": "Conflict policy (connection default)"}


class ProjectPairForm(RowForm):
    left_project_id = id_choice("Left project")
    right_project_id = id_choice("Right project")
    id_fields = ("left_project_id", "right_project_id")

    class Meta:
        model = ProjectPair
        fields = []


class TypeMappingForm(RowForm):
    left_type_id = id_choice("Left type")
    right_type_id = id_choice("Right type")
    id_fields = ("left_type_id", "right_type_id")
    field_order = ["left_type_id", "right_type_id"]

    class Meta:
        model = TypeMapping
        fields = [
            "direction",
            "system_of_record",
            "scope",
            "conflict_policy",
            "creators",
            "other_side_may_update",
        ]
        widgets = {"scope": forms.Textarea(attrs={"rows": 2})}
        labels = {"conflict_policy": "Conflict policy (overrides the connection's)"}


class RelationshipRuleForm(RowForm):
    field_id = id_choice("Field")
    target_type_id = id_choice("Target type", required=False)
    id_fields = ("field_id", "target_type_id")
    field_order = ["field_id", "target_type_id"]

    class Meta:
        model = RelationshipRule
        fields = ["resolution", "rule"]
        widgets = {"rule": forms.Textarea(attrs={"rows": 2})}


class ExistingItemMatchingForm(RowForm):
    left_field_id = id_choice("Left field")
    right_field_id = id_choice("Right field")
    id_fields = ("left_field_id", "right_field_id")
    field_order = ["left_field_id", "right_field_id"]

    class Meta:
        model = ExistingItemMatching
        fields = ["notes"]


# User maps -----------------------------------------------------------------------------------


# The user map page renders the two directories as <datalist>s with these ids, so names can be
# picked while typing (names stay free text: an entry may name a user missing from a directory).
LEFT_USERS, RIGHT_USERS = "left-directory", "right-directory"


class UserMapForm(RowForm):
    class Meta:
        model = UserMap
        fields = ["strategy", "left_default_user", "right_default_user"]
        widgets = {
            "left_default_user": forms.TextInput(attrs={"list": LEFT_USERS}),
            "right_default_user": forms.TextInput(attrs={"list": RIGHT_USERS}),
        }


class UserMapEntryForm(RowForm):
    class Meta:
        model = UserMapEntry
        fields = ["left_username", "right_username"]
        widgets = {
            "left_username": forms.TextInput(attrs={"list": LEFT_USERS}),
            "right_username": forms.TextInput(attrs={"list": RIGHT_USERS}),
        }
