"""Connections: pair two endpoints, their projects and types (type mappings with direction,
system of record, scope and conflict policy); per type mapping, relationship rules and
existing-item matching; the connection page (with its picture, picture.py)."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from connections.models import (
    Connection,
    Endpoint,
    ExistingItemMatching,
    Field,
    ItemType,
    Project,
    ProjectPair,
    RelationshipRule,
    TypeMapping,
)
from connections.navigation import breadcrumbs, enum_mappings_prefetch, type_mapping_links
from connections.rows import (
    AddForm,
    Row,
    access,
    create_from_form,
    plan_url,
    remove_page_object,
    remove_row,
    save_row,
)
from connections.setup.forms import (
    ConnectionAddForm,
    ConnectionSettingsForm,
    ExistingItemMatchingForm,
    ProjectPairForm,
    RelationshipRuleForm,
    TypeMappingForm,
)
from connections.setup.services import create_connection, id_choices, plan_connection
from core.access import Action, allows, plan_for


@require_http_methods(["GET", "POST"])
def connection_add(request, plan_id):
    plan, _ = access(request, plan_id)
    endpoints = list(Endpoint.objects.filter(plan=plan))
    form = ConnectionAddForm(request.POST or None, endpoints=endpoints)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if Connection.objects.filter(plan=plan, key=data["key"]).exists():
            form.add_error("key", "This plan already has a connection with this key.")
        else:
            by_id = {e.pk: e for e in endpoints}
            connection = create_connection(
                plan=plan,
                key=data["key"],
                name=data["name"],
                left=by_id[data["left"]],
                right=by_id[data["right"]],
                user=request.user,
            )
            return redirect(plan_url("connection_setup", plan, connection_id=connection.pk))
    return render(request, "connections/setup/connection_add.html", {"plan": plan, "form": form})


# The connection setup page -------------------------------------------------------------------


def _setup_url(connection):
    return plan_url("connection_setup", connection.plan, connection_id=connection.pk)


def _settings_row(connection, form=None):
    return Row(
        form=form or ConnectionSettingsForm(instance=connection),
        url=plan_url("connection_settings", connection.plan, connection_id=connection.pk),
        dom_id="connection-settings",
        title="Settings",
        delete_url=plan_url("connection_delete", connection.plan, connection_id=connection.pk),
        delete_label=f"Delete connection {connection}",
        delete_confirm_url=plan_url(
            "connection_delete_confirm", connection.plan, connection_id=connection.pk
        ),
    )


def _label_type(t):
    return f"{t.label} ({t.key})"


def _setup_choices(connection):
    """Options for the id fields of the setup page's rows: four queries, whatever the size."""
    left, right = connection.left_id, connection.right_id
    projects = list(Project.objects.filter(endpoint_id__in=[left, right]))
    types = list(ItemType.objects.filter(endpoint_id__in=[left, right]))
    return {
        "left_project_id": id_choices([p for p in projects if p.endpoint_id == left]),
        "right_project_id": id_choices([p for p in projects if p.endpoint_id == right]),
        "left_type_id": id_choices([t for t in types if t.endpoint_id == left], _label_type),
        "right_type_id": id_choices([t for t in types if t.endpoint_id == right], _label_type),
    }


def _pair_row_maker(connection, choices):
    def make(pair, form=None):
        plan = connection.plan
        return Row(
            form=form or ProjectPairForm(instance=pair, choices=choices),
            url=plan_url("project_pair_save", plan, pair_id=pair.pk),
            dom_id=f"project-pair-{pair.pk}",
            delete_url=plan_url("project_pair_delete", plan, pair_id=pair.pk),
            delete_label="Delete project pair",
        )

    return make


def _pair_add(connection, choices, form=None):
    return AddForm(
        form=form or ProjectPairForm(choices=choices),
        url=plan_url("project_pair_add", connection.plan, connection_id=connection.pk),
        dom_id="project-pair-add",
        list_id="project-pairs",
        title="Pair two projects",
    )


def _type_mapping_label(mapping) -> str:
    return f"{mapping.left_type.label} ↔ {mapping.right_type.label}"


