from django.urls import path

from connections.deletes import views as deletes
from connections.endpoints import views as endpoints
from connections.enums import views as enums
from connections.field_mappings import views as workspace
from connections.imports import views as imports
from connections.setup import views as mappings
from connections.users import views as users
from connections.views import pages

app_name = "connections"

urlpatterns = [
    # Not a plan page: the compatibility matrix FLD-001's fix points at (login required).
    path("data-types/", pages.data_types, name="data_types"),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/",
        endpoints.endpoint_detail,
        name="endpoint_detail",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/",
        pages.connection_detail,
        name="connection_detail",
    ),
]

# Plan authoring: endpoints, connections, user maps (issue 5).

urlpatterns += [
    path("plans/<int:plan_id>/endpoints/add/", endpoints.endpoint_add, name="endpoint_add"),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/behaviours/",
        endpoints.endpoint_behaviours,
        name="endpoint_behaviours",
    ),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/projects/add/",
        endpoints.project_add,
        name="project_add",
    ),
    path(
        "plans/<int:plan_id>/projects/<int:project_id>/",
        endpoints.project_save,
        name="project_save",
    ),
    path(
        "plans/<int:plan_id>/projects/<int:project_id>/delete/",
        endpoints.project_delete,
        name="project_delete",
    ),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/types/add/",
        endpoints.item_type_add,
        name="item_type_add",
    ),
    path(
        "plans/<int:plan_id>/types/<int:type_id>/",
        endpoints.item_type_detail,
        name="item_type_detail",
    ),
    path(
        "plans/<int:plan_id>/types/<int:type_id>/delete/",
        endpoints.item_type_delete,
        name="item_type_delete",
    ),
    path(
        "plans/<int:plan_id>/types/<int:type_id>/fields/add/", endpoints.field_add, name="field_add"
    ),
    path("plans/<int:plan_id>/fields/<int:field_id>/", endpoints.field_detail, name="field_detail"),
    path(
        "plans/<int:plan_id>/fields/<int:field_id>/delete/",
        endpoints.field_delete,
        name="field_delete",
    ),
    path(
        "plans/<int:plan_id>/fields/<int:field_id>/values/add/",
        endpoints.enum_value_add,
        name="enum_value_add",
    ),
    path(
        "plans/<int:plan_id>/values/<int:value_id>/",
        endpoints.enum_value_save,
        name="enum_value_save",
    ),
    path(
        "plans/<int:plan_id>/values/<int:value_id>/move/<str:direction>/",
        endpoints.enum_value_move,
        name="enum_value_move",
    ),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/users/",
        endpoints.endpoint_users,
        name="endpoint_users",
    ),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/users/add/",
        endpoints.endpoint_user_add,
        name="endpoint_user_add",
    ),
    path(
        "plans/<int:plan_id>/endpoint-users/<int:user_id>/",
        endpoints.endpoint_user_save,
        name="endpoint_user_save",
    ),
    path("plans/<int:plan_id>/connections/add/", mappings.connection_add, name="connection_add"),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/setup/",
        mappings.connection_setup,
        name="connection_setup",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/settings/",
        mappings.connection_settings,
        name="connection_settings",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/project-pairs/add/",
        mappings.project_pair_add,
        name="project_pair_add",
    ),
    path(
        "plans/<int:plan_id>/project-pairs/<int:pair_id>/",
        mappings.project_pair_save,
        name="project_pair_save",
    ),
    path(
        "plans/<int:plan_id>/project-pairs/<int:pair_id>/delete/",
        mappings.project_pair_delete,
        name="project_pair_delete",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/type-mappings/add/",
        mappings.type_mapping_add,
        name="type_mapping_add",
    ),
    path(
        "plans/<int:plan_id>/type-mappings/<int:mapping_id>/",
        mappings.type_mapping_save,
        name="type_mapping_save",
    ),
    path(
        "plans/<int:plan_id>/type-mappings/<int:mapping_id>/delete/",
        mappings.type_mapping_delete,
        name="type_mapping_delete",
    ),
    path(
        "plans/<int:plan_id>/type-mappings/<int:mapping_id>/rules/",
        mappings.type_mapping_rules,
        name="type_mapping_rules",
    ),
    path(
        "plans/<int:plan_id>/type-mappings/<int:mapping_id>/rules/add/",
        mappings.relationship_rule_add,
        name="relationship_rule_add",
    ),
    path(
        "plans/<int:plan_id>/relationship-rules/<int:rule_id>/",
        mappings.relationship_rule_save,
        name="relationship_rule_save",
    ),
    path(
        "plans/<int:plan_id>/relationship-rules/<int:rule_id>/delete/",
        mappings.relationship_rule_delete,
        name="relationship_rule_delete",
    ),
    path(
        "plans/<int:plan_id>/type-mappings/<int:mapping_id>/matchings/add/",
        mappings.matching_add,
        name="matching_add",
    ),
    path(
        "plans/<int:plan_id>/matchings/<int:matching_id>/",
        mappings.matching_save,
        name="matching_save",
    ),
    path(
        "plans/<int:plan_id>/matchings/<int:matching_id>/delete/",
        mappings.matching_delete,
        name="matching_delete",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/users/",
        users.user_map,
        name="user_map",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/users/settings/",
        users.user_map_settings,
        name="user_map_settings",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/users/entries/add/",
        users.user_map_entry_add,
        name="user_map_entry_add",
    ),
    path(
        "plans/<int:plan_id>/user-map-entries/<int:entry_id>/",
        users.user_map_entry_save,
        name="user_map_entry_save",
    ),
    path(
        "plans/<int:plan_id>/user-map-entries/<int:entry_id>/delete/",
        users.user_map_entry_delete,
        name="user_map_entry_delete",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/users/accept/",
        users.user_map_accept,
        name="user_map_accept",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/users/import/",
        users.user_map_import,
        name="user_map_import",
    ),
]
urlpatterns += [
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/delete/",
        endpoints.endpoint_delete,
        name="endpoint_delete",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/delete/",
        mappings.connection_delete,
        name="connection_delete",
    ),
]

