"""Review comments: threads on the plan or on any item of it (a subject path)."""

from __future__ import annotations

import re

from django.db import transaction

from core.access import Role
from planner.models import Comment, CommentThread

# "plan", or a subject path as in the rule catalog ("connections/alm-jira/types/Defect->Bug").
SUBJECT = re.compile(r"^(plan|[A-Za-z0-9_.:@ /<>\-]{1,600})$")


class CommentError(Exception):
    pass


@transaction.atomic
def start_thread(plan, *, by, subject: str, body: str) -> CommentThread:
    subject = (subject or "plan").strip()
    if not SUBJECT.match(subject):
        raise CommentError("That is not something of this plan one can comment on.")
    if not body.strip():
        raise CommentError("Write a comment.")
    thread = CommentThread.objects.create(plan=plan, subject=subject, created_by=by)
    Comment.objects.create(thread=thread, author=by, body=body.strip())
    return thread


def reply(thread: CommentThread, *, by, body: str) -> Comment:
    if not body.strip():
        raise CommentError("Write a comment.")
    if thread.resolved:
        raise CommentError("This thread is resolved; reopen it to reply.")
    return Comment.objects.create(thread=thread, author=by, body=body.strip())


def set_resolved(thread: CommentThread, *, by, role: str, resolved: bool) -> CommentThread:
    """Reviewers resolve their own threads; owners any."""
    if thread.created_by_id != by.pk and role != Role.OWNER:
        raise CommentError("Only the person who started the thread, or an owner, can resolve it.")
    thread.resolved = resolved
    thread.save(update_fields=["resolved"])
    return thread
