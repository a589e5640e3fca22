"""The connection wizard's pages."""

from django.urls import path

from planner.wizard import views

urlpatterns = [
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/wizard/",
        views.wizard_start,
        name="wizard_start",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/wizard/summary/",
        views.wizard_summary,
        name="wizard_summary",
    ),
    path(
        "plans/<int:plan_id>/connections/<int:connection_id>/wizard/<slug:step_key>/",
        views.wizard_step,
        name="wizard_step",
    ),
]
