from django import forms

from planner.models import Decision, Role


class InviteForm(forms.Form):
    who = forms.CharField(label="Username or email", max_length=254)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.REVIEWER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class SignOffRoleForm(forms.Form):
    title = forms.CharField(max_length=200)


class HolderForm(forms.Form):
    holder = forms.CharField(label="Holder (username)", max_length=150, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices)
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ThreadForm(forms.Form):
    subject = forms.CharField(max_length=600, initial="plan")
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
