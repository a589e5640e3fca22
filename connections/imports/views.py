"""Importing an endpoint's schema from uploaded or pasted product responses.

Preview, then apply. The preview parses the documents and shows the diff; the documents are kept
in file storage as a pending upload (core.pending_uploads: owner, plan, endpoint, expiry) and
the session and the apply form hold only its id; one pending import per user and endpoint,
dropped on apply or cancel. Apply re-parses exactly those bytes and recomputes the diff under a
lock, so nothing the browser sends back can change what is applied, and an edit made between
preview and apply is taken into account rather than overwritten. The documents stay out of the
session: two 19 MB previews made a 51 MB session row that every page load read and wrote.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from connections.importers import ImportDocument, SchemaImportError, parse_documents
from connections.importers.documents import upload_limit
from connections.importers.tabular import template_csv
from connections.imports.forms import SchemaImportForm
from connections.imports.services import apply_import, preview_import
from connections.models import Endpoint
from core import pending_uploads
from core.access import Action, plan_for

TEMPLATE = "connections/imports/schema_import.html"


def _purpose(endpoint: Endpoint) -> str:
    return f"schema_import:{endpoint.pk}"


def _pending_id(request, endpoint: Endpoint) -> str:
    """The preview the form names (the one the user looked at), else the session's latest."""
    return request.POST.get("pending") or request.session.get(_purpose(endpoint), "")


def _documents(request, form: SchemaImportForm) -> list[ImportDocument]:
    documents = [
        ImportDocument(f.name, f.read(upload_limit() + 1)) for f in request.FILES.getlist("files")
    ]
    if form.cleaned_data["pasted"].strip():
        documents.append(ImportDocument("pasted text", form.cleaned_data["pasted"].encode()))
    if not documents:
        raise SchemaImportError("choose a file or paste a response")
    total = sum(len(d.content) for d in documents)
    if total > upload_limit():
        raise SchemaImportError(
            f"the documents total {total:,} bytes, over the limit of {upload_limit():,} bytes"
        )
    return documents


def _page(request, context, partial=False):
    name = f"{TEMPLATE}#import-result" if partial or request.htmx else TEMPLATE
    return render(request, name, context)


@require_http_methods(["GET", "POST"])
def schema_import(request, plan_id, endpoint_id):
    plan, role = plan_for(request, plan_id, Action.EDIT)
    endpoint = get_object_or_404(
        Endpoint.objects.select_related("product"), plan=plan, pk=endpoint_id
    )
    context = {"plan": plan, "role": role, "endpoint": endpoint, "limit": upload_limit()}
    if request.method != "POST":
        context["form"] = SchemaImportForm()
        return render(request, TEMPLATE, context)

    action = request.POST.get("action", "preview")
    if action == "cancel":
        try:
            pending, _ = pending_uploads.fetch(
                _pending_id(request, endpoint),
                plan=plan,
                user=request.user,
                purpose=_purpose(endpoint),
            )
        except pending_uploads.PendingUploadGone:
            pass  # nothing of this user's left to forget
        else:
            pending_uploads.discard(pending)
        request.session.pop(_purpose(endpoint), None)
        return redirect("connections:endpoint_detail", plan_id=plan.pk, endpoint_id=endpoint.pk)
    if action in ("apply", "apply_with_removals"):
        # Removals and weakenings need their own button: the plain apply leaves them out.
        return _apply(request, plan, endpoint, context, action == "apply_with_removals")

    form = SchemaImportForm(request.POST)
    context["form"] = form
    if not form.is_valid():
        return _page(request, context)
    try:
        documents = _documents(request, form)
        schema = parse_documents(
            documents, form.cleaned_data["format"], form.cleaned_data["type_hint"]
        )
    except SchemaImportError as error:
        context["errors"] = error.messages
        return _page(request, context)
    pending = pending_uploads.keep(
        plan=plan,
        user=request.user,
        purpose=_purpose(endpoint),
        documents=[(d.name, d.content) for d in documents],
        options={
            "format": form.cleaned_data["format"],
            "type_hint": form.cleaned_data["type_hint"],
        },
    )
    request.session[_purpose(endpoint)] = str(pending.pk)
    context.update(
        schema=schema,
        diff=preview_import(endpoint, schema),
        documents=[d.name for d in documents],
        pending_id=pending.pk,
    )
    return _page(request, context)


def _apply(request, plan, endpoint, context, confirm_removals: bool):
    try:
        pending, kept = pending_uploads.fetch(
            _pending_id(request, endpoint),
            plan=plan,
            user=request.user,
            purpose=_purpose(endpoint),
        )
    except pending_uploads.PendingUploadGone as gone:
        request.session.pop(_purpose(endpoint), None)
        context.update(form=SchemaImportForm(), errors=[str(gone)])
        return _page(request, context)
    documents = [ImportDocument(name, content) for name, content in kept]
    try:
        schema = parse_documents(
            documents, pending.options.get("format", "auto"), pending.options.get("type_hint", "")
        )
    except SchemaImportError as error:  # e.g. the size limit was lowered in between
        context.update(form=SchemaImportForm(), errors=error.messages)
        return _page(request, context)
    diff = apply_import(
        endpoint,
        schema,
        user=request.user,
        source=", ".join(d.name for d in documents),
        confirm_removals=confirm_removals,
    )
    pending_uploads.discard(pending)
    request.session.pop(_purpose(endpoint), None)
    message = f"Schema imported: {diff.headline()}."
    if diff.held is not None:
        message += " Not applied (no removal confirmation): " + "; ".join(diff.held.consequences())
    messages.success(request, message)
    url = reverse(
        "connections:endpoint_detail", kwargs={"plan_id": plan.pk, "endpoint_id": endpoint.pk}
    )
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@require_safe
def schema_template(request, plan_id, endpoint_id):
    """The generic CSV template (one row per field), with example rows."""
    plan, _ = plan_for(request, plan_id, Action.EDIT)
    get_object_or_404(Endpoint, plan=plan, pk=endpoint_id)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="syncplan-schema-template.csv"'
    return response
