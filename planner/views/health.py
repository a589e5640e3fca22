from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from planner.system.health import check_broker, check_database


@login_not_required
@require_GET
def healthz(request):
    """Database and broker reachability. 503 only when the database is down: a broker outage
    must not take the web container out of rotation (authoring still works)."""
    database = check_database()
    broker = check_broker()
    body = {"database": database, "broker": broker, "status": "ok" if database == "ok" else "down"}
    return JsonResponse(body, status=200 if database == "ok" else 503)
