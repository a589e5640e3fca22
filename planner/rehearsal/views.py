"""The rehearsal page of a plan (issue 17): sample sets, the Rehearse job, the last result's
summary per type mapping and field, the items of one run and one item side by side, and the
last result's pair list and user map as CSV."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from core import uploads
from core.access import Action, allows, plan_for
from core.jobs import JobNotStarted, start_job
from core.models import JobKind
from planner.exports.job import file_slug
from planner.rehearsal.forms import SampleSetForm
from planner.rehearsal.lists import ListsMissing, pair_list_csv, pairings, user_map_csv
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


class _Nothing(Exception):
    """Nothing to download: the message says why."""


def _csv_download(request, plan, what: str, write):
    """The CSV ``write(result) -> (name, text)`` makes of the last stored result, as a download
    named after the plan and the revision rehearsed; back to the page with a message when there
    is nothing to write (not rehearsed, its file gone, a result older than the downloads)."""
    rehearsed = last_rehearsal(plan)
    try:
        if rehearsed is None:
            raise _Nothing(
                f"No {what} to download: the plan has no stored rehearsal result. Rehearse it first."
            )
        try:
            name, text = write(rehearsed.data)
        except ListsMissing:
            raise _Nothing(
                f"No {what} to download: the last rehearsal was stored before its {what} was "
                "kept with it. Rehearse again to download it."
            ) from None
    except _Nothing as exc:
        messages.error(request, str(exc))
        return redirect("planner:rehearsal", plan_id=plan.pk)
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    filename = f"{file_slug(plan.name)}-r{rehearsed.revision}-{name}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def rehearsal_pair_list(request, plan_id):
    """The pair list of one type mapping (``?connection=…&type_mapping=…``), or of all as
    ``rehearse_plan --pairs-csv`` writes it."""
    plan, _ = plan_for(request, plan_id, Action.VIEW)
    connection = request.GET.get("connection", "")
    type_mapping = request.GET.get("type_mapping")

    def write(result):
        if not pairings(result, connection, type_mapping):
            if type_mapping is not None:
                raise Http404("The last rehearsal has no pair list for this type mapping.")
            raise _Nothing("No pair list to download: the last rehearsal matched no items.")
        if type_mapping is None:
            return "pair-list", pair_list_csv(result)
        where = f"{file_slug(connection, 'connection')}-{file_slug(type_mapping, 'type-mapping')}"
        return f"pair-list-{where}", pair_list_csv(result, connection, type_mapping)

    return _csv_download(request, plan, "pair list", write)


@require_safe
def rehearsal_user_map(request, plan_id):
    """The user map of the last rehearsal, as ``rehearse_plan --user-map-csv`` writes it."""
    plan, _ = plan_for(request, plan_id, Action.VIEW)

    def write(result):
        text = user_map_csv(result)
        if not result.get("identity"):
            raise _Nothing("No user map to download: the items rehearsed name no users.")
        return "user-map", text

    return _csv_download(request, plan, "user map", write)
