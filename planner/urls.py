from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from planner.views import documents as document_views
from planner.views import health, jobs, plans

plan_patterns = (
    [
        path("", plans.dashboard, name="dashboard"),
        path("plans/new/", plans.plan_create, name="plan_create"),
        path("plans/<int:plan_id>/", plans.plan_detail, name="plan_detail"),
        path("plans/<int:plan_id>/jobs/<int:job_id>/", jobs.job_status, name="job_status"),
        path(
            "plans/<int:plan_id>/jobs/<int:job_id>/download/",
            jobs.job_download,
            name="job_download",
        ),
        path("plans/import/", document_views.plan_import, name="plan_import"),
        path("plans/<int:plan_id>/export/", document_views.export_start, name="plan_export"),
        path("plans/<int:plan_id>/print/", document_views.plan_print, name="plan_print"),
        path("plans/<int:plan_id>/clone/", document_views.plan_clone, name="plan_clone"),
    ],
    "planner",
)

urlpatterns = [
    path("", include(plan_patterns)),
    path("", include("connections.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
