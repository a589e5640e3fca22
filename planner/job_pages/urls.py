"""A plan's job pages: progress and the finished job's file."""

from django.urls import path

from planner.job_pages import views

urlpatterns = [
    path("plans/<int:plan_id>/jobs/<int:job_id>/", views.job_status, name="job_status"),
    path(
        "plans/<int:plan_id>/jobs/<int:job_id>/download/", views.job_download, name="job_download"
    ),
]
