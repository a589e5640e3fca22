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
