"""The rehearsal page of a plan (issue 17): sample sets, the Rehearse job, the last result's
summary per type mapping and field, the items of one run and one item side by side."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from core import uploads
from core.access import Action, allows, plan_for
from core.jobs import JobNotStarted, start_job
from core.models import JobKind
from planner.rehearsal.forms import SampleSetForm
from planner.rehearsal.loading import rehearsal_status_of
from planner.rehearsal.samples import SampleSetError, store_sample_set
from planner.rehearsal.services import last_rehearsal, running_rehearsal, sample_sets_of

OUTCOMES = ("clean", "with losses", "refused")


def _page(request, plan, role, form=None, status=200):
    return render(
        request,
        "planner/rehearsal/rehearsal.html",
        {
            "plan": plan,
            "role": role,
            "can_edit": allows(role, Action.EDIT),
            "form": form or SampleSetForm(plan=plan),
            "sample_sets": sample_sets_of(plan),
            "rehearsed": last_rehearsal(plan),
            "running": running_rehearsal(plan),
            "rehearsal_status": rehearsal_status_of(plan),
        },
        status=status,
    )


@require_safe
def rehearsal(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    return _page(request, plan, role)


@require_POST
def sample_set_upload(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.EDIT)
    form = SampleSetForm(request.POST, request.FILES, plan=plan)
    if not form.is_valid():
        return _page(request, plan, role, form, status=400)
    data = form.cleaned_data
    try:
        if data["document"]:
            name = data["document"].name
            content = uploads.read_upload(data["document"])
        else:
            name = "pasted.json" if data["pasted"].lstrip()[:1] in "[{" else "pasted.txt"
            content = uploads.check_size(data["pasted"].encode("utf-8"), "the pasted text")
        sample_set = store_sample_set(
            plan=plan,
            endpoint=data["endpoint"],
            name=name,
            content=content,
            user=request.user,
            type_hint=data["type_hint"].strip(),
        )
    except (uploads.UploadRefused, SampleSetError) as exc:
        form.add_error(None, f"The sample set was not stored: {exc}")
        return _page(request, plan, role, form, status=400)
    messages.success(request, f"{sample_set.name}: {sample_set.item_count} items stored.")
    return redirect("planner:rehearsal", plan_id=plan.pk)


@require_POST
def rehearsal_start(request, plan_id):
    plan, _ = plan_for(request, plan_id, Action.EDIT)
    if not sample_sets_of(plan).exists():
        messages.error(request, "Upload a sample set first: the rehearsal runs on exported items.")
        return redirect("planner:rehearsal", plan_id=plan.pk)
    try:
        job = start_job(kind=JobKind.REHEARSE, plan=plan, user=request.user)
    except JobNotStarted as exc:
        messages.error(request, f"The rehearsal was not started. {exc}")
        return redirect("planner:rehearsal", plan_id=plan.pk)
    return redirect("planner:job_status", plan_id=plan.pk, job_id=job.pk)


def _run(request, plan):
    """The last result and the run the query names, or 404."""
    rehearsed = last_rehearsal(plan)
    if rehearsed is None:
        raise Http404("The plan has not been rehearsed yet.")
    try:
        index = int(request.GET.get("run", ""))
    except ValueError:
        raise Http404("No such run.") from None
    run = rehearsed.run(index)
    if run is None:
        raise Http404("No such run.")
    return rehearsed, index, run


@require_safe
def rehearsal_items(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    rehearsed, index, run = _run(request, plan)
    outcome = request.GET.get("outcome", "")
    field = request.GET.get("field", "")
    reason = request.GET.get("reason", "")
    items = run["item_outcomes"]
    if outcome in OUTCOMES:
        items = [i for i in items if i["outcome"] == outcome]
    if field and reason:
        # The items behind one summary line ("7 of 7 items: Detected on Date: …").
        summary = next((f for f in run["fields"] if f["label"] == field), None)
        keys = set(summary["reasons"].get(reason, ())) if summary else set()
        items = [i for i in items if i["item"] in keys]
    return render(
        request,
        "planner/rehearsal/rehearsal_items.html",
        {"plan": plan, "role": role, "rehearsed": rehearsed, "index": index, "run": run,
         "items": items, "outcome": outcome, "outcomes": OUTCOMES, "field": field,
         "reason": reason},
    )  # fmt: skip


@require_safe
def rehearsal_item(request, plan_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    rehearsed, index, run = _run(request, plan)
    key = request.GET.get("item", "")
    item = next((i for i in run["item_outcomes"] if i["item"] == key), None)
    if item is None:
        raise Http404("No such item in this run.")
    fields = rehearsed.fields(item)
    if fields is None:
        raise Http404("The stored details of this rehearsal are gone; rehearse again.")
    return render(
        request,
        "planner/rehearsal/rehearsal_item.html",
        {"plan": plan, "role": role, "rehearsed": rehearsed, "index": index, "run": run,
         "item": item, "fields": fields},
    )  # fmt: skip
