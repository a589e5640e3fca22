"""The documents' pages: import a plan document, export, the print view."""

from django.urls import path

from planner.document import views

urlpatterns = [
    path("plans/import/", views.plan_import, name="plan_import"),
    path("plans/import/<int:job_id>/", views.plan_import_status, name="plan_import_status"),
    path("plans/<int:plan_id>/export/", views.export_start, name="plan_export"),
    path("plans/<int:plan_id>/print/", views.plan_print, name="plan_print"),
]