def _mapping_row_maker(connection, choices):
    def make(mapping, form=None):
        plan = connection.plan
        return Row(
            form=form or TypeMappingForm(instance=mapping, choices=choices),
            url=plan_url("type_mapping_save", plan, mapping_id=mapping.pk),
            dom_id=f"type-mapping-{mapping.pk}",
            delete_url=plan_url("type_mapping_delete", plan, mapping_id=mapping.pk),
            delete_label=f"Delete type mapping {_type_mapping_label(mapping)}",
            delete_confirm_url=plan_url("type_mapping_delete_confirm", plan, mapping_id=mapping.pk),
            links=type_mapping_links(mapping),
        )

    return make


def _mapping_add(connection, choices, form=None):
    return AddForm(
        form=form or TypeMappingForm(choices=choices),
        url=plan_url("type_mapping_add", connection.plan, connection_id=connection.pk),
        dom_id="type-mapping-add",
        list_id="type-mappings",
        title="Map a type",
    )


@require_safe
def connection_setup(request, plan_id, connection_id):
    plan, can_edit = access(request, plan_id)
    connection = plan_connection(plan, connection_id)
    choices = _setup_choices(connection)
    pairs = list(ProjectPair.objects.filter(connection=connection))
    mappings = list(
        TypeMapping.objects.filter(connection=connection)
        .select_related("connection", "left_type", "right_type")
        .prefetch_related(enum_mappings_prefetch())
    )
    make_pair = _pair_row_maker(connection, choices)
    make_mapping = _mapping_row_maker(connection, choices)
    return render(
        request,
        "connections/setup/connection_setup.html",
        {
            "plan": plan,
            "can_edit": can_edit,
            "connection": connection,
            "settings_row": _settings_row(connection),
            "pair_rows": [make_pair(p) for p in pairs],
            "pair_add": _pair_add(connection, choices),
            "mapping_rows": [make_mapping(m) for m in mappings],
            "mapping_add": _mapping_add(connection, choices),
            "breadcrumbs": breadcrumbs(plan, connection, here="Set up"),
        },
    )


@require_POST
def connection_settings(request, plan_id, connection_id):
    plan, _ = access(request, plan_id)
    connection = plan_connection(plan, connection_id)
    return save_row(
        request, plan, connection, ConnectionSettingsForm, _settings_row, _setup_url(connection)
    )


@require_POST
def connection_delete(request, plan_id, connection_id):
    """Delete the connection with its project pairs, type mappings and user map."""
    plan, _ = access(request, plan_id)
    connection = plan_connection(plan, connection_id)
    plan_page = reverse("planner:plan_detail", kwargs={"plan_id": plan.pk})
    return remove_page_object(
        request,
        plan,
        connection,
        row=_settings_row(connection),
        page_url=_setup_url(connection),
        next_url=plan_page,
    )


@require_POST
def project_pair_add(request, plan_id, connection_id):
    plan, _ = access(request, plan_id)
    connection = plan_connection(plan, connection_id)
    choices = _setup_choices(connection)
    form = ProjectPairForm(
        request.POST, instance=ProjectPair(connection=connection), choices=choices
    )
    return create_from_form(
        request,
        plan,
        form,
        _pair_row_maker(connection, choices),
        lambda f: _pair_add(connection, choices, f),
        _setup_url(connection),
    )


def _pair(plan, pair_id):
    pair = get_object_or_404(
        ProjectPair.objects.select_related(
            "connection__left", "connection__right", "left_project", "right_project"
        ),
        connection__plan=plan,
        pk=pair_id,
    )
    pair.connection.plan = plan
    return pair


@require_POST
def project_pair_save(request, plan_id, pair_id):
    plan, _ = access(request, plan_id)
    pair = _pair(plan, pair_id)
    choices = _setup_choices(pair.connection)
    return save_row(
        request,
        plan,
        pair,
        ProjectPairForm,
        _pair_row_maker(pair.connection, choices),
        _setup_url(pair.connection),
        choices=choices,
    )


@require_POST
def project_pair_delete(request, plan_id, pair_id):
    plan, _ = access(request, plan_id)
    pair = _pair(plan, pair_id)
    return remove_row(request, plan, pair, _setup_url(pair.connection))


@require_POST
def type_mapping_add(request, plan_id, connection_id):
    plan, _ = access(request, plan_id)
    connection = plan_connection(plan, connection_id)
    choices = _setup_choices(connection)
    position = TypeMapping.objects.filter(connection=connection).count()
    form = TypeMappingForm(
        request.POST,
        instance=TypeMapping(connection=connection, position=position),
        choices=choices,
    )
    return create_from_form(
        request,
        plan,
        form,
        _mapping_row_maker(connection, choices),
        lambda f: _mapping_add(connection, choices, f),
        _setup_url(connection),
    )


