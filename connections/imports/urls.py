"""The schema import page of an endpoint and its CSV template. Included by connections/urls.py into
the "connections" namespace."""

from django.urls import path

from connections.imports import views

urlpatterns = [
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/import/",
        views.schema_import,
        name="schema_import",
    ),
    path(
        "plans/<int:plan_id>/endpoints/<int:endpoint_id>/import/template.csv",
        views.schema_template,
        name="schema_template",
    ),
]
