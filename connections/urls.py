from django.urls import path

from connections.views import pages

app_name = "connections"

urlpatterns = [
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/",
        pages.endpoint_detail,
        name="endpoint_detail",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/",
        pages.connection_detail,
        name="connection_detail",
    ),
]

# The field mapping workspace of a type mapping (connections/views/workspace.py).
from connections.views import workspace  # noqa: E402

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

# The enum pair editor of an enum field mapping (connections/views/enums.py).
from connections.views import enums  # noqa: E402

_fm = f"{_tm}fields/<int:mapping_id>/values/"
urlpatterns += [
    path(_fm, enums.enum_pairs, name="enum_pairs"),
    path(f"{_fm}pairs/new/", enums.enum_pair_create, name="enum_pair_create"),
    path(f"{_fm}pairs/<int:pair_id>/delete/", enums.enum_pair_delete, name="enum_pair_delete"),
    path(f"{_fm}pairs/<int:pair_id>/move/", enums.enum_pair_move, name="enum_pair_move"),
    path(f"{_fm}pairs/<int:pair_id>/default/", enums.enum_pair_default, name="enum_pair_default"),
    path(f"{_fm}catch-all/", enums.enum_catch_all, name="enum_catch_all"),
    path(
        f"{_fm}suggestions/accept/", enums.enum_suggestions_accept, name="enum_suggestions_accept"
    ),
]
