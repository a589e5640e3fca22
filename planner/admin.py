from django.contrib import admin

from planner import models

for model in (
    models.SyncServer,
    models.Plan,
    models.Membership,
    models.UseCaseAnswer,
    models.OperationsItem,
    models.ExpiryNotification,
    models.Finding,
    models.Acknowledgement,
    models.PlanVersion,
    models.SignOffRole,
    models.Approval,
    models.CommentThread,
    models.Comment,
    models.Invitation,
    models.OutboxEmail,
):
    admin.site.register(model)
