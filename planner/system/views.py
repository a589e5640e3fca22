"""The operators' page (staff only): reachability of the database and the job queue, and the
worker self-check job that proves a job can run end to end; the health answer (/healthz) for
container healthchecks."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseStopPolling

from core.jobs import JobLimitReached, JobQueueUnavailable, start_job
from core.models import Job, JobKind, JobStatus
from planner.system.health import check_broker, check_database


def _staff_only(request):
    if not request.user.is_staff:
        raise PermissionDenied("Only administrators can see the system page.")


def _page(request, *, job=None, error="", status=200):
    recent = Job.objects.filter(kind=JobKind.SELFCHECK).select_related("created_by")[:5]
    context = {
        "database": check_database(),
        "broker": check_broker(),
        "job": job if job is not None else (recent[0] if recent else None),
        "recent": recent,
        "error": error,
    }
    template = "planner/system/system.html"
    if request.htmx and not request.htmx.boosted:
        template += "#selfcheck"
        status = 200  # htmx swaps only successful answers; the message is in the partial
    return render(request, template, context, status=status)


@require_GET
def system(request):
    _staff_only(request)
    job = None
    if request.GET.get("job", "").isdigit():
        job = Job.objects.filter(kind=JobKind.SELFCHECK, pk=request.GET["job"]).first()
    return _page(request, job=job)


@require_POST
def selfcheck_start(request):
    _staff_only(request)
    try:
        job = start_job(kind=JobKind.SELFCHECK, user=request.user, options={"steps": 5})
    except JobQueueUnavailable as exc:
        return _page(request, error=str(exc), status=503)
    except JobLimitReached as exc:
        return _page(request, error=str(exc), status=429)
    if request.htmx:
        return _page(request, job=job)
    return redirect(f"{reverse('planner:system')}?job={job.pk}")


@require_GET
def selfcheck_status(request, job_id):
    _staff_only(request)
    job = get_object_or_404(Job, kind=JobKind.SELFCHECK, pk=job_id)
    response = render(request, "planner/system/system.html#selfcheck-job", {"job": job})
    if job.is_finished and request.htmx:
        response.status_code = HttpResponseStopPolling.status_code
    return response


@require_GET
def selfcheck_download(request, job_id):
    _staff_only(request)
    job = get_object_or_404(Job, kind=JobKind.SELFCHECK, pk=job_id, status=JobStatus.SUCCEEDED)
    if not job.result_file:
        raise Http404("This job produced no file.")
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError:
        raise Http404("The file has expired.") from None
    return FileResponse(handle, as_attachment=True, filename="selfcheck.json")


@login_not_required
@require_GET
def healthz(request):
    """Database and broker reachability. 503 only when the database is down: a broker outage
    must not take the web container out of rotation (authoring still works)."""
    database = check_database()
    broker = check_broker()
    body = {"database": database, "broker": broker, "status": "ok" if database == "ok" else "down"}
    return JsonResponse(body, status=200 if database == "ok" else 503)