def _mapping(plan, mapping_id):
    mapping = get_object_or_404(
        TypeMapping.objects.select_related(
            "connection__left", "connection__right", "left_type", "right_type"
        ),
        connection__plan=plan,
        pk=mapping_id,
    )
    mapping.connection.plan = plan
    return mapping


@require_POST
def type_mapping_save(request, plan_id, mapping_id):
    plan, _ = access(request, plan_id)
    mapping = _mapping(plan, mapping_id)
    choices = _setup_choices(mapping.connection)
    return save_row(
        request,
        plan,
        mapping,
        TypeMappingForm,
        _mapping_row_maker(mapping.connection, choices),
        _setup_url(mapping.connection),
        choices=choices,
    )


@require_POST
def type_mapping_delete(request, plan_id, mapping_id):
    plan, _ = access(request, plan_id)
    mapping = _mapping(plan, mapping_id)
    return remove_row(request, plan, mapping, _setup_url(mapping.connection))


# Relationship rules and existing-item matching of one type mapping ---------------------------


def _rules_url(mapping):
    return plan_url("type_mapping_rules", mapping.connection.plan, mapping_id=mapping.pk)


def _rules_choices(mapping):
    """Options for rule and matching rows: two queries, whatever the size."""
    fields = list(
        Field.objects.filter(item_type_id__in=[mapping.left_type_id, mapping.right_type_id])
    )
    left = [f for f in fields if f.item_type_id == mapping.left_type_id]
    right = [f for f in fields if f.item_type_id == mapping.right_type_id]
    connection = mapping.connection
    types = list(ItemType.objects.filter(endpoint_id__in=[connection.left_id, connection.right_id]))
    side = {connection.left_id: connection.left.name, connection.right_id: connection.right.name}
    return {
        "field_id": [
            *id_choices(left, lambda f: f"{connection.left.name} · {f.label} ({f.key})"),
            *id_choices(right, lambda f: f"{connection.right.name} · {f.label} ({f.key})"),
        ],
        "target_type_id": id_choices(types, lambda t: f"{side[t.endpoint_id]} · {t.label}"),
        "left_field_id": id_choices(left, lambda f: f"{f.label} ({f.key})"),
        "right_field_id": id_choices(right, lambda f: f"{f.label} ({f.key})"),
    }


def _rule_row_maker(mapping, choices):
    def make(rule, form=None):
        plan = mapping.connection.plan
        return Row(
            form=form or RelationshipRuleForm(instance=rule, choices=choices),
            url=plan_url("relationship_rule_save", plan, rule_id=rule.pk),
            dom_id=f"rule-{rule.pk}",
            delete_url=plan_url("relationship_rule_delete", plan, rule_id=rule.pk),
            delete_label="Delete relationship rule",
        )

    return make


def _rule_add(mapping, choices, form=None):
    return AddForm(
        form=form or RelationshipRuleForm(choices=choices),
        url=plan_url("relationship_rule_add", mapping.connection.plan, mapping_id=mapping.pk),
        dom_id="rule-add",
        list_id="rules",
        title="Add a relationship rule",
    )


def _matching_row_maker(mapping, choices):
    def make(matching, form=None):
        plan = mapping.connection.plan
        return Row(
            form=form or ExistingItemMatchingForm(instance=matching, choices=choices),
            url=plan_url("matching_save", plan, matching_id=matching.pk),
            dom_id=f"matching-{matching.pk}",
            delete_url=plan_url("matching_delete", plan, matching_id=matching.pk),
            delete_label="Delete matching rule",
        )

    return make


def _matching_add(mapping, choices, form=None):
    return AddForm(
        form=form or ExistingItemMatchingForm(choices=choices),
        url=plan_url("matching_add", mapping.connection.plan, mapping_id=mapping.pk),
        dom_id="matching-add",
        list_id="matchings",
        title="Add a pair of identifying fields",
    )


