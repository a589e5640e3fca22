from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from planner.views import health, jobs, plans, system

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
        path("system/", system.system, name="system"),
        path("system/selfcheck/", system.selfcheck_start, name="selfcheck_start"),
        path("system/selfcheck/<int:job_id>/", system.selfcheck_status, name="selfcheck_status"),
        path(
            "system/selfcheck/<int:job_id>/download/",
            system.selfcheck_download,
            name="selfcheck_download",
        ),
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
