from django.db import models


class Editable(models.Model):
    """A row people edit. ``lock_version`` gives optimistic concurrency: a save made from a stale
    copy is refused instead of silently overwriting someone else's change (see
    core.concurrency.save_if_current)."""

    lock_version = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
