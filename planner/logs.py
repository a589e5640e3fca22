"""JSON-lines logging: one object per record on stdout, so a team can search what happened.

Structured loggers pass their fields with ``extra={"fields": {...}}``; they become top-level
keys of the line (``syncplan.request``: method, path, status, user, plan, duration_ms;
``syncplan.job``: job, kind, plan, user, status, duration_ms).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)
