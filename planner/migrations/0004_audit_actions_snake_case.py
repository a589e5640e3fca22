"""Audit actions follow one naming scheme, ``snake_case_entity.verb``: rows recorded under the
old spellings (``typemapping.create``, ``usermapentry.add``, ``signoff.holder``) are renamed so
the activity of a plan reads the same whatever page made the change."""

import re

from django.db import migrations

# Actions whose entity was not a model name.
RENAMED = {"signoff.holder": "sign_off_role.assign"}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _renames(apps):
    renames = dict(RENAMED)
    for app in ("connections", "planner"):
        for model in apps.get_app_config(app).get_models():
            old, new = model._meta.model_name, _snake(model._meta.object_name)
            if old != new:
                renames[old] = new
    return renames


def forwards(apps, schema_editor):
    AuditEvent = apps.get_model("planner", "AuditEvent")
    renames = _renames(apps)
    for old, new in RENAMED.items():
        AuditEvent.objects.filter(action=old).update(action=new)
    for old, new in renames.items():
        if old in RENAMED:
            continue
        for event in AuditEvent.objects.filter(action__startswith=f"{old}.").only("action"):
            event.action = new + event.action[len(old) :]
            event.save(update_fields=["action"])


class Migration(migrations.Migration):
    dependencies = [
        ("connections", "0003_connection_endpoints_restrict"),
        ("planner", "0003_sync_server_sharing_and_stale_approvals"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
