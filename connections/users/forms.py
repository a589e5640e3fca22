"""Forms of the user map page: its settings, its entries, and the CSV upload of entries
(also the endpoint user directory's import)."""

from __future__ import annotations

from django import forms

from connections.models import UserMap, UserMapEntry
from connections.rows import RowForm
from core import uploads


class CsvUploadForm(forms.Form):
    file = forms.FileField(label="CSV file")

    def text(self) -> str:
        """The file as text, under the upload limits; raises UploadRefused (a ValueError)."""
        upload = self.cleaned_data["file"]
        return uploads.decode(uploads.read_upload(upload), upload.name)


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
