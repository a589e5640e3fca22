"""The connection pages: add, setup, settings, delete, the connection page; project pairs, type
mappings, relationship rules and existing-item matchings. Included by connections/urls.py into
the "connections" namespace."""

from django.urls import path

from connections.setup import views

urlpatterns = [
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/",
        views.connection_detail,
        name="connection_detail",
    ),
    path("plans/<int:plan_id>/connections/add/", views.connection_add, name="connection_add"),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/setup/",
        views.connection_setup,
        name="connection_setup",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/settings/",
        views.connection_settings,
        name="connection_settings",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/project-pairs/add/",
        views.project_pair_add,
        name="project_pair_add",
    ),
    path(
        "plans/<int:plan_id>/project-pairs/<int:pair_id>/",
        views.project_pair_save,
        name="project_pair_save",
    ),
    path(
        "plans/<int:plan_id>/project-pairs/<int:pair_id>/delete/",
        views.project_pair_delete,
        name="project_pair_delete",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/type-mappings/add/",
        views.type_mapping_add,
        name="type_mapping_add",
    ),
    path(
        "plans/<int:plan_id>/type-mappings/<int:mapping_id>/",
        views.type_mapping_save,
        name="type_mapping_save",
    ),
    path(
        "plans/<int:plan_id>/type-mappings/<int:mapping_id>/delete/",
        views.type_mapping_delete,
        name="type_mapping_delete",
    ),
    path(
        "plans/<int:plan_id>/type-mappings/<int:mapping_id>/rules/",
        views.type_mapping_rules,
        name="type_mapping_rules",
    ),
    path(
        "plans/<int:plan_id>/type-mappings/<int:mapping_id>/rules/add/",
        views.relationship_rule_add,
        name="relationship_rule_add",
    ),
    path(
        "plans/<int:plan_id>/relationship-rules/<int:rule_id>/",
        views.relationship_rule_save,
        name="relationship_rule_save",
    ),
    path(
        "plans/<int:plan_id>/relationship-rules/<int:rule_id>/delete/",
        views.relationship_rule_delete,
        name="relationship_rule_delete",
    ),
    path(
        "plans/<int:plan_id>/type-mappings/<int:mapping_id>/matchings/add/",
        views.matching_add,
        name="matching_add",
    ),
    path(
        "plans/<int:plan_id>/matchings/<int:matching_id>/",
        views.matching_save,
        name="matching_save",
    ),
    path(
        "plans/<int:plan_id>/matchings/<int:matching_id>/delete/",
        views.matching_delete,
        name="matching_delete",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/delete/",
        views.connection_delete,
        name="connection_delete",
    ),
]
