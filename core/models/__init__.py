from .audit import AuditEvent
from .base import Editable
from .jobs import Job, JobKind, JobStatus
from .uploads import PendingUpload

__all__ = ["AuditEvent", "Editable", "Job", "JobKind", "JobStatus", "PendingUpload"]
