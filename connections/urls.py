from django.urls import path

from connections import views

app_name = "connections"

urlpatterns = [
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/",
        views.endpoint_detail,
        name="endpoint_detail",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/",
        views.connection_detail,
        name="connection_detail",
    ),
]
