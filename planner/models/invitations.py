from django.conf import settings
from django.db import models
from django.db.models import Q

from core.access import Role

from .plans import Plan


class Invitation(models.Model):
    """An offer of a role on a plan to an account, pending until that person accepts it on their
    dashboard (then it becomes a Membership) or declines it. Nobody joins a plan unasked."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_invitations"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    # What the inviter typed (a username or an email): the team page shows this, so inviting
    # by email never reveals the account's username.
    invited_as = models.CharField(max_length=254)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="invitation_one_per_user"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_valid"),
        ]

    def __str__(self):
        return f"{self.invited_as} invited as {self.role} of {self.plan}"
