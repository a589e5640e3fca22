"""Plan document and worksheet views: export jobs, the printable review page, import, clone."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from planner import uploads
from planner.access import Action, plan_for
from planner.document.load import DocumentRejected, import_document
from planner.exports.forms import CloneForm, ExportForm, ImportForm
from planner.exports.sheets import ExportOptions, build_sheets, gather
from planner.jobs import JobQueueUnavailable, start_job
from planner.services.clone import clone_plan


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
    return redirect("planner:job_status", plan_id=plan.pk, job_id=job.pk)


@require_safe
def plan_print(request, plan_id):
    """The whole plan on one page for reviewers who read on paper or save it as PDF."""
    plan, role = plan_for(request, plan_id, Action.VIEW)
    personal = request.GET.get("personal_data", "1") != "0"
    data = gather(plan)
    sheets = build_sheets(data, ExportOptions(personal_data=personal))
    return render(
        request,
        "planner/plan_print.html",
        {"plan": plan, "role": role, "data": data, "sheets": sheets, "personal_data": personal},
    )


@require_http_methods(["GET", "POST"])
def plan_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            doc = uploads.load_json(uploads.read_upload(form.cleaned_data["document"]))
        except uploads.UploadRefused as refused:
            problems = [f"The file is not a JSON document within the limits: {refused}"]
        else:
            try:
                plan = import_document(
                    doc, user=request.user, name=form.cleaned_data["name"] or None
                )
            except DocumentRejected as refused:
                problems = refused.messages
            else:
                messages.success(request, f"Imported “{plan.name}”.")
                return redirect("planner:plan_detail", plan_id=plan.pk)
    return render(request, "planner/plan_import.html", {"form": form, "problems": problems})


@require_POST
def plan_clone(request, plan_id):
    plan, _ = plan_for(request, plan_id, Action.EDIT)
    form = CloneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the copy a name (at most 200 characters).")
        return redirect("planner:plan_detail", plan_id=plan.pk)
    try:
        clone = clone_plan(plan, name=form.cleaned_data["name"], user=request.user)
    except DocumentRejected as refused:
        # Only a catalog product missing from this installation can refuse its own export.
        messages.error(request, "The plan could not be copied: " + "; ".join(refused.messages))
        return redirect("planner:plan_detail", plan_id=plan.pk)
    messages.success(request, f"Copied to “{clone.name}”; you own the copy.")
    return redirect("planner:plan_detail", plan_id=clone.pk)
