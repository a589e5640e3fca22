"""Cross-cutting request handling: health answers, request size limit, structured request logs."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject, empty

from planner.system.views import healthz

request_log = logging.getLogger("syncplan.request")


class HealthCheckMiddleware:
    """Serves /healthz ahead of the rest of the stack: container healthchecks call it on the
    loopback address over plain HTTP, so it must not depend on ALLOWED_HOSTS, the HTTPS
    redirect, a session or a login, and its polling does not fill the request log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuses a request body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (the upload limit plus
    room for the other form fields) with a readable 413 page, before anything reads it. File
    parts are otherwise unlimited in Django, so this is what enforces UPLOAD_MAX_BYTES."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            context = {
                "size_mb": _megabytes(length),
                "limit_mb": _megabytes(settings.UPLOAD_MAX_BYTES),
            }
            return render(request, "413.html", context, status=413)
        return self.get_response(request)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


class RequestLogMiddleware:
    """One structured line per request: method, path, status, user, plan, duration."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        if request.path_info.startswith(self.static_prefix):
            return response
        duration_ms = round((time.monotonic() - started) * 1000, 1)
        match = getattr(request, "resolver_match", None)
        plan_id = match.kwargs.get("plan_id") if match else None
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "user": _username(request),
            "plan": plan_id,
            "htmx": request.headers.get("HX-Request") == "true",
            "duration_ms": duration_ms,
        }
        level = logging.WARNING if response.status_code >= 500 else logging.INFO
        request_log.log(
            level,
            "%s %s %s %.1fms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={"fields": fields},
        )
        return response


def _username(request) -> str | None:
    """The signed-in user's name, without loading the session just for the log line (a view
    that never looked at the user, such as the login page, logs none)."""
    user = getattr(request, "user", None)
    if user is None:
        return None
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return None
    return user.get_username() if user.is_authenticated else None
