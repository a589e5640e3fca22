"""Forms of the operations register. Each carries the row's lock_version so a save made from a
stale page is refused (core.concurrency)."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify

from connections.models import Endpoint, NetworkPath
from planner.models import Frequency, OperationsItem, OperationsKind, SkillArea, SyncServer
from planner.servers import servers_visible_to

from .schedules import WEEKDAY_NAMES, Schedule, ScheduleError, check, is_time_zone


class LockedForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["lock_version"] = self.instance.lock_version


def _clean_zone(value: str, required: bool) -> str:
    value = (value or "").strip()
    if not value and not required:
        return value
    if not is_time_zone(value):
        raise forms.ValidationError(
            f"“{value}” is not a known time zone: use a name such as Europe/Berlin or UTC."
        )
    return value


class SyncServerForm(LockedForm):
    class Meta:
        model = SyncServer
        fields = [
            "name", "host", "operating_system", "time_zone", "expiry_warning_days",
            "test_environment", "backup_procedure", "description",
        ]  # fmt: skip
        widgets = {
            "test_environment": forms.Textarea(attrs={"rows": 3}),
            "backup_procedure": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_time_zone(self):
        return _clean_zone(self.cleaned_data.get("time_zone"), required=True)

    def clean_expiry_warning_days(self):
        days = self.cleaned_data["expiry_warning_days"]
        if days is None or not 1 <= days <= 365:
            raise forms.ValidationError("Give a warning window between 1 and 365 days.")
        return days


class ChooseServerForm(forms.Form):
    """Only the servers ``user`` may see are offered (and accepted): another team's server is
    neither listed nor attachable by its id."""

    existing = forms.ModelChoiceField(
        SyncServer.objects.none(), required=False, label="Runs on an existing sync server"
    )
    new_name = forms.CharField(max_length=120, required=False, label="or a new sync server named")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.visible = servers_visible_to(user)
        self.fields["existing"].queryset = self.visible

    def clean(self):
        data = super().clean()
        existing, new_name = data.get("existing"), (data.get("new_name") or "").strip()
        if bool(existing) == bool(new_name):
            raise forms.ValidationError("Choose an existing sync server or name a new one.")
        if new_name and self.visible.filter(name=new_name).exists():
            raise forms.ValidationError(f"A sync server named “{new_name}” exists: choose it.")
        data["new_name"] = new_name
        return data


class ShareServerForm(forms.Form):
    plan_number = forms.IntegerField(
        min_value=1, max_value=2**31 - 1, label="Share this sync server with plan number",
        help_text="The other team's plan number (in its address, /plans/<number>/).",
    )  # fmt: skip


class OperationsItemForm(LockedForm):
    """Common to every register entry: a key derived from the name, unique per server+kind."""

    kind: str = ""

    def __init__(self, *args, sync_server=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sync_server = sync_server or self.instance.sync_server

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and data.get("name"):
            base = slugify(data["name"])[:70] or self.kind
            key, n = base, 2
            taken = set(
                OperationsItem.objects.filter(
                    sync_server=self.sync_server, kind=self.kind
                ).values_list("key", flat=True)
            )
            while key in taken:
                key, n = f"{base}-{n}", n + 1
            self.instance.key = key
        self.instance.kind = self.kind
        self.instance.sync_server = self.sync_server
        return data


class SkillForm(OperationsItemForm):
    kind = OperationsKind.SKILL

    class Meta:
        model = OperationsItem
        fields = ["skill_area", "product_key", "name", "owner", "description"]
        labels = {"name": "Skill", "product_key": "Product (for product knowledge)"}

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill_area"].required = True
        self.fields["product_key"] = forms.ChoiceField(
            choices=[("", "–"), *products], required=False, label="Product (for product knowledge)"
        )

    def clean(self):
        data = super().clean()
        if data.get("skill_area") == SkillArea.PRODUCT and not data.get("product_key"):
            self.add_error("product_key", "Name the product this knowledge is about.")
        if data.get("skill_area") != SkillArea.PRODUCT:
            data["product_key"] = ""
        return data


class ExpiringItemForm(OperationsItemForm):
    """A certificate or a credential."""

    class Meta:
        model = OperationsItem
        fields = ["name", "owner", "expires_on", "description"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"})}
        labels = {"expires_on": "Expires on"}


class CertificateForm(ExpiringItemForm):
    kind = OperationsKind.CERTIFICATE


class CredentialForm(ExpiringItemForm):
    kind = OperationsKind.CREDENTIAL


class MaintenanceTaskForm(OperationsItemForm):
    kind = OperationsKind.MAINTENANCE_TASK
    weekdays = forms.TypedMultipleChoiceField(
        choices=list(enumerate(WEEKDAY_NAMES)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="On (weekly)",
    )

    class Meta:
        model = OperationsItem
        fields = [
            "name", "owner", "is_database_purge", "command", "frequency", "weekdays",
            "day_of_month", "at_time", "time_zone", "description",
        ]  # fmt: skip
        widgets = {"at_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        labels = {
            "is_database_purge": "This is the database purge",
            "day_of_month": "On day (monthly)",
            "at_time": "At",
            "time_zone": "Time zone (blank: the server's)",
        }

    def clean_time_zone(self):
        return _clean_zone(self.cleaned_data.get("time_zone"), required=False)

    def clean_command(self):
        command = (self.cleaned_data.get("command") or "").strip()
        if "\n" in command or "\r" in command:
            raise forms.ValidationError("The command must be a single line.")
        return command

    def clean(self):
        data = super().clean()
        frequency = data.get("frequency")
        if not frequency:
            return data  # a task without a schedule yet (OPS-003 does not count it)
        if not data.get("command"):
            self.add_error("command", "Give the command the task runs.")
        if frequency != Frequency.WEEKLY:
            data["weekdays"] = []
        if frequency != Frequency.MONTHLY:
            data["day_of_month"] = None
        schedule = Schedule(
            frequency=frequency,
            at_time=data.get("at_time"),
            weekdays=tuple(data.get("weekdays") or ()),
            day_of_month=data.get("day_of_month"),
        )
        try:
            check(schedule)
        except ScheduleError as error:
            field = {
                "weekly": "weekdays",
                "monthly": "day_of_month",
            }.get(frequency, "at_time")
            if data.get("at_time") is None:
                field = "at_time"
            self.add_error(field, str(error))
        return data

    def save(self, commit=True):
        self.instance.weekdays = self.cleaned_data.get("weekdays") or []
        self.instance.day_of_month = self.cleaned_data.get("day_of_month")
        return super().save(commit)


class EndpointOperationsForm(LockedForm):
    """The Endpoint's own integration-account and network fields (not a copy)."""

    class Meta:
        model = Endpoint
        fields = [
            "integration_account", "auth_method", "account_locale", "account_role",
            "account_permissions", "integration_can_override_workflow", "network_path",
            "proxy_host", "proxy_port", "certificate_trust",
        ]  # fmt: skip
        widgets = {
            "account_permissions": forms.Textarea(attrs={"rows": 2}),
            "certificate_trust": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "integration_account": "Integration (data source) account",
            "auth_method": "Authentication",
            "account_locale": "Locale",
            "account_role": "Role",
            "account_permissions": "Permissions",
            "integration_can_override_workflow": "May override workflows",
        }

    def clean(self):
        data = super().clean()
        if data.get("network_path") == NetworkPath.PROXY:
            if not data.get("proxy_host"):
                self.add_error("proxy_host", "Give the proxy's host name.")
            port = data.get("proxy_port")
            if port is None:
                self.add_error("proxy_port", "Give the proxy's port.")
            elif not 1 <= port <= 65535:
                self.add_error("proxy_port", "A port is between 1 and 65535.")
        else:
            data["proxy_host"], data["proxy_port"] = "", None
        return data


ITEM_FORMS = {
    OperationsKind.SKILL: SkillForm,
    OperationsKind.CERTIFICATE: CertificateForm,
    OperationsKind.CREDENTIAL: CredentialForm,
    OperationsKind.MAINTENANCE_TASK: MaintenanceTaskForm,
}
