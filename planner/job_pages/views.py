from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django_htmx.http import HttpResponseStopPolling

from core.access import Action, plan_for
from core.models import Job, JobStatus
from planner.exports.retention import is_expired


@require_safe
def job_status(request, plan_id, job_id):
    """The job's progress; the partial polls itself while the job is unfinished."""
    plan, role = plan_for(request, plan_id, Action.VIEW)
    job = get_object_or_404(Job, plan=plan, pk=job_id)
    if request.htmx and not request.htmx.boosted:
        response = render(
            request, "planner/job_pages/job.html#job-status", {"plan": plan, "job": job}
        )
        if job.is_finished:
            # Swap in the final state, then tell htmx to stop polling.
            response.status_code = HttpResponseStopPolling.status_code
        return response
    return render(request, "planner/job_pages/job.html", {"plan": plan, "job": job, "role": role})


@require_safe
def job_download(request, plan_id, job_id):
    plan, _ = plan_for(request, plan_id, Action.VIEW)
    job = get_object_or_404(Job, plan=plan, pk=job_id, status=JobStatus.SUCCEEDED)
    if not job.result_file:
        raise Http404("This job produced no file.")
    if is_expired(job):
        raise Http404("The file has expired; export the plan again.")
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError:
        raise Http404("The file has expired.") from None
    name = job.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)
