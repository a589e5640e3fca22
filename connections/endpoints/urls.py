"""The endpoint pages: add from the catalog, behaviours, projects, item types, fields, enum values,
the user directory, delete; and the data-type matrix (not a plan page). Included by
connections/urls.py into the "connections" namespace."""

from django.urls import path

from connections.endpoints import views

urlpatterns = [
    path("data-types/", views.data_types, name="data_types"),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/",
        views.endpoint_detail,
        name="endpoint_detail",
    ),
    path("plans/<int:plan_id>/endpoints/add/", views.endpoint_add, name="endpoint_add"),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/behaviours/",
        views.endpoint_behaviours,
        name="endpoint_behaviours",
    ),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/projects/add/",
        views.project_add,
        name="project_add",
    ),
    path(
        "plans/<int:plan_id>/projects/<int:project_id>/",
        views.project_save,
        name="project_save",
    ),
    path(
        "plans/<int:plan_id>/projects/<int:project_id>/delete/",
        views.project_delete,
        name="project_delete",
    ),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/types/add/",
        views.item_type_add,
        name="item_type_add",
    ),
    path(
        "plans/<int:plan_id>/types/<int:type_id>/",
        views.item_type_detail,
        name="item_type_detail",
    ),
    path(
        "plans/<int:plan_id>/types/<int:type_id>/delete/",
        views.item_type_delete,
        name="item_type_delete",
    ),
    path("plans/<int:plan_id>/types/<int:type_id>/fields/add/", views.field_add, name="field_add"),
    path("plans/<int:plan_id>/fields/<int:field_id>/", views.field_detail, name="field_detail"),
    path(
        "plans/<int:plan_id>/fields/<int:field_id>/delete/",
        views.field_delete,
        name="field_delete",
    ),
    path(
        "plans/<int:plan_id>/fields/<int:field_id>/values/add/",
        views.enum_value_add,
        name="enum_value_add",
    ),
    path(
        "plans/<int:plan_id>/values/<int:value_id>/",
        views.enum_value_save,
        name="enum_value_save",
    ),
    path(
        "plans/<int:plan_id>/values/<int:value_id>/move/<str:direction>/",
        views.enum_value_move,
        name="enum_value_move",
    ),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/users/",
        views.endpoint_users,
        name="endpoint_users",
    ),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/users/add/",
        views.endpoint_user_add,
        name="endpoint_user_add",
    ),
    path(
        "plans/<int:plan_id>/endpoint-users/<int:user_id>/",
        views.endpoint_user_save,
        name="endpoint_user_save",
    ),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/delete/",
        views.endpoint_delete,
        name="endpoint_delete",
    ),
]
