"""The enum pair editor of an enum field mapping: pair values, order the pairs (the last of a
group is its default), catch-all values, suggestions for identical and near-identical labels.

htmx requests get the editor back (``#enum-editor``); plain POSTs redirect to the page, or
re-render it with the message.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from connections import undo
from connections.enums import services
from connections.enums.editor import load_enum_editor
from connections.models import EnumPair, EnumValue, FieldMapping, Side
from connections.navigation import breadcrumbs
from connections.restore import restore_enum_pair
from core.access import Action, allows, plan_for
from core.concurrency import StaleEdit

PAGE = "connections/enums/enum_pairs.html"


def _mapping(plan, connection_id, type_mapping_id, mapping_id) -> FieldMapping:
    mapping = get_object_or_404(
        FieldMapping.objects.select_related(
            "type_mapping__connection",
            "type_mapping__left_type__endpoint",
            "type_mapping__right_type__endpoint",
            "left_field",
            "right_field",
            "left_catch_all",
            "right_catch_all",
        ),
        pk=mapping_id,
        type_mapping_id=type_mapping_id,
        type_mapping__connection_id=connection_id,
        type_mapping__connection__plan=plan,
    )
    try:
        services.check_enum_mapping(mapping)
    except ValidationError:
        raise Http404("This mapping has no enum values to pair.") from None
    return mapping


def _tokens(values) -> set[tuple[int, int]]:
    pairs = set()
    for value in values:
        left, _, right = value.partition(":")
        if left.isdigit() and right.isdigit():
            pairs.add((int(left), int(right)))
    return pairs


def _editor_url(mapping) -> str:
    type_mapping = mapping.type_mapping
    return reverse(
        "connections:enum_pairs",
        kwargs={
            "plan_id": type_mapping.connection.plan_id,
            "connection_id": type_mapping.connection_id,
            "type_mapping_id": type_mapping.pk,
            "mapping_id": mapping.pk,
        },
    )


def _render(request, plan, role, mapping, *, suggest=False, rejected=(), **state):
    """The page (or, for htmx, the editor partial) with a message, a conflict or the values
    the person chose laid over the saved state."""
    editor = load_enum_editor(plan, mapping, suggest=suggest, rejected=rejected)
    type_mapping = mapping.type_mapping
    context = {
        "plan": plan,
        "role": role,
        "can_edit": allows(role, Action.EDIT),
        "mapping": mapping,
        "tm": type_mapping,
        "connection": type_mapping.connection,
        "editor": editor,
        "rejected": [f"{left}:{right}" for left, right in sorted(rejected)],
        "editor_url": _editor_url(mapping),
        "error": "",
        "conflict": "",
        "chosen": {},
        "breadcrumbs": breadcrumbs(
            plan,
            type_mapping.connection,
            type_mapping,
            here=f"Values: {mapping.left_field.label} → {mapping.right_field.label}",
        ),
    }
    context.update(state)
    template = f"{PAGE}#enum-editor" if request.htmx else PAGE
    return render(request, template, context)


def _done(request, plan, role, mapping, **kwargs):
    if not request.htmx:
        return redirect(_editor_url(mapping))
    return _render(request, plan, role, mapping, **kwargs)


def _lock_version(data) -> int:
    try:
        return int(data.get("lock_version", ""))
    except ValueError:
        raise ValidationError("The form is incomplete: reload the page and try again.") from None


def _value(mapping, value_id, side) -> EnumValue | None:
    if not value_id:
        return None
    field_id = mapping.left_field_id if side == Side.LEFT else mapping.right_field_id
    try:
        return EnumValue.objects.get(pk=int(value_id), field_id=field_id)
    except (ValueError, EnumValue.DoesNotExist):
        raise ValidationError(f"That is not a value of the {side} field.") from None


def _pair(mapping, pair_id) -> EnumPair | None:
    return (
        EnumPair.objects.select_related("left_value", "right_value", "field_mapping")
        .filter(field_mapping=mapping, pk=pair_id)
        .first()
    )


@require_GET
def enum_pairs(request, plan_id, connection_id, type_mapping_id, mapping_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    mapping = _mapping(plan, connection_id, type_mapping_id, mapping_id)
    rejected = _tokens(request.GET.getlist("rejected") + request.GET.getlist("reject"))
    # The Undo of a pair deleted by a plain post, shown once on the page it returned to.
    deleted = request.session.pop(f"syncplan.undo.pair.{mapping.pk}", None)
    return _render(
        request, plan, role, mapping, suggest=bool(request.GET.get("suggest")), rejected=rejected,
        deleted=deleted,
    )  # fmt: skip


@require_POST
def enum_pair_create(request, plan_id, connection_id, type_mapping_id, mapping_id):
    plan, role = plan_for(request, plan_id, Action.EDIT)
    mapping = _mapping(plan, connection_id, type_mapping_id, mapping_id)
    chosen = {
        "left_value": request.POST.get("left_value", ""),
        "right_value": request.POST.get("right_value", ""),
    }
    try:
        left = _value(mapping, chosen["left_value"], Side.LEFT)
        right = _value(mapping, chosen["right_value"], Side.RIGHT)
        if left is None or right is None:
            raise ValidationError("Pick a value on each side.")
        services.add_pair(plan=plan, user=request.user, mapping=mapping, left=left, right=right)
    except ValidationError as error:
        return _render(request, plan, role, mapping, error=" ".join(error.messages), chosen=chosen)
    return _done(request, plan, role, mapping)


def _pair_action(
    request, plan_id, connection_id, type_mapping_id, mapping_id, pair_id, act, **done
):
    """Run ``act(pair, expected_lock_version)`` on one pair; a stale or vanished pair re-renders
    the editor as saved now, saying what happened to the pair meanwhile."""
    plan, role = plan_for(request, plan_id, Action.EDIT)
    mapping = _mapping(plan, connection_id, type_mapping_id, mapping_id)
    pair = _pair(mapping, pair_id)
    if pair is None:
        return _render(
            request, plan, role, mapping, conflict="Someone else deleted that pair meanwhile."
        )
    label = f"{pair.left_value.label} → {pair.right_value.label}"
    try:
        act(plan, pair, _lock_version(request.POST))
    except StaleEdit as stale:
        if stale.current is None:
            message = f"Someone else deleted the pair {label} meanwhile."
        else:
            message = (
                f"Someone else changed the pair {label} since you opened the page: it is "
                f"#{stale.current.position + 1} in the list now. Your change was not made; the "
                "list below is as saved now: try again if still needed."
            )
        return _render(request, plan, role, mapping, conflict=message)
    except ValidationError as error:
        return _render(request, plan, role, mapping, error=" ".join(error.messages))
    return _done(request, plan, role, mapping, **done)


@require_POST
def enum_pair_delete(request, plan_id, connection_id, type_mapping_id, mapping_id, pair_id):
    deleted = {}

    def act(plan, pair, expected):
        kept = undo.snapshot_pair(pair)
        services.delete_pair(
            plan=plan, user=request.user, pair=pair, expected_lock_version=expected
        )
        deleted.update(token=undo.keep(request.session, kept), label=kept["label"])

    response = _pair_action(
        request, plan_id, connection_id, type_mapping_id, mapping_id, pair_id, act,
        deleted=deleted,
    )  # fmt: skip
    if deleted and not request.htmx:
        request.session[f"syncplan.undo.pair.{mapping_id}"] = deleted
    return response


@require_POST
def enum_pair_undo(request, plan_id, connection_id, type_mapping_id, mapping_id):
    """Put back a pair deleted a moment ago, at its place in the list (connections.undo)."""
    plan, role = plan_for(request, plan_id, Action.EDIT)
    mapping = _mapping(plan, connection_id, type_mapping_id, mapping_id)
    data = undo.take(request.session, request.POST.get("token", ""), mapping.type_mapping_id)
    try:
        if data is None or data.get("field_mapping") != mapping.pk:
            raise ValidationError("Too late to undo: pair the values again.")
        restore_enum_pair(plan=plan, user=request.user, mapping=mapping, data=data)
    except ValidationError as error:
        return _render(request, plan, role, mapping, error=" ".join(error.messages))
    return _done(request, plan, role, mapping)


@require_POST
def enum_pair_move(request, plan_id, connection_id, type_mapping_id, mapping_id, pair_id):
    offset = -1 if request.POST.get("offset") == "up" else 1

    def act(plan, pair, expected):
        services.move_pair(
            plan=plan, user=request.user, pair=pair, expected_lock_version=expected, offset=offset
        )

    return _pair_action(request, plan_id, connection_id, type_mapping_id, mapping_id, pair_id, act)


@require_POST
def enum_pair_default(request, plan_id, connection_id, type_mapping_id, mapping_id, pair_id):
    shared = request.POST.get("shared", "")

    def act(plan, pair, expected):
        services.make_default(
            plan=plan, user=request.user, pair=pair, expected_lock_version=expected, shared=shared
        )

    return _pair_action(request, plan_id, connection_id, type_mapping_id, mapping_id, pair_id, act)


@require_POST
def enum_catch_all(request, plan_id, connection_id, type_mapping_id, mapping_id):
    """Set (or clear) the catch-all value of one side."""
    plan, role = plan_for(request, plan_id, Action.EDIT)
    mapping = _mapping(plan, connection_id, type_mapping_id, mapping_id)
    side = request.POST.get("side", "")
    chosen = {f"{side}_catch_all": request.POST.get("value", "")}
    try:
        if side not in Side.values:
            raise ValidationError("Pick the left or the right side.")
        value = _value(mapping, request.POST.get("value", ""), side)
        services.set_catch_all(
            plan=plan,
            user=request.user,
            mapping=mapping,
            expected_lock_version=_lock_version(request.POST),
            side=side,
            value=value,
        )
    except StaleEdit as stale:
        now = getattr(stale.current, f"{side}_catch_all", None) if stale.current else None
        mine = value.label if value else "none"
        message = (
            f"Someone else changed this mapping since you opened the page: the {side} catch-all "
            f"is “{now.label if now else 'none'}” now; you chose “{mine}”. "
            "Your choice is in the form: save again to keep it."
        )
        if stale.current is not None:
            mapping = _mapping(plan, connection_id, type_mapping_id, mapping_id)
        return _render(request, plan, role, mapping, conflict=message, chosen=chosen)
    except ValidationError as error:
        return _render(request, plan, role, mapping, error=" ".join(error.messages), chosen=chosen)
    return _done(request, plan, role, mapping)


@require_POST
def enum_pair_identical(request, plan_id, connection_id, type_mapping_id, mapping_id):
    """Pair all identical, in one action: each value with its same-labelled counterpart."""
    plan, role = plan_for(request, plan_id, Action.EDIT)
    mapping = _mapping(plan, connection_id, type_mapping_id, mapping_id)
    try:
        created = services.pair_identical(plan=plan, user=request.user, mapping=mapping)
    except ValidationError as error:
        return _render(request, plan, role, mapping, error=" ".join(error.messages))
    if not created:
        return _render(
            request, plan, role, mapping, error="No unpaired values have identical labels."
        )
    return _done(request, plan, role, mapping)


@require_POST
def enum_suggestions_accept(request, plan_id, connection_id, type_mapping_id, mapping_id):
    """Pair the accepted suggestions (one, the ticked ones, or all) and show what is left."""
    plan, role = plan_for(request, plan_id, Action.EDIT)
    mapping = _mapping(plan, connection_id, type_mapping_id, mapping_id)
    if request.POST.get("pair_one"):
        accepted = _tokens([request.POST["pair_one"]])
    elif request.POST.get("accept") == "all":
        accepted = _tokens(request.POST.getlist("all"))
    else:
        accepted = _tokens(request.POST.getlist("pair"))
    rejected = _tokens(request.POST.getlist("rejected"))
    values = EnumValue.objects.in_bulk([vid for pair in accepted for vid in pair])
    value_pairs = [
        (values[left], values[right])
        for left, right in sorted(accepted)
        if left in values and right in values
    ]
    error = "" if value_pairs else "Tick the suggestions to accept first."
    if value_pairs:
        try:
            services.add_pairs(
                plan=plan, user=request.user, mapping=mapping, value_pairs=value_pairs
            )
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
    if not request.htmx and not error:
        return redirect(f"{_editor_url(mapping)}?suggest=1")
    return _render(request, plan, role, mapping, suggest=True, rejected=rejected, error=error)
