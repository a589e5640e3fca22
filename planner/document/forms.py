"""The documents' forms: export a plan, import a plan document."""

from django import forms

from core import uploads
from core.models import JobKind

FORMATS = {"xlsx": JobKind.EXPORT_XLSX, "csv": JobKind.EXPORT_CSV, "json": JobKind.EXPORT_JSON}


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[(k, k.upper()) for k in FORMATS])
    no_personal_data = forms.BooleanField(
        required=False, label="Leave out user emails and full names"
    )
    per_type_sheets = forms.BooleanField(
        required=False, label="Fields and enum values: one sheet per type mapping"
    )

    @property
    def job_kind(self) -> str:
        return FORMATS[self.cleaned_data["format"]]

    @property
    def job_options(self) -> dict:
        return {
            "personal_data": not self.cleaned_data["no_personal_data"],
            "per_type_sheets": self.cleaned_data["per_type_sheets"],
        }


class ImportForm(forms.Form):
    document = forms.FileField(label="Plan document (JSON)")
    name = forms.CharField(
        max_length=200, required=False, help_text="Leave empty to keep the document's name."
    )

    def clean_document(self):
        upload = self.cleaned_data["document"]
        if upload.size > uploads.max_bytes():
            limit = uploads.max_bytes() // (1024 * 1024)
            raise forms.ValidationError(f"The file is larger than the {limit} MB upload limit.")
        return upload
