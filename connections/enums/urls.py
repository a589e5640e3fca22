"""The enum pair editor of an enum field mapping. Included by connections/urls.py into the
"connections" namespace."""

from django.urls import path

from connections.enums import views

# The field mapping workspace's prefix (connections/field_mappings/urls.py), then the field.
_tm = "plans/<int:plan_id>/connections/<int:connection_id>/types/<int:type_mapping_id>/"
_fm = f"{_tm}fields/<int:mapping_id>/values/"

urlpatterns = [
    path(_fm, views.enum_pairs, name="enum_pairs"),
    path(f"{_fm}pairs/new/", views.enum_pair_create, name="enum_pair_create"),
    path(f"{_fm}pairs/<int:pair_id>/delete/", views.enum_pair_delete, name="enum_pair_delete"),
    path(f"{_fm}pairs/undo/", views.enum_pair_undo, name="enum_pair_undo"),
    path(f"{_fm}pairs/identical/", views.enum_pair_identical, name="enum_pair_identical"),
    path(f"{_fm}pairs/<int:pair_id>/move/", views.enum_pair_move, name="enum_pair_move"),
    path(f"{_fm}pairs/<int:pair_id>/default/", views.enum_pair_default, name="enum_pair_default"),
    path(f"{_fm}catch-all/", views.enum_catch_all, name="enum_catch_all"),
    path(
        f"{_fm}suggestions/accept/", views.enum_suggestions_accept, name="enum_suggestions_accept"
    ),
]
