"""The rehearsal's form: a sample set of one endpoint."""

from django import forms


class SampleSetForm(forms.Form):
    """Items exported from one endpoint's product: a file, or the response pasted as text."""

    endpoint = forms.ModelChoiceField(queryset=None, empty_label=None)
    document = forms.FileField(required=False, label="Item response or CSV export")
    pasted = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}),
                             label="…or paste it")  # fmt: skip
    type_hint = forms.CharField(
        required=False,
        max_length=150,
        label="Item type",
        help_text="Only for responses that do not name it (a Jira sprint list: sprint).",
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["endpoint"].queryset = plan.endpoints.order_by("key")
        self.fields["endpoint"].label_from_instance = lambda e: f"{e.name} ({e.key})"

    def clean(self):
        data = super().clean()
        if not data.get("document") and not (data.get("pasted") or "").strip():
            raise forms.ValidationError("Choose a file or paste an item response.")
        return data
