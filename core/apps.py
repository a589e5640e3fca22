from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    label = "core"
    verbose_name = "Kernel"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete

        from core.pending_uploads import delete_files_of

        post_delete.connect(delete_files_of, sender="core.PendingUpload")
