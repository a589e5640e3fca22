"""Endpoints: add one from the catalog, then edit behaviours, projects, types, fields, ordered
enum values and users, each row saving on its own."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from connections.endpoints import services as service
from connections.endpoints.forms import (
    EndpointAddForm,
    EndpointBehavioursForm,
    EndpointUserForm,
    EnumValueForm,
    FieldForm,
    ItemTypeForm,
    ProjectForm,
)
from connections.models import Endpoint, EndpointUser, EnumValue, Field, ItemType, Product, Project
from connections.rows import (
    AddForm,
    Row,
    access,
    create_from_form,
    plan_url,
    remove_page_object,
    remove_row,
    render_row,
    save_row,
)
from connections.users.forms import CsvUploadForm
from facts.datatypes import Compat, DataType, compatibility

# Adding an endpoint ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def endpoint_add(request, plan_id):
    plan, _ = access(request, plan_id)
    products = list(Product.objects.only("key", "name"))
    form = EndpointAddForm(request.POST or None, products=products)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if Endpoint.objects.filter(plan=plan, key=data["key"]).exists():
            form.add_error("key", "This plan already has an endpoint with this key.")
        else:
            common = {"plan": plan, "key": data["key"], "name": data["name"], "user": request.user}
            if data["product"]:
                product = next(p for p in products if p.key == data["product"])
                product = Product.objects.get(pk=product.pk)  # with its profile
                endpoint = service.create_endpoint_from_product(
                    product=product, base_url=data["base_url"], **common
                )
            else:
                endpoint = service.create_custom_endpoint(base_url=data["base_url"], **common)
            return redirect(plan_url("endpoint_detail", plan, endpoint_id=endpoint.pk))
    return render(request, "connections/endpoints/endpoint_add.html", {"plan": plan, "form": form})


# The endpoint page: behaviours, projects, types ----------------------------------------------


def _behaviours_row(endpoint, form=None):
    plan = endpoint.plan
    return Row(
        form=form or EndpointBehavioursForm(instance=endpoint),
        url=plan_url("endpoint_behaviours", plan, endpoint_id=endpoint.pk),
        dom_id="behaviours",
        title="Behaviours",
        delete_url=plan_url("endpoint_delete", plan, endpoint_id=endpoint.pk),
        delete_label=f"Delete endpoint {endpoint.name}",
        delete_confirm_url=plan_url("endpoint_delete_confirm", plan, endpoint_id=endpoint.pk),
    )


def _project_row(project, form=None):
    plan = project.endpoint.plan
    return Row(
        form=form or ProjectForm(instance=project),
        url=plan_url("project_save", plan, project_id=project.pk),
        dom_id=f"project-{project.pk}",
        delete_url=plan_url("project_delete", plan, project_id=project.pk),
        delete_label=f"Delete project {project}",
    )


def _project_add(endpoint, form=None):
    return AddForm(
        form=form or ProjectForm(),
        url=plan_url("project_add", endpoint.plan, endpoint_id=endpoint.pk),
        dom_id="project-add",
        list_id="projects",
        title="Add a project",
    )


def _type_row(item_type, form=None):
    plan = item_type.endpoint.plan
    url = plan_url("item_type_detail", plan, type_id=item_type.pk)
    count = getattr(item_type, "field_count", None)
    return Row(
        form=form or ItemTypeForm(instance=item_type),
        url=url,
        dom_id=f"type-{item_type.pk}",
        title=f"{item_type.label} ({item_type.key})",
        delete_url=plan_url("item_type_delete", plan, type_id=item_type.pk),
        delete_label=f"Delete type {item_type.label}",
        delete_confirm_url=plan_url("item_type_delete_confirm", plan, type_id=item_type.pk),
        links=[(f"Fields ({count})" if count is not None else "Fields", url)],
    )


def _type_add(endpoint, form=None):
    return AddForm(
        form=form or ItemTypeForm(),
        url=plan_url("item_type_add", endpoint.plan, endpoint_id=endpoint.pk),
        dom_id="type-add",
        list_id="types",
        title="Add a type",
    )


def _endpoint(plan, endpoint_id) -> Endpoint:
    endpoint = get_object_or_404(
        Endpoint.objects.select_related("product"), plan=plan, pk=endpoint_id
    )
    endpoint.plan = plan
    return endpoint


@require_safe
def endpoint_detail(request, plan_id, endpoint_id):
    plan, can_edit = access(request, plan_id)
    endpoint = _endpoint(plan, endpoint_id)
    projects = list(Project.objects.filter(endpoint=endpoint))
    item_types = list(
        ItemType.objects.filter(endpoint=endpoint).annotate(field_count=Count("fields"))
    )
    for row in (*projects, *item_types):
        row.endpoint = endpoint
    return render(
        request,
        "connections/endpoints/endpoint_detail.html",
        {
            "plan": plan,
            "can_edit": can_edit,
            "endpoint": endpoint,
            "behaviours": _behaviours_row(endpoint),
            "project_rows": [_project_row(p) for p in projects],
            "project_add": _project_add(endpoint),
            "type_rows": [_type_row(t) for t in item_types],
            "type_add": _type_add(endpoint),
        },
    )


def _endpoint_url(endpoint):
    return plan_url("endpoint_detail", endpoint.plan, endpoint_id=endpoint.pk)


@require_POST
def endpoint_behaviours(request, plan_id, endpoint_id):
    plan, _ = access(request, plan_id)
    endpoint = _endpoint(plan, endpoint_id)
    return save_row(
        request, plan, endpoint, EndpointBehavioursForm, _behaviours_row, _endpoint_url(endpoint)
    )


@require_POST
def endpoint_delete(request, plan_id, endpoint_id):
    plan, _ = access(request, plan_id)
    endpoint = _endpoint(plan, endpoint_id)
    plan_page = reverse("planner:plan_detail", kwargs={"plan_id": plan.pk})
    return remove_page_object(
        request,
        plan,
        endpoint,
        row=_behaviours_row(endpoint),
        page_url=_endpoint_url(endpoint),
        next_url=plan_page,
    )


def _project(plan, project_id):
    project = get_object_or_404(
        Project.objects.select_related("endpoint"), endpoint__plan=plan, pk=project_id
    )
    project.endpoint.plan = plan
    return project


@require_POST
def project_add(request, plan_id, endpoint_id):
    plan, _ = access(request, plan_id)
    endpoint = _endpoint(plan, endpoint_id)
    form = ProjectForm(request.POST, instance=Project(endpoint=endpoint))
    return create_from_form(
        request,
        plan,
        form,
        _project_row,
        lambda f: _project_add(endpoint, f),
        _endpoint_url(endpoint),
    )


@require_POST
def project_save(request, plan_id, project_id):
    plan, _ = access(request, plan_id)
    project = _project(plan, project_id)
    return save_row(
        request, plan, project, ProjectForm, _project_row, _endpoint_url(project.endpoint)
    )


@require_POST
def project_delete(request, plan_id, project_id):
    plan, _ = access(request, plan_id)
    project = _project(plan, project_id)
    return remove_row(request, plan, project, _endpoint_url(project.endpoint))


@require_POST
def item_type_add(request, plan_id, endpoint_id):
    plan, _ = access(request, plan_id)
    endpoint = _endpoint(plan, endpoint_id)
    position = ItemType.objects.filter(endpoint=endpoint).count()
    form = ItemTypeForm(request.POST, instance=ItemType(endpoint=endpoint, position=position))
    return create_from_form(
        request, plan, form, _type_row, lambda f: _type_add(endpoint, f), _endpoint_url(endpoint)
    )


# The type page: its attributes and fields ----------------------------------------------------


def _item_type(plan, type_id):
    item_type = get_object_or_404(
        ItemType.objects.select_related("endpoint"), endpoint__plan=plan, pk=type_id
    )
    item_type.endpoint.plan = plan
    return item_type


def _field_row(field, form=None):
    plan = field.item_type.endpoint.plan
    url = plan_url("field_detail", plan, field_id=field.pk)
    count = getattr(field, "value_count", None)
    links = [(f"Values ({count})" if count is not None else "Values", url)]
    return Row(
        form=form or FieldForm(instance=field),
        url=url,
        dom_id=f"field-{field.pk}",
        delete_url=plan_url("field_delete", plan, field_id=field.pk),
        delete_label=f"Delete field {field.label}",
        links=links if field.data_type in ("enum", "multi_enum") else [],
    )


def _field_add(item_type, form=None):
    return AddForm(
        form=form or FieldForm(),
        url=plan_url("field_add", item_type.endpoint.plan, type_id=item_type.pk),
        dom_id="field-add",
        list_id="fields",
        title="Add a field",
    )


@require_http_methods(["GET", "POST"])
def item_type_detail(request, plan_id, type_id):
    plan, can_edit = access(request, plan_id)
    item_type = _item_type(plan, type_id)
    page_url = plan_url("item_type_detail", plan, type_id=item_type.pk)
    if request.method == "POST":
        return save_row(request, plan, item_type, ItemTypeForm, _type_row, page_url)
    # A type may hold hundreds of fields: list them compactly and load a field's form on demand
    # (htmx), or on the field's own page without JavaScript.
    fields = list(
        Field.objects.filter(item_type=item_type).annotate(value_count=Count("enum_values"))
    )
    return render(
        request,
        "connections/endpoints/item_type_detail.html",
        {
            "plan": plan,
            "can_edit": can_edit,
            "endpoint": item_type.endpoint,
            "item_type": item_type,
            "type_row": _type_row(item_type),
            "fields": fields,
            "field_add": _field_add(item_type),
        },
    )


@require_POST
def item_type_delete(request, plan_id, type_id):
    plan, _ = access(request, plan_id)
    item_type = _item_type(plan, type_id)
    return remove_row(request, plan, item_type, _endpoint_url(item_type.endpoint))


@require_POST
def field_add(request, plan_id, type_id):
    plan, _ = access(request, plan_id)
    item_type = _item_type(plan, type_id)
    position = Field.objects.filter(item_type=item_type).count()
    form = FieldForm(request.POST, instance=Field(item_type=item_type, position=position))
    page_url = plan_url("item_type_detail", plan, type_id=item_type.pk)
    return create_from_form(
        request, plan, form, _field_row, lambda f: _field_add(item_type, f), page_url
    )


# The field page: its flags and ordered enum values -------------------------------------------


def _field(plan, field_id):
    field = get_object_or_404(
        Field.objects.select_related("item_type__endpoint"),
        item_type__endpoint__plan=plan,
        pk=field_id,
    )
    field.item_type.endpoint.plan = plan
    return field


def _type_url(item_type):
    return plan_url("item_type_detail", item_type.endpoint.plan, type_id=item_type.pk)


def _value_row(value, form=None):
    plan = value.field.item_type.endpoint.plan
    move = "enum_value_move"
    return Row(
        form=form or EnumValueForm(instance=value),
        url=plan_url("enum_value_save", plan, value_id=value.pk),
        dom_id=f"value-{value.pk}",
        actions=[
            ("↑", plan_url(move, plan, value_id=value.pk, direction="up"), "#enum-values"),
            ("↓", plan_url(move, plan, value_id=value.pk, direction="down"), "#enum-values"),
        ],
    )


def _value_add(field, form=None):
    return AddForm(
        form=form or EnumValueForm(),
        url=plan_url("enum_value_add", field.item_type.endpoint.plan, field_id=field.pk),
        dom_id="value-add",
        list_id="values",
        title="Add a value (at the end)",
    )


def _field_context(plan, can_edit, field):
    values = list(EnumValue.objects.filter(field=field))
    for value in values:
        value.field = field
    return {
        "plan": plan,
        "can_edit": can_edit,
        "field": field,
        "item_type": field.item_type,
        "endpoint": field.item_type.endpoint,
        "field_row": _field_row(field),
        "value_rows": [_value_row(v) for v in values],
        "value_add": _value_add(field),
    }


@require_http_methods(["GET", "POST"])
def field_detail(request, plan_id, field_id):
    plan, can_edit = access(request, plan_id)
    field = _field(plan, field_id)
    page_url = plan_url("field_detail", plan, field_id=field.pk)
    if request.method == "POST":
        return save_row(request, plan, field, FieldForm, _field_row, page_url)
    if request.htmx:
        context = {"plan": plan, "can_edit": can_edit, "row": _field_row(field)}
        return render(request, "connections/rows/rows.html#row", context)
    return render(
        request, "connections/endpoints/field_detail.html", _field_context(plan, can_edit, field)
    )


@require_POST
def field_delete(request, plan_id, field_id):
    plan, _ = access(request, plan_id)
    field = _field(plan, field_id)
    return remove_row(request, plan, field, _type_url(field.item_type))


def _value(plan, value_id):
    value = get_object_or_404(
        EnumValue.objects.select_related("field__item_type__endpoint"),
        field__item_type__endpoint__plan=plan,
        pk=value_id,
    )
    value.field.item_type.endpoint.plan = plan
    return value


@require_POST
def enum_value_add(request, plan_id, field_id):
    plan, _ = access(request, plan_id)
    field = _field(plan, field_id)
    page_url = plan_url("field_detail", plan, field_id=field.pk)
    form = EnumValueForm(request.POST, instance=EnumValue(field=field))

    def create(form):
        return service.add_enum_value(
            plan=plan, field=field, label=form.cleaned_data["label"], user=request.user
        )

    return create_from_form(
        request, plan, form, _value_row, lambda f: _value_add(field, f), page_url, create=create
    )


@require_POST
def enum_value_save(request, plan_id, value_id):
    plan, _ = access(request, plan_id)
    value = _value(plan, value_id)
    page_url = plan_url("field_detail", plan, field_id=value.field_id)
    return save_row(request, plan, value, EnumValueForm, _value_row, page_url)


@require_POST
def enum_value_move(request, plan_id, value_id, direction):
    plan, _ = access(request, plan_id)
    value = _value(plan, value_id)
    service.move_enum_value(
        plan=plan, value=value, offset=-1 if direction == "up" else 1, user=request.user
    )
    field = value.field
    if request.htmx:
        return render(
            request,
            "connections/endpoints/field_detail.html#enum-values",
            _field_context(plan, True, field),
        )
    return redirect(plan_url("field_detail", plan, field_id=field.pk))


# Users -----------------------------------------------------------------------------------------


def _user_row(endpoint_user, form=None):
    return Row(
        form=form or EndpointUserForm(instance=endpoint_user),
        url=plan_url("endpoint_user_save", endpoint_user.endpoint.plan, user_id=endpoint_user.pk),
        dom_id=f"user-{endpoint_user.pk}",
    )


def _user_add(endpoint, form=None):
    return AddForm(
        form=form or EndpointUserForm(),
        url=plan_url("endpoint_user_add", endpoint.plan, endpoint_id=endpoint.pk),
        dom_id="user-add",
        list_id="users",
        title="Add a user",
    )


def _users_url(endpoint):
    return plan_url("endpoint_users", endpoint.plan, endpoint_id=endpoint.pk)


@require_http_methods(["GET", "POST"])
def endpoint_users(request, plan_id, endpoint_id):
    """The endpoint's user directory; a POST imports users from a CSV file."""
    plan, can_edit = access(request, plan_id)
    endpoint = _endpoint(plan, endpoint_id)
    upload = CsvUploadForm(request.POST or None, request.FILES or None)
    imported = None
    if request.method == "POST" and upload.is_valid():
        try:
            imported = service.import_users(
                plan=plan, endpoint=endpoint, text=upload.text(), user=request.user
            )
        except (service.CsvProblem, ValueError) as problem:
            upload.add_error("file", str(problem))
    # A directory may hold thousands of people: list them compactly and open one person's form
    # on demand (in place with htmx).
    users = list(EndpointUser.objects.filter(endpoint=endpoint))
    return render(
        request,
        "connections/endpoints/endpoint_users.html",
        {
            "plan": plan,
            "can_edit": can_edit,
            "endpoint": endpoint,
            "users": users,
            "user_add": _user_add(endpoint),
            "upload": upload if request.method == "POST" else CsvUploadForm(),
            "imported": imported,
        },
    )


