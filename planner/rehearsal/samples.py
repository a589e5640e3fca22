"""Storing and loading sample sets: exported items for the rehearsal, kept with their SHA-256.

A sample set is evidence about the products, not plan content: storing one writes an audit event
but does not bump the plan's revision nor send it back to draft (the rehearsal's results are
bound to the revision and to the sets' hashes instead).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from core.models import AuditEvent
from planner.models import SampleSet
from planner.rehearsal import readers


class SampleSetError(ValueError):
    """A sample set that cannot be stored or loaded, with the reason in words."""


def store_sample_set(*, plan, endpoint, name: str, content: bytes, user, type_hint: str = ""):
    """Read ``content`` (limits, format), then store it once per endpoint and hash."""
    if endpoint.plan_id != plan.pk:
        raise SampleSetError(f"the endpoint {endpoint.key} is not in this plan")
    try:
        sample = readers.read(content, name, settings.UPLOAD_MAX_BYTES)
    except readers.SampleError as exc:
        raise SampleSetError(str(exc)) from exc
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        existing = SampleSet.objects.filter(
            endpoint=endpoint, sha256=digest, type_hint=type_hint
        ).first()
        if existing is not None:
            return existing
        sample_set = SampleSet(
            plan=plan,
            endpoint=endpoint,
            name=name[:255],
            type_hint=type_hint,
            product=sample.product,
            item_count=len(sample.items),
            size=len(content),
            sha256=digest,
            uploaded_by=user if user is not None and user.is_authenticated else None,
        )
        sample_set.file.save(f"{digest}.sample", ContentFile(content), save=False)
        sample_set.save()
        AuditEvent.objects.create(
            plan=plan,
            actor=user.get_username() if user is not None and user.is_authenticated else "",
            action="sample_set.upload",
            subject=f"endpoints/{endpoint.key}/samples/{digest[:12]}",
            after={"name": sample_set.name, "items": sample_set.item_count, "sha256": digest},
        )
    return sample_set


def load_sample_set(sample_set: SampleSet) -> readers.SampleSet:
    """The stored document read again, after checking it is still the one that was hashed."""
    with sample_set.file.open("rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != sample_set.sha256:
        raise SampleSetError(f"{sample_set.name}: the stored file no longer matches its SHA-256")
    sample = readers.read(content, sample_set.name, len(content))
    sample.type_hint = sample_set.type_hint
    return sample