@require_safe
def type_mapping_rules(request, plan_id, mapping_id):
    plan, can_edit = access(request, plan_id)
    mapping = _mapping(plan, mapping_id)
    choices = _rules_choices(mapping)
    rules = list(RelationshipRule.objects.filter(type_mapping=mapping))
    matchings = list(ExistingItemMatching.objects.filter(type_mapping=mapping))
    make_rule = _rule_row_maker(mapping, choices)
    make_matching = _matching_row_maker(mapping, choices)
    return render(
        request,
        "connections/setup/type_mapping_rules.html",
        {
            "plan": plan,
            "can_edit": can_edit,
            "mapping": mapping,
            "connection": mapping.connection,
            "rule_rows": [make_rule(r) for r in rules],
            "rule_add": _rule_add(mapping, choices),
            "matching_rows": [make_matching(m) for m in matchings],
            "matching_add": _matching_add(mapping, choices),
            "breadcrumbs": breadcrumbs(
                plan, mapping.connection, mapping, here="Relationships and existing items"
            ),
        },
    )


@require_POST
def relationship_rule_add(request, plan_id, mapping_id):
    plan, _ = access(request, plan_id)
    mapping = _mapping(plan, mapping_id)
    choices = _rules_choices(mapping)
    form = RelationshipRuleForm(
        request.POST, instance=RelationshipRule(type_mapping=mapping), choices=choices
    )
    return create_from_form(
        request,
        plan,
        form,
        _rule_row_maker(mapping, choices),
        lambda f: _rule_add(mapping, choices, f),
        _rules_url(mapping),
    )


def _rule(plan, rule_id, model=RelationshipRule):
    row = get_object_or_404(
        model.objects.select_related(
            "type_mapping__connection__left",
            "type_mapping__connection__right",
            "type_mapping__left_type",
            "type_mapping__right_type",
        ),
        type_mapping__connection__plan=plan,
        pk=rule_id,
    )
    row.type_mapping.connection.plan = plan
    return row


@require_POST
def relationship_rule_save(request, plan_id, rule_id):
    plan, _ = access(request, plan_id)
    rule = _rule(plan, rule_id)
    choices = _rules_choices(rule.type_mapping)
    return save_row(
        request,
        plan,
        rule,
        RelationshipRuleForm,
        _rule_row_maker(rule.type_mapping, choices),
        _rules_url(rule.type_mapping),
        choices=choices,
    )


@require_POST
def relationship_rule_delete(request, plan_id, rule_id):
    plan, _ = access(request, plan_id)
    rule = _rule(plan, rule_id)
    return remove_row(request, plan, rule, _rules_url(rule.type_mapping))


@require_POST
def matching_add(request, plan_id, mapping_id):
    plan, _ = access(request, plan_id)
    mapping = _mapping(plan, mapping_id)
    choices = _rules_choices(mapping)
    form = ExistingItemMatchingForm(
        request.POST, instance=ExistingItemMatching(type_mapping=mapping), choices=choices
    )
    return create_from_form(
        request,
        plan,
        form,
        _matching_row_maker(mapping, choices),
        lambda f: _matching_add(mapping, choices, f),
        _rules_url(mapping),
    )


@require_POST
def matching_save(request, plan_id, matching_id):
    plan, _ = access(request, plan_id)
    matching = _rule(plan, matching_id, ExistingItemMatching)
    choices = _rules_choices(matching.type_mapping)
    return save_row(
        request,
        plan,
        matching,
        ExistingItemMatchingForm,
        _matching_row_maker(matching.type_mapping, choices),
        _rules_url(matching.type_mapping),
        choices=choices,
    )


@require_POST
def matching_delete(request, plan_id, matching_id):
    plan, _ = access(request, plan_id)
    matching = _rule(plan, matching_id, ExistingItemMatching)
    return remove_row(request, plan, matching, _rules_url(matching.type_mapping))


@require_safe
def connection_detail(request, plan_id, connection_id):
    plan, role = plan_for(request, plan_id, Action.VIEW)
    connection = get_object_or_404(
        Connection.objects.select_related("left", "right"), plan=plan, pk=connection_id
    )
    type_mappings = (
        TypeMapping.objects.filter(connection=connection)
        .select_related("left_type", "right_type")
        .annotate(field_mapping_count=Count("field_mappings"))
    )
    return render(
        request,
        "connections/setup/connection_detail.html",
        {
            "plan": plan,
            "role": role,
            "can_edit": allows(role, Action.EDIT),
            "connection": connection,
            "type_mappings": type_mappings,
            "breadcrumbs": breadcrumbs(plan, here=str(connection)),
        },
    )
