"""The field mapping workspace of a type mapping: rows, calculated values, suggestions, undo.
Included by connections/urls.py into the "connections" namespace."""

from django.urls import path

from connections.field_mappings import views

# A type mapping's URLs; the enum editor's (connections/enums/urls.py) start the same way.
_tm = "plans/<int:plan_id>/connections/<int:connection_id>/types/<int:type_mapping_id>/"

urlpatterns = [
    path(_tm, views.workspace, name="workspace"),
    path(f"{_tm}check/", views.pair_check, name="pair_check"),
    path(f"{_tm}fields/new/", views.field_mapping_create, name="field_mapping_create"),
    path(
        f"{_tm}fields/<int:mapping_id>/",
        views.field_mapping_update,
        name="field_mapping_update",
    ),
    path(f"{_tm}fields/<int:mapping_id>/row/", views.field_mapping_row, name="field_mapping_row"),
    path(
        f"{_tm}fields/<int:mapping_id>/delete/",
        views.field_mapping_delete,
        name="field_mapping_delete",
    ),
    path(f"{_tm}fields/undo/", views.field_mapping_undo, name="field_mapping_undo"),
    path(f"{_tm}calculated/", views.calculated_value_form, name="calculated_value_form"),
    path(f"{_tm}calculated/new/", views.calculated_value_create, name="calculated_value_create"),
    path(f"{_tm}suggestions/", views.field_suggestions, name="field_suggestions"),
    path(
        f"{_tm}suggestions/accept/",
        views.field_suggestions_accept,
        name="field_suggestions_accept",
    ),
]
