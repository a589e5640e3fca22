from django.apps import AppConfig


class ConnectionsConfig(AppConfig):
    name = "connections"
    verbose_name = "Endpoints and mappings"
    default_auto_field = "django.db.models.BigAutoField"
