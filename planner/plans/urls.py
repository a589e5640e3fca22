"""The plans' pages (names in the ``planner`` namespace, included by planner/urls.py)."""

from django.urls import path

from planner.plans import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:plan_id>/rename/", views.plan_rename, name="plan_rename"),
    path("plans/<int:plan_id>/archive/", views.plan_archive, name="plan_archive"),
    path("plans/<int:plan_id>/clone/", views.plan_clone, name="plan_clone"),
]
