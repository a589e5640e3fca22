"""The confirmation pages of destructive deletes. Included by connections/urls.py into the
"connections" namespace."""

from django.urls import path

from connections.deletes import views

urlpatterns = [
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/delete/confirm/",
        views.endpoint_delete_confirm,
        name="endpoint_delete_confirm",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/delete/confirm/",
        views.connection_delete_confirm,
        name="connection_delete_confirm",
    ),
    path(
        "plans/<int:plan_id>/types/<int:type_id>/delete/confirm/",
        views.item_type_delete_confirm,
        name="item_type_delete_confirm",
    ),
    path(
        "plans/<int:plan_id>/type-mappings/<int:mapping_id>/delete/confirm/",
        views.type_mapping_delete_confirm,
        name="type_mapping_delete_confirm",
    ),
]
