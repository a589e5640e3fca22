"""Sign-in rate limiting (django-axes)."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username
from django.conf import settings
from django.shortcuts import render


class LoginAttemptsBackend(AxesStandaloneBackend):
    """Refuses sign-ins for a username and address that failed too often (see AXES_* settings).

    Authentication without a request (the test client's ``login``, management commands) has no
    client to count or lock out, so it passes through to the next backend instead of raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request) -> str | None:
    """The client's address as the nearest trusted proxy saw it (AXES_CLIENT_IP_CALLABLE).

    The hops are X-Forwarded-For's entries followed by REMOTE_ADDR; with N trusted proxies the
    client is the entry N places before the end. Entries further left were written by the client
    itself and could be anything, so they are never used; with N = 0 the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR")
    trusted = settings.TRUSTED_PROXY_COUNT
    if not trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    hops.append(remote)
    # A chain shorter than the configured proxies means a proxy was bypassed or misconfigured;
    # the leftmost hop is then the best the trusted part of the chain can tell.
    candidate = hops[max(0, len(hops) - 1 - trusted)]
    # Axes stores the address in an IP field: a malformed hop must not become a 500.
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets (AXES_LOCKOUT_CALLABLE): what happened, for how long."""
    context = {
        "username": get_client_username(request, credentials) or "",
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(
        request,
        "registration/locked_out.html",
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
