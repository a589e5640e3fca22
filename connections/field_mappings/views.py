"""The field mapping workspace of a type mapping: map field pairs, calculated values, suggestions.

Every edit saves on its own. htmx requests get back only what changed (a row, the field lists
out of band); plain POSTs redirect back to the page, or re-render it with the message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from connections import undo
from connections.field_mappings import services
from connections.field_mappings.suggest import suggest_field_pairs
from connections.field_mappings.workspace import (
    CONFLICT_POLICY_CHOICES,
    DIRECTION_CHOICES,
    DIRECTION_FILTER_CHOICES,
    SHOW_CHOICES,
    RowFilter,
    calculated_kinds,
    check_pair,
    load_workspace,
    row_values,
)
from connections.models import Field, FieldMapping, Side, TypeMapping
from connections.navigation import breadcrumbs
from connections.restore import restore_field_mapping
from core.access import Action, allows, plan_for
from core.concurrency import StaleEdit
from core.findings import provider as findings_provider
from facts.datatypes import Compat

PAGE = "connections/field_mappings/workspace.html"


@dataclass
class PickerState:
    """The "map a pair" form: what it holds and what it says about the pair."""

    values: dict = field(default_factory=dict)
    error: str = ""
    check: object = None
    # After a save: what was mapped and its compatibility verdict, said where the editor looks.
    saved: str = ""
    saved_check: object = None

    @property
    def saved_warns(self) -> bool:
        return self.saved_check is not None and self.saved_check.level != Compat.OK


@dataclass
class CalcState:
    """The calculated value editor."""

    values: dict = field(default_factory=dict)
    error: str = ""
    field: Field | None = None

    @property
    def kinds(self):
        return calculated_kinds(self.field)


def _type_mapping(plan, connection_id, type_mapping_id) -> TypeMapping:
    return get_object_or_404(
        TypeMapping.objects.select_related(
            "connection", "left_type__endpoint", "right_type__endpoint"
        ),
        pk=type_mapping_id,
        connection_id=connection_id,
        connection__plan=plan,
    )


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


def _field_of(type_mapping, field_id, side=None) -> Field | None:
    """The field with ``field_id`` of the type mapping's ``side`` type (either side when None);
    None for a blank choice; ValidationError for anything else."""
    if field_id in ("", None):
        return None
    type_ids = {
        Side.LEFT: (type_mapping.left_type_id,),
        Side.RIGHT: (type_mapping.right_type_id,),
        None: (type_mapping.left_type_id, type_mapping.right_type_id),
    }[side]
    try:
        return Field.objects.get(pk=int(field_id), item_type_id__in=type_ids)
    except (ValueError, Field.DoesNotExist):
        raise ValidationError("That field is not part of this type mapping.") from None


def _lock_version(data) -> int:
    try:
        return int(data.get("lock_version", ""))
    except ValueError:
        raise ValidationError("The form is incomplete: reload the page and try again.") from None


def _id(value):
    """A picked id as an int (so the template compares it with a field's pk), else as given."""
    return int(value) if value.isdigit() else value


def _picker_values(data) -> dict:
    return {
        "left_field": _id(data.get("left_field", "")),
        "right_field": _id(data.get("right_field", "")),
        "direction": data.get("direction", ""),
        "conflict_policy": data.get("conflict_policy", ""),
        "on_creation_only": bool(data.get("on_creation_only")),
        "notes": data.get("notes", "").strip(),
    }


def _row_input(data) -> dict:
    return {
        "direction": data.get("direction", ""),
        "conflict_policy": data.get("conflict_policy", ""),
        "on_creation_only": bool(data.get("on_creation_only")),
        "notes": data.get("notes", "").strip(),
        "kind": data.get("kind", ""),
        "value": data.get("value", "").strip(),
        "condition": data.get("condition", "").strip(),
    }


ROW_URLS = ("field_mapping_update", "field_mapping_delete", "field_mapping_row", "enum_pairs")


def _load(plan, type_mapping):
    """The workspace, each row with its URLs (reversed once, not once per row and name) and
    its findings with their links: the finding in the findings list, and its fix where it has
    one (the findings provider's links, planner/subject_links.py, as on the findings page)."""
    workspace = load_workspace(plan, type_mapping)
    kwargs = {
        "plan_id": plan.pk,
        "connection_id": type_mapping.connection_id,
        "type_mapping_id": type_mapping.pk,
        "mapping_id": 0,
    }
    patterns = {name: reverse(f"connections:{name}", kwargs=kwargs) for name in ROW_URLS}
    for row in workspace.rows:
        segment = f"/fields/{row.mapping.pk}/"
        row.urls = {name: url.replace("/fields/0/", segment) for name, url in patterns.items()}
    gaps = workspace.missing_required
    flagged = [r for r in workspace.rows + gaps if r.findings]
    if flagged:
        links = findings_provider()
        ids = links.type_mapping_ids(
            type_mapping,
            [
                (r.mapping.pk, r.left.key if r.left else None, r.right.key if r.right else None)
                for r in workspace.rows
            ],
            [(r.side, r.field.key, r.field.pk) for r in gaps],
        )
        findings_url = reverse("planner:findings", kwargs={"plan_id": plan.pk})
        for finding in (f for r in flagged for f in r.findings):
            where = links.link(plan.pk, finding.subject, ids, finding.code)
            finding.href = f"{findings_url}#finding-{finding.id}"
            finding.action_label, finding.action_href = where.action_label, where.action_href
    return workspace


def _context(request, plan, role, type_mapping, workspace=None, **extra) -> dict:
    context = {
        "plan": plan,
        "role": role,
        "can_edit": allows(role, Action.EDIT),
        "tm": type_mapping,
        "connection": type_mapping.connection,
        "ws_url": _workspace_url(type_mapping),
        "ws": workspace,
        # The findings line refreshes itself while a validation of a newer revision is on its way.
        "live": workspace
        and findings_provider().live_findings(
            plan, type_mapping, status=workspace.finding_status, findings=workspace.findings
        ),
        "direction_choices": DIRECTION_CHOICES,
        "policy_choices": CONFLICT_POLICY_CHOICES,
        "inherited_direction": type_mapping.get_direction_display(),
        "picker": PickerState(),
        "calc": CalcState(),
        "suggestions": None,
        "filters": RowFilter(),
        "show_choices": SHOW_CHOICES,
        "direction_filter_choices": DIRECTION_FILTER_CHOICES,
        "undo_minutes": undo.UNDO_SECONDS // 60,
        "breadcrumbs": breadcrumbs(
            plan, type_mapping.connection, type_mapping, here="Field mappings"
        ),
    }
    context.update(extra)
    # The table's rows under the filters, and how many columns a form row spans.
    filters = context["filters"]
    context["shown_rows"] = filters.rows(workspace) if workspace else []
    context["gaps"] = filters.gaps(workspace) if workspace else []
    context["colspan"] = 8 if context["can_edit"] else 7
    return context


def _page(request, plan, role, type_mapping, **extra):
    workspace = _load(plan, type_mapping)
    return render(request, PAGE, _context(request, plan, role, type_mapping, workspace, **extra))


def _fragments(request, context, *parts) -> HttpResponse:
    """Several partials in one htmx response: those swapped in place first (table rows), then
    the out-of-band ones, each wrapped in a <template> so that the HTML parser keeps a <form> or
    a <section> that follows a <tr> (htmx takes out-of-band elements out of templates)."""
    html = "".join(
        _wrapped(render_to_string(f"{PAGE}#{name}", {**context, **overrides}, request), overrides)
        for name, overrides in parts
    )
    return HttpResponse(html)


def _wrapped(html: str, overrides: dict) -> str:
    return f"<template>{html}</template>" if overrides.get("oob") else html


def _side_lists(workspace) -> list:
    """The side column (required-field coverage, each side's unmapped fields), swapped out of
    band after a change."""
    return [
        ("field-list", {"side": "left", "side_rows": workspace.unmapped_left, "oob": True}),
        ("field-list", {"side": "right", "side_rows": workspace.unmapped_right, "oob": True}),
        ("required-summary", {"oob": True}),
    ]


def _workspace_url(type_mapping, anchor="") -> str:
    url = reverse(
        "connections:workspace",
        kwargs={
            "plan_id": type_mapping.connection.plan_id,
            "connection_id": type_mapping.connection_id,
            "type_mapping_id": type_mapping.pk,
        },
    )
    return f"{url}#{anchor}" if anchor else url


@require_GET
def workspace(request, plan_id, connection_id, type_mapping_id):
    """The page; with ``?edit=<mapping id>`` that row is a form (Edit without JavaScript);
    ``show`` and ``direction`` filter the table (htmx asks for the table alone)."""
    plan, role = plan_for(request, plan_id, Action.VIEW)
    type_mapping = _type_mapping(plan, connection_id, type_mapping_id)
    filters = RowFilter.from_query(request.GET)
    workspace = _load(plan, type_mapping)
    edit = request.GET.get("edit", "")
    row = workspace.row(int(edit)) if edit.isdigit() else None
    if row is not None and allows(role, Action.EDIT):
        row.editing = True
    context = _context(request, plan, role, type_mapping, workspace, filters=filters)
    if request.htmx and request.htmx.target == "mapping-table":
        response = render(request, f"{PAGE}#mapping-table", context)
    else:
        # The Undo of a delete made by a plain post, shown once on the page it returned to.
        context["deleted"] = request.session.pop(f"syncplan.undo.shown.{type_mapping.pk}", None)
        response = render(request, PAGE, context)
    # One URL, two answers (the table alone for htmx): caches must tell them apart.
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


@require_GET
def pair_check(request, plan_id, connection_id, type_mapping_id):
    """Compatibility and effective direction of the pair being picked (re-rendered whenever
    either field or the direction changes)."""
    plan, role = plan_for(request, plan_id, Action.VIEW)
    type_mapping = _type_mapping(plan, connection_id, type_mapping_id)
    values = _picker_values(request.GET)
    picker = PickerState(values=values)
    try:
        left = _field_of(type_mapping, values["left_field"], Side.LEFT)
        right = _field_of(type_mapping, values["right_field"], Side.RIGHT)
    except ValidationError as error:
        picker.error = _message(error)
    else:
        if left is not None and right is not None:
            picker.check = check_pair(type_mapping, left, right, values["direction"])
    if request.htmx:
        return render(
            request,
            f"{PAGE}#pair-check",
            _context(request, plan, role, type_mapping, picker=picker),
        )
    return _page(request, plan, role, type_mapping, picker=picker)


@require_POST
def field_mapping_create(request, plan_id, connection_id, type_mapping_id):
    plan, role = plan_for(request, plan_id, Action.EDIT)
    type_mapping = _type_mapping(plan, connection_id, type_mapping_id)
    values = _picker_values(request.POST)
    picker = PickerState(values=values)
    try:
        left = _field_of(type_mapping, values["left_field"], Side.LEFT)
        right = _field_of(type_mapping, values["right_field"], Side.RIGHT)
        if left is not None and right is not None:
            picker.check = check_pair(type_mapping, left, right, values["direction"])
        mapping = services.create_field_mapping(
            plan=plan,
            user=request.user,
            type_mapping=type_mapping,
            left_field=left,
            right_field=right,
            direction=values["direction"],
            conflict_policy=values["conflict_policy"],
            on_creation_only=values["on_creation_only"],
            notes=values["notes"],
        )
    except ValidationError as error:
        picker.error = _message(error)
        if request.htmx:
            context = _context(request, plan, role, type_mapping, picker=picker)
            response = render(request, f"{PAGE}#pair-picker", context)
            return retarget(reswap(response, "outerHTML"), "#pair-picker")
        return _page(request, plan, role, type_mapping, picker=picker)
    saved = PickerState(saved=_mapped_label(left, right), saved_check=picker.check)
    if not request.htmx:
        if saved.saved_check is not None:
            say = messages.warning if saved.saved_warns else messages.success
            say(request, f"{saved.saved}: {saved.saved_check.text}.")
        return redirect(_workspace_url(type_mapping, f"fm-{mapping.pk}"))
    workspace = _load(plan, type_mapping)
    context = _context(request, plan, role, type_mapping, workspace)
    return _fragments(
        request,
        context,
        ("mapping-row", {"row": workspace.row(mapping.pk)}),
        ("pair-picker", {"oob": True, "picker": saved}),
        *_side_lists(workspace),
    )


def _mapped_label(left, right) -> str:
    names = [f.label if f is not None else "calculated value" for f in (left, right)]
    return f"Mapped {names[0]} → {names[1]}"


def _mapping(type_mapping, mapping_id) -> FieldMapping | None:
    return (
        FieldMapping.objects.select_related("left_field", "right_field", "calculated_value")
        .filter(type_mapping=type_mapping, pk=mapping_id)
        .first()
    )


def _gone(request, type_mapping, mapping_id, submitted=None):
    """The row someone deleted meanwhile: say so, with what this editor tried to save."""
    if not request.htmx:
        return redirect(_workspace_url(type_mapping))
    html = render_to_string(
        f"{PAGE}#mapping-gone",
        {"mapping_id": mapping_id, "submitted": submitted or {}},
        request,
    )
    return HttpResponse(html)


def _row_response(request, plan, role, type_mapping, mapping_id, **state):
    """The row as it is now (with the editor's state laid over it), plus the side lists. It
    stays a form while it has something to say (an error, a conflict) or when asked to edit."""
    workspace = _load(plan, type_mapping)
    row = workspace.row(mapping_id)
    if row is None:
        return _gone(request, type_mapping, mapping_id, state.get("values"))
    for name, value in state.items():
        setattr(row, name, value)
    row.editing = allows(role, Action.EDIT) and bool(row.editing or row.error or row.conflict)
    context = _context(request, plan, role, type_mapping, workspace)
    if not request.htmx:
        return render(request, PAGE, context)
    return _fragments(request, context, ("mapping-row", {"row": row}), *_side_lists(workspace))


@require_POST
def field_mapping_update(request, plan_id, connection_id, type_mapping_id, mapping_id):
    plan, role = plan_for(request, plan_id, Action.EDIT)
    type_mapping = _type_mapping(plan, connection_id, type_mapping_id)
    mapping = _mapping(type_mapping, mapping_id)
    submitted = _row_input(request.POST)
    if mapping is None:
        return _gone(request, type_mapping, mapping_id, submitted)
    try:
        expected = _lock_version(request.POST)
        if mapping.is_calculated:
            services.update_calculated_value(
                plan=plan,
                user=request.user,
                mapping=mapping,
                expected_lock_version=expected,
                kind=submitted["kind"],
                value=submitted["value"],
                condition=submitted["condition"],
                notes=submitted["notes"],
                on_creation_only=submitted["on_creation_only"],
            )
        else:
            services.update_field_mapping(
                plan=plan,
                user=request.user,
                mapping=mapping,
                expected_lock_version=expected,
                direction=submitted["direction"],
                conflict_policy=submitted["conflict_policy"],
                on_creation_only=submitted["on_creation_only"],
                notes=submitted["notes"],
            )
    except StaleEdit as stale:
        return _conflict(request, plan, role, type_mapping, mapping_id, stale, submitted)
    except ValidationError as error:
        values = {**submitted, "lock_version": request.POST.get("lock_version", "")}
        return _row_response(
            request, plan, role, type_mapping, mapping_id, values=values, error=_message(error)
        )
    if not request.htmx:
        return redirect(_workspace_url(type_mapping, f"fm-{mapping_id}"))
    return _row_response(request, plan, role, type_mapping, mapping_id)


def _conflict(request, plan, role, type_mapping, mapping_id, stale, submitted, action="save"):
    """Both values: the form keeps what this editor typed (nothing, for a delete) and carries
    the current lock_version, so trying again overwrites knowingly; the row lists what is
    saved now."""
    if stale.current is None:
        return _gone(request, type_mapping, mapping_id, submitted)
    current = FieldMapping.objects.select_related("calculated_value").get(pk=stale.current.pk)
    saved = row_values(current, getattr(current, "calculated_value", None))
    values = {**saved, **submitted, "lock_version": saved["lock_version"]}
    return _row_response(
        request,
        plan,
        role,
        type_mapping,
        mapping_id,
        values=values,
        conflict=saved,
        conflict_on=action,
    )


@require_POST
def field_mapping_delete(request, plan_id, connection_id, type_mapping_id, mapping_id):
    plan, role = plan_for(request, plan_id, Action.EDIT)
    type_mapping = _type_mapping(plan, connection_id, type_mapping_id)
    mapping = _mapping(type_mapping, mapping_id)
    if mapping is None:
        return _gone(request, type_mapping, mapping_id)
    kept = undo.snapshot(mapping)
    try:
        services.delete_field_mapping(
            plan=plan,
            user=request.user,
            mapping=mapping,
            expected_lock_version=_lock_version(request.POST),
        )
    except StaleEdit as stale:
        return _conflict(request, plan, role, type_mapping, mapping_id, stale, {}, "delete")
    except ValidationError as error:
        return _row_response(request, plan, role, type_mapping, mapping_id, error=_message(error))
    deleted = None
    if kept is not None:
        deleted = {"token": undo.keep(request.session, kept), "label": kept["label"]}
    if not request.htmx:
        if deleted is not None:
            request.session[f"syncplan.undo.shown.{type_mapping.pk}"] = deleted
        return redirect(_workspace_url(type_mapping))
    workspace = _load(plan, type_mapping)
    context = _context(request, plan, role, type_mapping, workspace)
    stub = [("mapping-deleted", {"deleted": deleted, "mapping_id": mapping_id})] if deleted else []
    return _fragments(request, context, *stub, *_side_lists(workspace))


@require_POST
def field_mapping_undo(request, plan_id, connection_id, type_mapping_id):
    """Put back a field mapping deleted a moment ago (connections.undo)."""
    plan, role = plan_for(request, plan_id, Action.EDIT)
    type_mapping = _type_mapping(plan, connection_id, type_mapping_id)
    data = undo.take(request.session, request.POST.get("token", ""), type_mapping.pk)
    try:
        if data is None:
            raise ValidationError("Too late to undo: map the pair again.")
        mapping = restore_field_mapping(
            plan=plan, user=request.user, type_mapping=type_mapping, data=data
        )
    except ValidationError as error:
        if not request.htmx:
            messages.error(request, _message(error))
            return redirect(_workspace_url(type_mapping))
        html = f'<p class="errorlist" role="alert">{escape(_message(error))}</p>'
        return HttpResponse(html)
    if not request.htmx:
        messages.success(request, f"Field mapping {data['label']} is back.")
        return redirect(_workspace_url(type_mapping, f"fm-{mapping.pk}"))
    workspace = _load(plan, type_mapping)
    context = _context(request, plan, role, type_mapping, workspace)
    return _fragments(
        request,
        context,
        ("mapping-row", {"row": workspace.row(mapping.pk)}),
        *_side_lists(workspace),
    )


@require_GET
def field_mapping_row(request, plan_id, connection_id, type_mapping_id, mapping_id):
    """One row as saved now: as a form with ``?edit`` (Edit), else as a table row (Cancel;
    after a conflict: "take theirs"). Without htmx: the page, with that row as a form."""
    plan, role = plan_for(request, plan_id, Action.VIEW)
    type_mapping = _type_mapping(plan, connection_id, type_mapping_id)
    editing = "edit" in request.GET and allows(role, Action.EDIT)
    if not request.htmx:
        url = _workspace_url(type_mapping)
        query = f"?edit={mapping_id}" if editing else ""
        return redirect(f"{url}{query}#fm-{mapping_id}")
    return _row_response(request, plan, role, type_mapping, mapping_id, editing=editing)


def _calc_values(data) -> dict:
    return {
        "field": _id(data.get("field", "")),
        "kind": data.get("kind", ""),
        "value": data.get("value", "").strip(),
        "condition": data.get("condition", "").strip(),
    }


@require_GET
def calculated_value_form(request, plan_id, connection_id, type_mapping_id):
    """The kinds of calculated value the picked field takes (htmx), or the page with the
    editor set to that field."""
    plan, role = plan_for(request, plan_id, Action.VIEW)
    type_mapping = _type_mapping(plan, connection_id, type_mapping_id)
    calc = CalcState(values=_calc_values(request.GET))
    try:
        calc.field = _field_of(type_mapping, calc.values["field"])
    except ValidationError as error:
        calc.error = _message(error)
    if calc.field is not None and calc.values["kind"] not in dict(calc.kinds):
        calc.values["kind"] = calc.kinds[0][0]
    if request.htmx:  # only the kinds change: what the person is typing stays untouched
        return render(
            request,
            f"{PAGE}#calc-kinds",
            _context(request, plan, role, type_mapping, calc=calc),
        )
    return _page(request, plan, role, type_mapping, calc=calc)


@require_POST
def calculated_value_create(request, plan_id, connection_id, type_mapping_id):
    plan, role = plan_for(request, plan_id, Action.EDIT)
    type_mapping = _type_mapping(plan, connection_id, type_mapping_id)
    calc = CalcState(values=_calc_values(request.POST))
    try:
        calc.field = _field_of(type_mapping, calc.values["field"])
        if calc.field is None:
            raise ValidationError("Pick the field the calculated value sets.")
        side = Side.LEFT if calc.field.item_type_id == type_mapping.left_type_id else Side.RIGHT
        mapping = services.create_calculated_value(
            plan=plan,
            user=request.user,
            type_mapping=type_mapping,
            side=side,
            field=calc.field,
            kind=calc.values["kind"],
            value=calc.values["value"],
            condition=calc.values["condition"],
        )
    except ValidationError as error:
        calc.error = _message(error)
        if request.htmx:
            workspace = _load(plan, type_mapping)
            context = _context(request, plan, role, type_mapping, workspace, calc=calc)
            response = render(request, f"{PAGE}#calc-editor", context)
            return retarget(reswap(response, "outerHTML"), "#calc-editor")
        return _page(request, plan, role, type_mapping, calc=calc)
    if not request.htmx:
        return redirect(_workspace_url(type_mapping, f"fm-{mapping.pk}"))
    workspace = _load(plan, type_mapping)
    context = _context(request, plan, role, type_mapping, workspace)
    return _fragments(
        request,
        context,
        ("mapping-row", {"row": workspace.row(mapping.pk)}),
        ("calc-editor", {"oob": True}),
        *_side_lists(workspace),
    )


# Suggestions ---------------------------------------------------------------------------------


@dataclass
class SuggestionRow:
    left: Field
    right: Field
    score: int
    level: str
    reason: str
    # Ticked in advance (connections.field_mappings.suggest.CONFIDENT_SCORE).
    confident: bool = False

    @property
    def token(self) -> str:
        return f"{self.left.pk}:{self.right.pk}"


def _pairs(values) -> set[tuple[int, int]]:
    pairs = set()
    for value in values:
        left, _, right = value.partition(":")
        if left.isdigit() and right.isdigit():
            pairs.add((int(left), int(right)))
    return pairs


def _suggestions(type_mapping, workspace, rejected, ticked=None) -> list[SuggestionRow]:
    """The suggested pairs; each ticked when confident, or as the user left it (``ticked``,
    after a refused bulk mapping)."""
    mapped_left = {r.left.key for r in workspace.rows if r.left is not None}
    mapped_right = {r.right.key for r in workspace.rows if r.right is not None}
    left_by_key = {r.field.key: r.field for r in workspace.left_fields}
    right_by_key = {r.field.key: r.field for r in workspace.right_fields}
    rows = []
    for s in suggest_field_pairs(
        [r.field for r in workspace.left_fields],
        [r.field for r in workspace.right_fields],
        direction=type_mapping.direction,
        mapped_left=mapped_left,
        mapped_right=mapped_right,
    ):
        left, right = left_by_key[s.left_key], right_by_key[s.right_key]
        if (left.pk, right.pk) in rejected:
            continue
        level = s.compatibility.value if s.compatibility is not Compat.OK else "ok"
        tick = s.confident if ticked is None else (left.pk, right.pk) in ticked
        rows.append(SuggestionRow(left, right, s.score, level, s.reason, tick))
    return rows


@require_GET
def field_suggestions(request, plan_id, connection_id, type_mapping_id):
    """Proposed field pairs (by name similarity and type compatibility), best first."""
    plan, role = plan_for(request, plan_id, Action.VIEW)
    type_mapping = _type_mapping(plan, connection_id, type_mapping_id)
    rejected = _pairs(request.GET.getlist("rejected") + request.GET.getlist("reject"))
    # A Reject keeps the other ticks as they were (the form sends the ticked ones along).
    ticked = _pairs(request.GET.getlist("pair")) if "reject" in request.GET else None
    workspace = _load(plan, type_mapping)
    extra = {
        "suggestions": _suggestions(type_mapping, workspace, rejected, ticked),
        "rejected": [f"{left}:{right}" for left, right in sorted(rejected)],
    }
    if request.htmx:
        context = _context(request, plan, role, type_mapping, workspace, **extra)
        return render(request, f"{PAGE}#suggestions", context)
    return render(request, PAGE, _context(request, plan, role, type_mapping, workspace, **extra))


@require_POST
def field_suggestions_accept(request, plan_id, connection_id, type_mapping_id):
    """Map the accepted suggestions: one (``pair_one``), the ticked ones, or all; as one change,
    all or nothing (a pair that cannot be mapped is named and nothing is mapped)."""
    plan, role = plan_for(request, plan_id, Action.EDIT)
    type_mapping = _type_mapping(plan, connection_id, type_mapping_id)
    ticked = _pairs(request.POST.getlist("pair"))
    if request.POST.get("pair_one"):
        accepted = _pairs([request.POST["pair_one"]])
    elif request.POST.get("accept") == "all":
        accepted = _pairs(request.POST.getlist("all"))
    else:
        accepted = ticked
    rejected = _pairs(request.POST.getlist("rejected"))
    fields = Field.objects.in_bulk([fid for pair in accepted for fid in pair])
    gone = [pair for pair in accepted if pair[0] not in fields or pair[1] not in fields]
    error, created = "", []
    if not accepted:
        error = "Tick the suggestions to map first."
    elif gone:
        error = (
            f"Nothing was mapped: {len(gone)} of the picked fields no longer exist "
            "(deleted meanwhile). The suggestions below are up to date."
        )
    else:
        field_pairs = [(fields[left], fields[right]) for left, right in sorted(accepted)]
        try:
            created = services.create_field_mappings(
                plan=plan, user=request.user, type_mapping=type_mapping, field_pairs=field_pairs
            )
        except ValidationError as invalid:
            error = (
                "Nothing was mapped: "
                + " ".join(invalid.messages)
                + " The suggestions below are up to date: map again."
            )
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(
                request, f"Mapped {len(created)} field pair{'s' * (len(created) != 1)}."
            )
        return redirect(_workspace_url(type_mapping))
    workspace = _load(plan, type_mapping)
    context = _context(
        request,
        plan,
        role,
        type_mapping,
        workspace,
        suggestions=_suggestions(type_mapping, workspace, rejected, ticked if error else None),
        rejected=[f"{left}:{right}" for left, right in sorted(rejected)],
        suggestion_error=error,
        suggestion_done=len(created),
    )
    return _fragments(
        request,
        context,
        *[("mapping-row", {"row": workspace.row(m.pk)}) for m in created],
        ("suggestions", {"oob": True}),
        *_side_lists(workspace),
    )
