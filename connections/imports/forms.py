"""The schema import's upload form: a format (or detection from the content), an item type for
documents that do not name one, and pasted text beside the uploaded files."""

from __future__ import annotations

from django import forms

from connections.importers import FORMATS
from connections.importers.documents import upload_limit


class SchemaImportForm(forms.Form):
    format = forms.ChoiceField(
        choices=[
            ("auto", "Detect from the content"),
            *((k, label) for k, (_, label) in FORMATS.items()),
        ],
        initial="auto",
    )
    type_hint = forms.CharField(
        label="Item type",
        required=False,
        max_length=120,
        help_text="Only when the documents do not say which type they describe "
        "(an ALM fields response, a Jira createmeta page).",
    )
    pasted = forms.CharField(
        label="Or paste a response",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser stops at the limit; the server checks it again (bytes, not characters).
        self.fields["pasted"].widget.attrs["maxlength"] = upload_limit()
