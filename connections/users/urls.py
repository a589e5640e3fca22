"""The user map of a connection: settings, entries, suggestions, CSV import. Included by
connections/urls.py into the "connections" namespace."""

from django.urls import path

from connections.users import views

urlpatterns = [
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/users/",
        views.user_map,
        name="user_map",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/users/settings/",
        views.user_map_settings,
        name="user_map_settings",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/users/entries/add/",
        views.user_map_entry_add,
        name="user_map_entry_add",
    ),
    path(
        "plans/<int:plan_id>/user-map-entries/<int:entry_id>/",
        views.user_map_entry_save,
        name="user_map_entry_save",
    ),
    path(
        "plans/<int:plan_id>/user-map-entries/<int:entry_id>/delete/",
        views.user_map_entry_delete,
        name="user_map_entry_delete",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/users/accept/",
        views.user_map_accept,
        name="user_map_accept",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/users/import/",
        views.user_map_import,
        name="user_map_import",
    ),
]
