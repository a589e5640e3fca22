"""The project's URLconf: each app's pages, sign-in, the health check, the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from planner.auth import OutboxPasswordResetForm
from planner.system import views as health

urlpatterns = [
    path("", include("planner.urls")),
    path("", include("connections.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Forgot password: the same one-time set-password link invitations carry, by email.
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
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

# Renders without the database, so an outage gets its own short page (503), not a bare 500.
handler500 = "planner.system.errors.server_error"
