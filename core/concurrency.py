"""Optimistic concurrency for rows people edit (their ``lock_version``).

Two people saving the *same* row from the same starting point: the second save is refused with
both values shown. People editing *different* rows never conflict.
"""

from __future__ import annotations

from django.db.models import F, Model


class StaleEdit(Exception):
    """The row changed since the editor loaded it."""

    def __init__(self, instance: Model, current: Model | None):
        self.instance = instance  # what the editor tried to save
        self.current = current  # what is in the database now (None: deleted meanwhile)
        super().__init__(
            f"{instance._meta.verbose_name} was changed by someone else since you opened it"
            if current is not None
            else f"{instance._meta.verbose_name} was deleted by someone else"
        )


def save_if_current(instance: Model, expected_lock_version: int, fields: list[str]) -> None:
    """Write ``fields`` of ``instance`` only if its row still has ``expected_lock_version``,
    bumping the version; raise StaleEdit otherwise. One UPDATE, so it is race-free."""
    model = type(instance)
    values = {name: getattr(instance, model._meta.get_field(name).attname) for name in fields}
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        from django.utils import timezone

        values["updated_at"] = timezone.now()
    updated = model.objects.filter(pk=instance.pk, lock_version=expected_lock_version).update(
        lock_version=F("lock_version") + 1, **values
    )
    if not updated:
        raise StaleEdit(instance, model.objects.filter(pk=instance.pk).first())
    instance.lock_version = expected_lock_version + 1
