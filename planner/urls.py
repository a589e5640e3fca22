from django.urls import path

from planner.document import views as document_views
from planner.job_pages import views as jobs
from planner.operations import views as operations
from planner.plans import views as plans
from planner.rehearsal import views as rehearsal
from planner.review import urls as review_urls
from planner.system import views as system
from planner.validation import views as findings
from planner.validation import views as live
from planner.wizard import views as wizard

plan_patterns = (
    [
        path("", plans.dashboard, name="dashboard"),
        path("plans/new/", plans.plan_create, name="plan_create"),
        path("plans/<int:plan_id>/", plans.plan_detail, name="plan_detail"),
        path("plans/<int:plan_id>/rename/", plans.plan_rename, name="plan_rename"),
        path("plans/<int:plan_id>/archive/", plans.plan_archive, name="plan_archive"),
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
        path(
            "plans/<int:plan_id>/findings/acknowledge-many/",
            findings.acknowledge_findings,
            name="acknowledge_findings",
        ),
        path("plans/<int:plan_id>/validate/", findings.validate_plan, name="validate_plan"),
        path(
            "plans/<int:plan_id>/findings/live/",
            live.live_findings_partial,
            name="live_findings",
        ),
        path(
            "plans/<int:plan_id>/connections/<int:connection_id>/wizard/",
            wizard.wizard_start,
            name="wizard_start",
        ),
        path(
            "plans/<int:plan_id>/connections/<int:connection_id>/wizard/summary/",
            wizard.wizard_summary,
            name="wizard_summary",
        ),
        path(
            "plans/<int:plan_id>/connections/<int:connection_id>/wizard/<slug:step_key>/",
            wizard.wizard_step,
            name="wizard_step",
        ),
        path("plans/<int:plan_id>/operations/", operations.operations, name="operations"),
        path(
            "plans/<int:plan_id>/operations/server/choose/",
            operations.choose_server,
            name="operations_choose_server",
        ),
        path(
            "plans/<int:plan_id>/operations/server/share/",
            operations.share_server,
            name="operations_share_server",
        ),
        path(
            "plans/<int:plan_id>/operations/server/share/withdraw/",
            operations.withdraw_share,
            name="operations_withdraw_share",
        ),
        path(
            "plans/<int:plan_id>/operations/server/",
            operations.edit_server,
            name="operations_edit_server",
        ),
        path(
            "plans/<int:plan_id>/operations/endpoints/<int:endpoint_id>/",
            operations.edit_endpoint,
            name="operations_edit_endpoint",
        ),
        path(
            "plans/<int:plan_id>/operations/items/new/<slug:kind>/",
            operations.add_item,
            name="operations_add_item",
        ),
        path(
            "plans/<int:plan_id>/operations/items/<int:item_id>/",
            operations.edit_item,
            name="operations_edit_item",
        ),
        path(
            "plans/<int:plan_id>/operations/items/<int:item_id>/delete/",
            operations.delete_item,
            name="operations_delete_item",
        ),
        path(
            "plans/<int:plan_id>/operations/expiry.ics",
            operations.expiry_calendar,
            name="operations_calendar",
        ),
        *review_urls.urlpatterns,
        path("system/", system.system, name="system"),
        path("system/selfcheck/", system.selfcheck_start, name="selfcheck_start"),
        path("system/selfcheck/<int:job_id>/", system.selfcheck_status, name="selfcheck_status"),
        path(
            "system/selfcheck/<int:job_id>/download/",
            system.selfcheck_download,
            name="selfcheck_download",
        ),
        path("plans/import/", document_views.plan_import, name="plan_import"),
        path(
            "plans/import/<int:job_id>/",
            document_views.plan_import_status,
            name="plan_import_status",
        ),
        path("plans/<int:plan_id>/export/", document_views.export_start, name="plan_export"),
        path("plans/<int:plan_id>/print/", document_views.plan_print, name="plan_print"),
        path("plans/<int:plan_id>/rehearsal/", rehearsal.rehearsal, name="rehearsal"),
        path(
            "plans/<int:plan_id>/rehearsal/samples/",
            rehearsal.sample_set_upload,
            name="sample_set_upload",
        ),
        path(
            "plans/<int:plan_id>/rehearsal/run/", rehearsal.rehearsal_start, name="rehearsal_start"
        ),
        path(
            "plans/<int:plan_id>/rehearsal/items/",
            rehearsal.rehearsal_items,
            name="rehearsal_items",
        ),
        path(
            "plans/<int:plan_id>/rehearsal/item/", rehearsal.rehearsal_item, name="rehearsal_item"
        ),
        path("plans/<int:plan_id>/clone/", document_views.plan_clone, name="plan_clone"),
    ],
    "planner",
)

# The plan domain's pages; the project's URLconf (syncplan/urls.py) includes them.
urlpatterns, app_name = plan_patterns
