"""Forms of the connection setup pages: a new connection, its settings, project pairs, type
mappings, relationship rules and existing-item matchings, one row form each."""

from __future__ import annotations

from django import forms

from connections.models import (
    Connection,
    ExistingItemMatching,
    ProjectPair,
    RelationshipRule,
    TypeMapping,
)
from connections.rows import RowForm, id_choice


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
