from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from planner.review import urls as review_urls
from planner.views import findings, health, jobs, plans

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
        path("plans/<int:plan_id>/findings/", findings.findings, name="findings"),
        path(
            "plans/<int:plan_id>/findings/acknowledge/",
            findings.acknowledge_finding,
            name="acknowledge_finding",
        ),
        path("plans/<int:plan_id>/validate/", findings.validate_plan, name="validate_plan"),
        *review_urls.urlpatterns,
    ],
    "planner",
)

urlpatterns = [
    path("", include(plan_patterns)),
    path("", include("connections.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The one-time set-password link sent to invited people (Django's password-reset machinery).
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
