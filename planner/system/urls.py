"""The operators' page and the worker self-check (staff only). /healthz is the project's
(syncplan/urls.py), outside the namespace."""

from django.urls import path

from planner.system import views

urlpatterns = [
    path("system/", views.system, name="system"),
    path("system/selfcheck/", views.selfcheck_start, name="selfcheck_start"),
    path("system/selfcheck/<int:job_id>/", views.selfcheck_status, name="selfcheck_status"),
    path(
        "system/selfcheck/<int:job_id>/download/",
        views.selfcheck_download,
        name="selfcheck_download",
    ),
]
