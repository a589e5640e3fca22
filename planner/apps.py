from django.apps import AppConfig

# Each job kind of the plan domain and the function that runs it.
RUNNERS = {
    "validate": "planner.validation.job.run_validation_job",
    "export_xlsx": "planner.exports.job.run_export_job",
    "export_csv": "planner.exports.job.run_export_job",
    "export_json": "planner.exports.job.run_export_job",
    "selfcheck": "planner.system.selfcheck.run_selfcheck_job",
    "clone": "planner.plans.clone.run_clone_job",
    "import_document": "planner.document.import_job.run_import_job",
    "rehearse": "planner.rehearsal.services.run_rehearsal_job",
}


class PlannerConfig(AppConfig):
    name = "planner"
    verbose_name = "Plans"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The kernel knows no feature: the plan domain says what its jobs run and what a change
        # to a plan's content does besides the revision bump and the audit event, and it answers for
        # the findings other apps' pages show.
        from core import changes, findings, jobs
        from planner import effects
        from planner.validation import pages

        for kind, runner in RUNNERS.items():
            jobs.register_runner(kind, runner)
        # A split rehearsal waits for its parts: the reaper must not take it for lost.
        from planner.rehearsal.services import waiting_parts

        jobs.register_waiting_parts(waiting_parts)
        changes.on_change(effects.void_review)
        changes.on_change(effects.validate_live)
        # What connections' pages show of the findings (counts, open findings, live partial).
        findings.register(pages)
