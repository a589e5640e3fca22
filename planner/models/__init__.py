from .invitations import Invitation
from .operations import ExpiryNotification, Frequency, OperationsItem, OperationsKind, SkillArea
from .outbox import OutboxEmail
from .plans import Membership, Plan, PlanStatus, SyncServer, SyncServerShare
from .rehearsal import RehearsalChunk, SampleSet
from .review import Approval, Comment, CommentThread, Decision, PlanVersion, SignOffRole
from .validation import Acknowledgement, Finding, Severity
from .wizard import UseCaseAnswer

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
