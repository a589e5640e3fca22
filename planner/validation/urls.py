"""The findings pages: the list, acknowledgements, Validate, the live partial."""

from django.urls import path

from planner.validation import views

urlpatterns = [
    path("plans/<int:plan_id>/findings/", views.findings, name="findings"),
    path(
        "plans/<int:plan_id>/findings/acknowledge/",
        views.acknowledge_finding,
        name="acknowledge_finding",
    ),
    path(
        "plans/<int:plan_id>/findings/acknowledge-many/",
        views.acknowledge_findings,
        name="acknowledge_findings",
    ),
    path("plans/<int:plan_id>/validate/", views.validate_plan, name="validate_plan"),
    path("plans/<int:plan_id>/findings/live/", views.live_findings_partial, name="live_findings"),
]
