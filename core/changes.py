"""The write boundary: every change to plan content goes through here.

A change affects a *set* of plans (one plan, or every plan on a shared sync server). Its writes
run inside ``content_change`` (or a function decorated with ``write_boundary``), and
``record_change`` names what changed. When the change commits, each affected plan gets, once:

- its revision bumped;
- what the plan domain registered (``on_change``, planner/effects.py): back to draft when it was in review or
  signed off, with its approvals marked stale, and the live validation of the new revision;
- exactly one audit event (action ``snake_case_entity.verb``), saying who changed what and, on
  the other plans of a shared server, from which plan.

Events that are not content (membership, review steps, sharing a server) are recorded by
``record_event``: audited, no revision bump. A contextvar marks the active boundary, so a test
can assert that no content row is written outside one (tests/planner/test_write_boundary.py).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from core.models import AuditEvent

_active: ContextVar[Change | None] = ContextVar("syncplan_content_change", default=None)

# What a committed change does to its plans besides the revision bump and the audit event,
# registered by the apps that own it (the plan domain, planner/effects.py: back to draft with
# approvals stale, the live validation) in their AppConfig.ready(). Each is called with the ids of the affected plans
# inside the change's transaction, before the events are written.
EFFECTS: list[Callable[[list[int]], None]] = []


def on_change(effect: Callable[[list[int]], None]) -> Callable[[list[int]], None]:
    """Register ``effect(plan_ids)`` to run when a change to those plans commits (once)."""
    if effect not in EFFECTS:
        EFFECTS.append(effect)
    return effect


def action_name(entity, verb: str) -> str:
    """The one naming scheme of audit actions: ``snake_case_entity.verb`` (a model, a model
    instance or a name: TypeMapping -> ``type_mapping.create``)."""
    name = entity if isinstance(entity, str) else type(entity).__name__
    if hasattr(entity, "_meta"):
        name = entity._meta.object_name
    return f"{re.sub(r'(?<!^)(?=[A-Z])', '_', name).lower()}.{verb}"


@dataclass
class Change:
    """One change in progress: the plans it affects and what it did."""

    user: object = None
    origin: models.Model | None = None
    # The action and subject of the one event when the change writes several rows.
    summary: tuple[str, str] | None = None
    # False for review data that is not plan content (the sign-off list): the review is voided
    # all the same, but the content revision, which validation is judged at, stays.
    content: bool = True
    plans: dict[int, models.Model] = field(default_factory=dict)
    # (plan ids or None for every plan of the change, action, subject, before, after)
    notes: list[tuple[frozenset | None, str, str, object, object]] = field(default_factory=list)

    def affect(self, plans) -> frozenset:
        plans = [plans] if isinstance(plans, models.Model) else list(plans)
        for plan in plans:
            self.plans.setdefault(plan.pk, plan)
        return frozenset(plan.pk for plan in plans)

    def note(self, action: str, subject: str, before, after, plans=None) -> None:
        self.notes.append((plans or None, action, subject, before, after))

    def _event(self, notes):
        if len(notes) == 1:
            return notes[0]
        # Several rows in one change (a wizard step): one event listing them.
        first_action, first_subject = notes[0][:2]
        subjects = {subject for _, subject, _, _ in notes}
        action, subject = self.summary or (
            f"{first_action.split('.')[0]}.change",
            first_subject if len(subjects) == 1 else "plan",
        )
        steps = [{"action": a, "subject": s, "before": b, "after": v} for a, s, b, v in notes]
        return action, subject, None, {"changes": steps}

    def commit(self) -> list[AuditEvent]:
        Plan = plan_model()
        # A plan deleted within the change (a restore's scratch plan) needs no record.
        existing = set(Plan.objects.filter(pk__in=list(self.plans)).values_list("pk", flat=True))
        by_plan = {
            pk: [n[1:] for n in self.notes if n[0] is None or pk in n[0]]
            for pk in self.plans
            if pk in existing
        }
        by_plan = {pk: notes for pk, notes in by_plan.items() if notes}
        if not by_plan:
            return []
        ids = list(by_plan)
        if self.content:
            Plan.objects.filter(pk__in=ids).update(
                revision=F("revision") + 1, updated_at=timezone.now()
            )
        for effect in EFFECTS:
            effect(ids)
        actor = _actor(self.user)
        events = []
        for pk, notes in by_plan.items():
            action, subject, before, after = self._event(notes)
            origin = self.origin if self.origin is not None and self.origin.pk != pk else None
            events.append(
                AuditEvent(
                    plan_id=pk,
                    actor=actor,
                    action=action,
                    subject=subject,
                    before=before,
                    after=after,
                    origin_plan=origin,
                )
            )
        AuditEvent.objects.bulk_create(events)
        for pk in ids:
            self.plans[pk].refresh_from_db(fields=["revision", "updated_at", "status"])
        return events


def plan_model():
    """The plan model (the PLAN_MODEL setting): the kernel never imports the plan domain."""
    return apps.get_model(settings.PLAN_MODEL)


def _actor(user) -> str:
    return user.get_username() if user is not None and user.is_authenticated else ""


def active() -> Change | None:
    """The change in progress in this context, if any."""
    return _active.get()


@contextmanager
def content_change(
    plans=(), user=None, *, origin: models.Model | None = None, summary=None, content: bool = True
):
    """Run the writes of one change to plan content (one transaction). ``plans``: the plans it
    affects (``record_change`` may add more); ``origin``: the plan the change is made from;
    ``summary``: (action, subject) of the event when several rows change; ``content=False``:
    review data (no revision bump, the review is voided all the same). Nested, it joins the
    outer change."""
    outer = _active.get()
    if outer is not None:
        outer.affect(plans)  # the outer change decides whether this is content
        outer.origin = outer.origin or origin
        outer.user = outer.user or user
        outer.summary = outer.summary or summary
        noted = len(outer.notes)
        try:
            with transaction.atomic():  # a savepoint: a failed inner step can be caught
                yield outer
        except BaseException:
            del outer.notes[noted:]  # what the failed step noted was rolled back with it
            raise
        return
    change = Change(user=user, origin=origin, summary=summary, content=content)
    change.affect(plans)
    token = _active.set(change)
    try:
        with transaction.atomic():
            yield change
            change.commit()
    finally:
        _active.reset(token)


def write_boundary(function):
    """Decorate a service function whose writes are one change (in place of
    ``transaction.atomic``)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with content_change():
            return function(*args, **kwargs)

    return wrapper


def record_change(plans, user, action: str, subject: str = "", before=None, after=None, *,
                  origin: models.Model | None = None):  # fmt: skip
    """Name what changed: ``action`` (``snake_case_entity.verb``) on ``subject`` (a subject
    path), with JSON-able before/after values, on ``plans`` (one plan or several). Inside a
    boundary it joins that change; alone it is a change of its own."""
    with content_change(plans, user, origin=origin) as change:
        change.note(action, subject, before, after, change.affect(plans))


def record_event(plan, user, action: str, subject: str = "", before=None, after=None):
    """Audit something that is not plan content (membership, review steps, sharing a server):
    no revision bump, no status change."""
    return AuditEvent.objects.create(
        plan=plan, actor=_actor(user), action=action, subject=subject, before=before, after=after
    )
