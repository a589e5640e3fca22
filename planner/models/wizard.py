from django.conf import settings
from django.db import models

from core.models import Editable


class UseCaseAnswer(Editable):
    """The team's answer to one use-case question of a connection (the wizard's steps).

    Structured facts that drive the plan (system of record, direction, who may update, whether
    items already exist) live on the type mappings and the connection themselves; ``text`` holds
    the open answer and ``data`` any structured detail the question collects.
    """

    connection = models.ForeignKey(
        "connections.Connection", on_delete=models.CASCADE, related_name="use_case_answers"
    )
    question = models.SlugField(max_length=60)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["connection", "question"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "question"], name="usecaseanswer_one_per_question"
            )
        ]

    def __str__(self):
        return f"{self.connection.key}: {self.question}"
