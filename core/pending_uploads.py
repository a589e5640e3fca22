"""Uploads kept between a preview and its apply (issue 12, point 7).

The documents go to file storage (``default_storage``, so web processes on other hosts see them
too) under ``pending/<id>/``; a ``PendingUpload`` row names them with the owning user, plan and
purpose and an expiry. A page keeps only the row's id (in the session or a hidden field) and
gets the documents back with ``fetch``, which refuses an unknown, expired or foreign id with a
message for the user. Expired uploads are deleted by the periodic retention task.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from core.models import PendingUpload

log = logging.getLogger(__name__)


class PendingUploadGone(Exception):
    """The preview cannot be applied; the message says why and what to do."""


def keep(*, plan, user, purpose: str, documents, options: dict | None = None) -> PendingUpload:
    """Store ``documents`` (pairs of name and bytes) for ``user`` on ``plan``; an earlier
    pending upload of the same user and purpose is dropped (one preview per page)."""
    for previous in PendingUpload.objects.filter(user=user, purpose=purpose):
        discard(previous)
    hours = int(getattr(settings, "UPLOAD_PREVIEW_HOURS", 2))
    pending = PendingUpload(
        plan=plan,
        user=user,
        purpose=purpose,
        options=options or {},
        expires_at=timezone.now() + datetime.timedelta(hours=hours),
    )
    files = []
    try:
        for number, (name, content) in enumerate(documents):
            stored = default_storage.save(f"pending/{pending.pk}/{number}", ContentFile(content))
            files.append([name, stored])
        pending.files = files
        pending.save()
    except Exception:
        _delete_files(files)
        raise
    return pending


def fetch(pending_id, *, plan, user, purpose: str) -> tuple[PendingUpload, list[tuple[str, bytes]]]:
    """The pending upload ``pending_id`` of ``user`` for ``purpose`` on ``plan`` and its
    documents; PendingUploadGone when it is unknown, someone else's, for another page, expired or
    its files are missing."""
    gone = PendingUploadGone(
        "This preview has expired or is not yours: upload the documents again."
    )
    if not pending_id:
        raise PendingUploadGone("Nothing to apply: upload the documents again.")
    try:
        pending = PendingUpload.objects.filter(
            pk=pending_id, user=user, plan=plan, purpose=purpose
        ).first()
    except ValidationError:  # not a UUID
        raise gone from None
    if pending is None:
        raise gone
    if pending.expires_at <= timezone.now():
        discard(pending)
        raise gone
    documents = []
    try:
        for name, stored in pending.files:
            with default_storage.open(stored, "rb") as file:
                documents.append((name, file.read()))
    except OSError as exc:
        log.warning("pending upload %s lost its files: %s", pending.pk, exc)
        discard(pending)
        raise gone from exc
    return pending, documents


def discard(pending: PendingUpload) -> None:
    """Delete the pending upload; its files follow (``delete_files_of``)."""
    pending.delete()


def delete_files_of(sender, instance: PendingUpload, **kwargs) -> None:
    """post_delete: a row's files go with it, however it was deleted (discard, expiry, or the
    cascade of its plan or user), once the deletion is committed."""
    files = list(instance.files)
    transaction.on_commit(lambda: _delete_files(files))


def _delete_files(files) -> None:
    for _, stored in files:
        try:
            default_storage.delete(stored)
        except OSError as exc:  # keep going: one unreadable file must not block the rest
            log.warning("could not delete pending upload file %s: %s", stored, exc)


def purge_expired(now=None) -> int:
    """Delete the expired pending uploads and their files. Returns how many."""
    now = now or timezone.now()
    purged = 0
    for pending in PendingUpload.objects.filter(expires_at__lte=now):
        discard(pending)
        purged += 1
    return purged
