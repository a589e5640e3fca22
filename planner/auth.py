"""Sign-in rate limiting (django-axes) and the forgot-password form."""

import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.shortcuts import render
from django.template.loader import render_to_string

from planner.review.notifications import notify


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


class OutboxPasswordResetForm(PasswordResetForm):
    """The forgot-password form, sending its link through the outbox like every notification.

    Accounts that were invited and never set a password may ask too: the link is the same kind
    the invitation carried. The page after it says the same whether or not the address has an
    account (no account enumeration)."""

    def get_users(self, email):
        user_model = get_user_model()
        field = user_model.get_email_field_name()
        candidates = user_model._default_manager.filter(
            **{f"{field}__iexact": email, "is_active": True}
        )
        wanted = email.casefold()
        return (u for u in candidates if (getattr(u, field) or "").casefold() == wanted)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        notify([to_email], subject, render_to_string(email_template_name, context))
