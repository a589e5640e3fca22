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

# Schema import (issue 7).
from connections.views import imports  # noqa: E402

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
