from .invitations import Invitation
from .operations import ExpiryNotification, Frequency, OperationsItem, OperationsKind, SkillArea
from .outbox import OutboxEmail
from .plan import Membership, Plan, PlanStatus, SyncServer, SyncServerShare
from .review import (
    Acknowledgement,
    Approval,
    Comment,
    CommentThread,
    Decision,
    Finding,
    PlanVersion,
    Severity,
    SignOffRole,
)
from .samples import RehearsalChunk, SampleSet
from .usecase import UseCaseAnswer

__all__ = [
    "Acknowledgement",
    "Approval",
    "Comment",
    "CommentThread",
    "Decision",
    "ExpiryNotification",
    "Finding",
    "Frequency",
    "Invitation",
    "Membership",
    "OperationsItem",
    "OperationsKind",
    "OutboxEmail",
    "Plan",
    "PlanStatus",
    "PlanVersion",
    "RehearsalChunk",
    "SampleSet",
    "Severity",
    "SignOffRole",
    "SkillArea",
    "SyncServer",
    "SyncServerShare",
    "UseCaseAnswer",
]
