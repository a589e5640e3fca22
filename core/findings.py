"""A plan's findings as the pages of other apps show them, answered by the app that validates.

The authoring pages (connections/) show a plan's open findings and its finding status, but the
validator is the plan domain's. The plan domain registers the provider in its AppConfig.ready()
(planner/validation/pages.py; the same inversion as the job runners), so no page imports
validation code and the kernel knows no feature.

A provider answers:

- ``status_of(plan)``: the finding status (revision, validated revision, open counts, changed
  since);
- ``open_findings(plan, prefix, revision=None)``: ``(severity, code, subject, message)`` of the
  open findings of ``revision`` (default: the plan's current one) under a subject prefix, in
  one query;
- ``live_findings(plan, type_mapping=None, *, status=None, findings=None)``: what the
  live-findings partial shows;
- ``type_mapping_ids(...)`` and ``link(plan_id, subject, ids, code)``: where a finding links to
  (the row that fixes it), the same links as the findings page.
"""

from __future__ import annotations

from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

# How bad a finding's severity is, for "the worst finding here" (the severity values).
SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}


class FindingsProvider(Protocol):
    def status_of(self, plan): ...

    def open_findings(
        self, plan, prefix: str, revision: int | None = None, *, with_id: bool = False
    ) -> list: ...

    def live_findings(self, plan, type_mapping=None, *, status=None, findings=None): ...

    def type_mapping_ids(self, type_mapping, mappings, fields): ...

    def link(self, plan_id: int, subject: str, ids, code: str = ""): ...


_provider: FindingsProvider | None = None


def register(provider: FindingsProvider) -> None:
    """Make ``provider`` the one that answers for findings (called once, from ready())."""
    global _provider
    _provider = provider


def provider() -> FindingsProvider:
    if _provider is None:
        raise ImproperlyConfigured(
            "No app provides findings: the plan domain registers them (planner/apps.py)."
        )
    return _provider
