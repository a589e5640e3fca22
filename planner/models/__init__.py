from .invitations import Invitation
from .jobs import Job, JobKind, JobStatus
from .operations import ExpiryNotification, Frequency, OperationsItem, OperationsKind, SkillArea
from .outbox import OutboxEmail
from .plan import Membership, Plan, PlanStatus, Role, SyncServer, SyncServerShare
from .review import (
    Acknowledgement,
    Approval,
    AuditEvent,
    Comment,
    CommentThread,
    Decision,
    Finding,
    PlanVersion,
    Severity,
    SignOffRole,
)
from .samples import RehearsalChunk, SampleSet
from .uploads import PendingUpload
from .usecase import UseCaseAnswer

__all__ = [
    "Acknowledgement",
    "Approval",
    "AuditEvent",
    "Comment",
    "CommentThread",
    "Decision",
    "ExpiryNotification",
    "Finding",
    "Frequency",
    "Invitation",
    "Job",
    "JobKind",
    "JobStatus",
    "Membership",
    "PendingUpload",
    "OperationsItem",
    "OperationsKind",
    "OutboxEmail",
    "Plan",
    "PlanStatus",
    "PlanVersion",
    "RehearsalChunk",
    "Role",
    "SampleSet",
    "Severity",
    "SignOffRole",
    "SkillArea",
    "SyncServer",
    "SyncServerShare",
    "UseCaseAnswer",
]
