from django.contrib import admin

from core.models import AuditEvent, Job

for model in (AuditEvent, Job):
    admin.site.register(model)
