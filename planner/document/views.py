"""Plan document and worksheet views: export jobs, the printable review page, import."""

from django.contrib import messages
from django.core.files.base import ContentFile
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseStopPolling

from connections.setup.picture import connection_pictures
from core import uploads
from core.access import Action, plan_for
from core.jobs import JobLimitReached, JobNotStarted, JobQueueUnavailable, start_job
from core.models import Job, JobKind, JobStatus
from planner.document.forms import ExportForm, ImportForm
from planner.document.import_job import discard_upload, store_upload
from planner.exports.sheets import ExportOptions, build_sheets, gather


@require_POST
def export_start(request, plan_id):
    plan, _ = plan_for(request, plan_id, Action.VIEW)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an export format: XLSX, CSV or JSON.")
        return redirect("planner:plan_detail", plan_id=plan.pk)
    try:
        job = start_job(kind=form.job_kind, plan=plan, user=request.user, options=form.job_options)
    except JobQueueUnavailable:
        messages.error(
            request, "The export could not be started: the job queue is unavailable. Try again."
        )
        return redirect("planner:plan_detail", plan_id=plan.pk)
    except JobLimitReached as exc:
        messages.error(request, f"The export was not started. {exc}")
        return redirect("planner:plan_detail", plan_id=plan.pk)
    return redirect("planner:job_status", plan_id=plan.pk, job_id=job.pk)


@require_safe
def plan_print(request, plan_id):
    """The whole plan on one page for reviewers who read on paper or save it as PDF."""
    plan, role = plan_for(request, plan_id, Action.VIEW)
    personal = request.GET.get("personal_data", "1") != "0"
    data = gather(plan)
    sheets = build_sheets(data, ExportOptions(personal_data=personal))
    # The connection pictures come after the status and before the worksheet's content.
    pictures = connection_pictures(
        plan, plan.connections.select_related("left", "right").order_by("key")
    )
    return render(
        request,
        "planner/document/plan_print.html",
        {"plan": plan, "role": role, "data": data, "sheets": sheets, "personal_data": personal,
         "pictures": pictures},
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def plan_import(request):
    """Upload a plan document; checking and writing it is a job (seconds for a large plan)."""
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            # The size limit here; the document's other limits where the job parses it.
            content = uploads.read_upload(form.cleaned_data["document"])
        except uploads.UploadRefused as refused:
            problems = [str(refused)]
        else:
            stored = store_upload(ContentFile(content))
            options = {"input": stored, "name": form.cleaned_data["name"]}
            try:
                job = start_job(kind=JobKind.IMPORT_DOCUMENT, user=request.user, options=options)
            except JobNotStarted as exc:
                discard_upload(stored)
                problems = [f"The import was not started. {exc}"]
            else:
                if job.status == JobStatus.SUCCEEDED:  # run in-process (no worker configured)
                    messages.success(request, job.message)
                    return redirect("planner:plan_detail", plan_id=job.result["plan_id"])
                if job.status != JobStatus.FAILED:
                    return redirect("planner:plan_import_status", job_id=job.pk)
                problems = job.result.get("problems") or [job.message]
    return render(
        request, "planner/document/plan_import.html", {"form": form, "problems": problems}
    )


@require_safe
def plan_import_status(request, job_id):
    """The import's progress, for the user who uploaded the document (it has no plan yet)."""
    job = get_object_or_404(Job, pk=job_id, kind=JobKind.IMPORT_DOCUMENT, created_by=request.user)
    context = {"job": job, "problems": job.result.get("problems", [])}
    if request.htmx and not request.htmx.boosted:
        response = render(request, "planner/document/plan_import_job.html#import-status", context)
        if job.is_finished:
            response.status_code = HttpResponseStopPolling.status_code
        return response
    return render(request, "planner/document/plan_import_job.html", context)
