from .jobs import Job, JobKind, JobStatus
from .operations import ExpiryNotification, Frequency, OperationsItem, OperationsKind, SkillArea
from .plan import Membership, Plan, PlanStatus, Role, SyncServer
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
from .samples import SampleSet
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
    "Job",
    "JobKind",
    "JobStatus",
    "Membership",
    "OperationsItem",
    "OperationsKind",
    "Plan",
    "PlanStatus",
    "PlanVersion",
    "Role",
    "SampleSet",
    "Severity",
    "SignOffRole",
    "SkillArea",
    "SyncServer",
    "UseCaseAnswer",
]