@require_POST
def endpoint_user_add(request, plan_id, endpoint_id):
    plan, _ = access(request, plan_id)
    endpoint = _endpoint(plan, endpoint_id)
    form = EndpointUserForm(request.POST, instance=EndpointUser(endpoint=endpoint))
    return create_from_form(
        request, plan, form, _user_row, lambda f: _user_add(endpoint, f), _users_url(endpoint)
    )


@require_http_methods(["GET", "POST"])
def endpoint_user_save(request, plan_id, user_id):
    """One user of the directory: GET opens its form (in place with htmx), POST saves it."""
    plan, can_edit = access(request, plan_id)
    endpoint_user = get_object_or_404(
        EndpointUser.objects.select_related("endpoint"), endpoint__plan=plan, pk=user_id
    )
    endpoint_user.endpoint.plan = plan
    page_url = _users_url(endpoint_user.endpoint)
    if request.method == "GET":
        return render_row(request, plan, _user_row(endpoint_user), page_url, can_edit)
    return save_row(
        request,
        plan,
        endpoint_user,
        EndpointUserForm,
        _user_row,
        _users_url(endpoint_user.endpoint),
    )


_SYMBOLS = {Compat.OK: "=", Compat.FRAGILE: "~", Compat.INCOMPATIBLE: "x", Compat.AS_TEXT: "t"}
_LEVELS = {
    Compat.FRAGILE: "fragile, FLD-002",
    Compat.INCOMPATIBLE: "incompatible, FLD-001",
    Compat.AS_TEXT: "as text, REL-004",
}


@require_safe
def data_types(request):
    """The data-type compatibility matrix of facts/datatypes.py, for anyone signed in:
    FLD-001's fix links here (a web user cannot open docs/data-types.md)."""
    rows, reasons = [], []
    for source, source_label in DataType.choices:
        cells = []
        for target, target_label in DataType.choices:
            c = compatibility(source, target)
            cells.append({"level": c.level.value, "symbol": _SYMBOLS[c.level], "reason": c.reason})
            if c.reason:
                reasons.append((source_label, target_label, _LEVELS[c.level], c.reason))
        rows.append((source_label, cells))
    return render(
        request,
        "connections/endpoints/data_types.html",
        {"types": DataType.choices, "rows": rows, "reasons": reasons},
    )
