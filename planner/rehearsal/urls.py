"""The rehearsal's pages: sample sets, the Rehearse job, the result, items."""

from django.urls import path

from planner.rehearsal import views

urlpatterns = [
    path("plans/<int:plan_id>/rehearsal/", views.rehearsal, name="rehearsal"),
    path(
        "plans/<int:plan_id>/rehearsal/samples/", views.sample_set_upload, name="sample_set_upload"
    ),
    path("plans/<int:plan_id>/rehearsal/run/", views.rehearsal_start, name="rehearsal_start"),
    path("plans/<int:plan_id>/rehearsal/items/", views.rehearsal_items, name="rehearsal_items"),
    path("plans/<int:plan_id>/rehearsal/item/", views.rehearsal_item, name="rehearsal_item"),
    path(
        "plans/<int:plan_id>/rehearsal/pair-list.csv",
        views.rehearsal_pair_list,
        name="rehearsal_pair_list",
    ),
    path(
        "plans/<int:plan_id>/rehearsal/user-map.csv",
        views.rehearsal_user_map,
        name="rehearsal_user_map",
    ),
]
