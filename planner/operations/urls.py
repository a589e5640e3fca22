"""The operations register's pages."""

from django.urls import path

from planner.operations import views

urlpatterns = [
    path("plans/<int:plan_id>/operations/", views.operations, name="operations"),
    path(
        "plans/<int:plan_id>/operations/server/choose/",
        views.choose_server,
        name="operations_choose_server",
    ),
    path(
        "plans/<int:plan_id>/operations/server/share/",
        views.share_server,
        name="operations_share_server",
    ),
    path(
        "plans/<int:plan_id>/operations/server/share/withdraw/",
        views.withdraw_share,
        name="operations_withdraw_share",
    ),
    path(
        "plans/<int:plan_id>/operations/server/", views.edit_server, name="operations_edit_server"
    ),
    path(
        "plans/<int:plan_id>/operations/endpoints/<int:endpoint_id>/",
        views.edit_endpoint,
        name="operations_edit_endpoint",
    ),
    path(
        "plans/<int:plan_id>/operations/items/new/<slug:kind>/",
        views.add_item,
        name="operations_add_item",
    ),
    path(
        "plans/<int:plan_id>/operations/items/<int:item_id>/",
        views.edit_item,
        name="operations_edit_item",
    ),
    path(
        "plans/<int:plan_id>/operations/items/<int:item_id>/delete/",
        views.delete_item,
        name="operations_delete_item",
    ),
    path(
        "plans/<int:plan_id>/operations/expiry.ics",
        views.expiry_calendar,
        name="operations_calendar",
    ),
]
