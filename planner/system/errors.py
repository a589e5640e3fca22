"""The server-error handler (handler500): a database outage gets a short 503 page instead of
"Server Error (500)". Both pages render without a request, so they need no database."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

# Long enough for a database restart, short enough that a reload is worth trying.
RETRY_AFTER_SECONDS = 30


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether an exception means the database could not be reached or the connection broke."""
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request):
    # Django calls the handler inside the except block, so the exception is still current.
    if database_unavailable(sys.exc_info()[1]):
        body = loader.render_to_string("503.html", {"retry_seconds": RETRY_AFTER_SECONDS})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))
