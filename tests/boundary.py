"""Watching writes of plan content: each must happen inside the write boundary
(core.changes), and a request that wrote content must have recorded an audit event.

``watching_content_writes()`` hooks post_save/post_delete (a receiver also turns Django's fast
deletes into per-row deletes, so queryset deletes are seen) and the bulk queryset methods
(update, bulk_create, bulk_update) for the content models.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

from django.apps import apps
from django.db.models import QuerySet, signals

from core import changes
from core.models import AuditEvent
from planner.models import Plan

# Plan content: what the plan document holds, plus the sign-offs the review needs.
CONTENT_PLANNER_MODELS = {"Plan", "SyncServer", "OperationsItem", "UseCaseAnswer",
                          "Acknowledgement", "SignOffRole"}  # fmt: skip
# The plan row also carries review state, which the review steps own (not content).
REVIEW_STATE_FIELDS = {"status", "updated_at"}


def content_models() -> set:
    connections = set(apps.get_app_config("connections").get_models())
    connections.discard(apps.get_model("connections", "Product"))  # the shared catalog
    planner = {apps.get_model("planner", name) for name in CONTENT_PLANNER_MODELS}
    return connections | planner


@dataclass
class Watch:
    outside: list[str] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)
    events_before: int = 0

    def see(self, model, how: str, fields=None) -> None:
        if model not in CONTENT:
            return
        if model is Plan and fields and set(fields) <= REVIEW_STATE_FIELDS:
            return
        self.writes.append(f"{model.__name__} {how}")
        if changes.active() is None:
            self.outside.append(f"{model.__name__} {how}")

    def assert_clean(self, what: str = "") -> None:
        assert not self.outside, f"{what}: content written outside the boundary: {self.outside}"
        if self.writes:
            assert AuditEvent.objects.count() > self.events_before, (
                f"{what}: content written ({self.writes}) but no audit event recorded"
            )


CONTENT = content_models()


@contextmanager
def watching_content_writes():
    watch = Watch(events_before=AuditEvent.objects.count())

    def saved(sender, instance, update_fields=None, **kwargs):
        watch.see(sender, "save", update_fields)

    def deleted(sender, instance, **kwargs):
        watch.see(sender, "delete")

    real_update, real_bulk_create = QuerySet.update, QuerySet.bulk_create
    real_bulk_update = QuerySet.bulk_update

    def update(self, **kwargs):
        watch.see(self.model, "update", kwargs)
        return real_update(self, **kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        watch.see(self.model, "bulk_create")
        return real_bulk_create(self, objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        watch.see(self.model, "bulk_update", fields)
        return real_bulk_update(self, objs, fields, *args, **kwargs)

    signals.post_save.connect(saved, weak=False, dispatch_uid="boundary-watch-save")
    signals.post_delete.connect(deleted, weak=False, dispatch_uid="boundary-watch-delete")
    try:
        with (
            mock.patch.object(QuerySet, "update", update),
            mock.patch.object(QuerySet, "bulk_create", bulk_create),
            mock.patch.object(QuerySet, "bulk_update", bulk_update),
        ):
            yield watch
    finally:
        signals.post_save.disconnect(dispatch_uid="boundary-watch-save")
        signals.post_delete.disconnect(dispatch_uid="boundary-watch-delete")
