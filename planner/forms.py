from django import forms

from planner.models import Plan


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["name", "description", "sync_server"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
