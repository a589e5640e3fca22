"""The plans' forms: create, rename, copy."""

from django import forms

from connections.rows import RowForm
from planner.models import Plan


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["name", "description", "sync_server"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class PlanRenameForm(RowForm):
    class Meta:
        model = Plan
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class CloneForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the copy")