# Schema import (issue 7).

urlpatterns += [
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/import/",
        imports.schema_import,
        name="schema_import",
    ),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/import/template.csv",
        imports.schema_template,
        name="schema_template",
    ),
]

# The field mapping workspace of a type mapping (connections/field_mappings/views.py).

_tm = "plans/<int:plan_id>/connections/<int:connection_id>/types/<int:type_mapping_id>/"
urlpatterns += [
    path(_tm, workspace.workspace, name="workspace"),
    path(f"{_tm}check/", workspace.pair_check, name="pair_check"),
    path(f"{_tm}fields/new/", workspace.field_mapping_create, name="field_mapping_create"),
    path(
        f"{_tm}fields/<int:mapping_id>/",
        workspace.field_mapping_update,
        name="field_mapping_update",
    ),
    path(
        f"{_tm}fields/<int:mapping_id>/row/", workspace.field_mapping_row, name="field_mapping_row"
    ),
    path(
        f"{_tm}fields/<int:mapping_id>/delete/",
        workspace.field_mapping_delete,
        name="field_mapping_delete",
    ),
    path(f"{_tm}fields/undo/", workspace.field_mapping_undo, name="field_mapping_undo"),
    path(f"{_tm}calculated/", workspace.calculated_value_form, name="calculated_value_form"),
    path(
        f"{_tm}calculated/new/", workspace.calculated_value_create, name="calculated_value_create"
    ),
    path(f"{_tm}suggestions/", workspace.field_suggestions, name="field_suggestions"),
    path(
        f"{_tm}suggestions/accept/",
        workspace.field_suggestions_accept,
        name="field_suggestions_accept",
    ),
]

# The enum pair editor of an enum field mapping (connections/enums/views.py).

_fm = f"{_tm}fields/<int:mapping_id>/values/"
urlpatterns += [
    path(_fm, enums.enum_pairs, name="enum_pairs"),
    path(f"{_fm}pairs/new/", enums.enum_pair_create, name="enum_pair_create"),
    path(f"{_fm}pairs/<int:pair_id>/delete/", enums.enum_pair_delete, name="enum_pair_delete"),
    path(f"{_fm}pairs/undo/", enums.enum_pair_undo, name="enum_pair_undo"),
    path(f"{_fm}pairs/identical/", enums.enum_pair_identical, name="enum_pair_identical"),
    path(f"{_fm}pairs/<int:pair_id>/move/", enums.enum_pair_move, name="enum_pair_move"),
    path(f"{_fm}pairs/<int:pair_id>/default/", enums.enum_pair_default, name="enum_pair_default"),
    path(f"{_fm}catch-all/", enums.enum_catch_all, name="enum_catch_all"),
    path(
        f"{_fm}suggestions/accept/", enums.enum_suggestions_accept, name="enum_suggestions_accept"
    ),
]

# The confirmation pages of destructive deletes (connections/deletes/views.py).
urlpatterns += [
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/delete/confirm/",
        deletes.endpoint_delete_confirm,
        name="endpoint_delete_confirm",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/delete/confirm/",
        deletes.connection_delete_confirm,
        name="connection_delete_confirm",
    ),
    path(
        "plans/<int:plan_id>/types/<int:type_id>/delete/confirm/",
        deletes.item_type_delete_confirm,
        name="item_type_delete_confirm",
    ),
    path(
        "plans/<int:plan_id>/type-mappings/<int:mapping_id>/delete/confirm/",
        deletes.type_mapping_delete_confirm,
        name="type_mapping_delete_confirm",
    ),
]
