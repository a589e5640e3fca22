from django.apps import AppConfig


class PlannerConfig(AppConfig):
    name = "planner"
    verbose_name = "Plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete

        from planner.pending_uploads import delete_files_of

        post_delete.connect(delete_files_of, sender="planner.PendingUpload")
