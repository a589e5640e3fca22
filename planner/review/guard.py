"""Ask before the first edit withdraws a submission.

Any content change sends a plan in review (or signed off) back to draft
(``core.changes.record_change``). That stays so; what changes is that it no longer
happens unannounced: a content edit of such a plan is held until the editor confirms once, per
submitted version, that their edits withdraw it. The confirmation lives in the session, so it
covers plain form posts and htmx posts alike without touching the write services.
"""

from __future__ import annotations

from django.db.models import Max

from planner.models import PlanStatus

# Statuses an edit takes back to draft.
WITHDRAWN_BY_EDITS = frozenset({PlanStatus.IN_REVIEW, PlanStatus.SIGNED_OFF})

# The plan pages outside the connections app whose posts change content (the connections app's
# posts all do).
PLANNER_CONTENT_VIEWS = frozenset(
    {
        "plan_rename",
        "acknowledge_finding",
        "wizard_start",
        "wizard_step",
        "wizard_summary",
        "operations_choose_server",
        "operations_edit_server",
        "operations_edit_endpoint",
        "operations_add_item",
        "operations_edit_item",
        "operations_delete_item",
        "version_restore",
    }
)


def is_content_edit(method: str, app_name: str, url_name: str) -> bool:
    if method in ("GET", "HEAD", "OPTIONS"):
        return False
    return app_name == "connections" or url_name in PLANNER_CONTENT_VIEWS


def _key(plan) -> str:
    number = plan.versions.aggregate(n=Max("number"))["n"] or 0
    return f"syncplan.edit_anyway.{plan.pk}.v{number}"


def needs_confirmation(session, plan) -> bool:
    """The plan's submission would be withdrawn by an edit the editor has not agreed to yet."""
    return plan.status in WITHDRAWN_BY_EDITS and not session.get(_key(plan))


def confirm(session, plan) -> None:
    """The editor agreed that their edits withdraw the current submission (this version only)."""
    session[_key(plan)] = True


def safe_next(request, raw: str | None, plan) -> str:
    from django.urls import reverse
    from django.utils.http import url_has_allowed_host_and_scheme

    if raw and url_has_allowed_host_and_scheme(
        raw, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return raw
    return reverse("planner:plan_detail", kwargs={"plan_id": plan.pk})


class EditAnywayMiddleware:
    """Holds a content post to a plan in review until the editor confirmed once (see above):
    a plain post gets the question page (409, nothing saved), an htmx post is sent there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        plan_id = view_kwargs.get("plan_id")
        match = request.resolver_match
        if plan_id is None or match is None or not request.user.is_authenticated:
            return None
        if not is_content_edit(request.method, match.app_name, match.url_name):
            return None
        from core.access import Action, _membership, allows

        membership = _membership(request, plan_id)
        # Someone who may not edit gets the view's own refusal, not a question.
        if membership is None or not allows(membership.role, Action.EDIT):
            return None
        plan = membership.plan
        if not needs_confirmation(request.session, plan):
            return None
        from django.shortcuts import render
        from django.urls import reverse
        from django.utils.http import urlencode
        from django_htmx.http import HttpResponseClientRedirect

        if request.headers.get("HX-Request"):
            back = safe_next(request, request.headers.get("HX-Current-URL"), plan)
            url = reverse("planner:edit_anyway", kwargs={"plan_id": plan.pk})
            return HttpResponseClientRedirect(f"{url}?{urlencode({'next': back})}")
        back = safe_next(request, request.headers.get("Referer"), plan)
        return render(
            request,
            "planner/review/edit_anyway.html",
            {"plan": plan, "next": back, "asking": True},
            status=409,
        )
