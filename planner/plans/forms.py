from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string

from connections.forms import RowForm
from planner.models import Plan
from planner.review.notifications import notify


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


class OutboxPasswordResetForm(PasswordResetForm):
    """The forgot-password form, sending its link through the outbox like every notification.

    Accounts that were invited and never set a password may ask too: the link is the same kind
    the invitation carried. The page after it says the same whether or not the address has an
    account (no account enumeration)."""

    def get_users(self, email):
        user_model = get_user_model()
        field = user_model.get_email_field_name()
        candidates = user_model._default_manager.filter(
            **{f"{field}__iexact": email, "is_active": True}
        )
        wanted = email.casefold()
        return (u for u in candidates if (getattr(u, field) or "").casefold() == wanted)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        notify([to_email], subject, render_to_string(email_template_name, context))


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
