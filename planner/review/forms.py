from django import forms

from core.access import Role
from planner.models import Decision


class InviteForm(forms.Form):
    who = forms.CharField(label="Username or email", max_length=254)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.REVIEWER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class SignOffRoleForm(forms.Form):
    title = forms.CharField(max_length=200)


class HolderForm(forms.Form):
    """The holder is picked from the members who may sign off; empty hands the sign-off back."""

    holder = forms.TypedChoiceField(label="Holder", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._users = {u.pk: u for u in candidates}
        self.fields["holder"].choices = [("", "nobody yet")] + [
            (u.pk, u.get_username()) for u in candidates
        ]

    def clean_holder(self):
        pk = self.cleaned_data["holder"]
        return None if pk is None else self._users[pk]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices)
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ThreadForm(forms.Form):
    subject = forms.CharField(max_length=600, initial="plan")
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
