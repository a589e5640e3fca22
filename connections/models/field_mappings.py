"""A type mapping's field mappings (the field mapping workspace): a left field paired with a
right field, or a calculated value on one side."""

from django.db import models
from django.db.models import Q

from core.models import Editable
from facts.connect import ConflictPolicy

from .endpoints import EnumValue, Field
from .setup import Direction, TypeMapping


class FieldMapping(Editable):
    """A left field paired with a right field, or a calculated value on one side (the other side
    empty)."""

    type_mapping = models.ForeignKey(
        TypeMapping, on_delete=models.CASCADE, related_name="field_mappings"
    )
    left_field = models.ForeignKey(
        Field, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    right_field = models.ForeignKey(
        Field, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Blank: inherits the type mapping's direction.
    direction = models.CharField(max_length=4, choices=Direction.choices, blank=True)
    conflict_policy = models.CharField(max_length=16, choices=ConflictPolicy.choices, blank=True)
    on_creation_only = models.BooleanField(default=False)
    # Values of the other side with no pair land on this value of this side.
    left_catch_all = models.ForeignKey(
        EnumValue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    right_catch_all = models.ForeignKey(
        EnumValue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["type_mapping", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_field__isnull=False) | Q(right_field__isnull=False),
                name="fieldmapping_has_a_field",
            ),
            models.CheckConstraint(
                condition=Q(direction__in=["", *Direction.values]),
                name="fieldmapping_direction_valid",
            ),
            models.CheckConstraint(
                condition=Q(conflict_policy__in=["", *ConflictPolicy.values]),
                name="fieldmapping_conflict_policy_valid",
            ),
        ]

    def __str__(self):
        left = self.left_field.key if self.left_field_id else ""
        right = self.right_field.key if self.right_field_id else ""
        return f"{left}->{right}"

    @property
    def is_calculated(self) -> bool:
        return self.left_field_id is None or self.right_field_id is None


class CalculatedValueKind(models.TextChoices):
    CONSTANT = "constant", "Constant"
    EXPRESSION = "expression", "Expression"
    LOOKUP = "lookup", "Relationship lookup"


class CalculatedValue(Editable):
    """What a calculated value sets a field to on creation (or update) when no field of the other
    side corresponds. Regular fields take a constant or expression; relationship fields a lookup."""

    field_mapping = models.OneToOneField(
        FieldMapping, on_delete=models.CASCADE, related_name="calculated_value"
    )
    kind = models.CharField(max_length=12, choices=CalculatedValueKind.choices)
    condition = models.TextField(blank=True, help_text="When it applies (blank: always).")
    value = models.TextField(help_text="The constant, the expression, or the lookup rule.")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CalculatedValueKind.values), name="calculatedvalue_kind_valid"
            )
        ]
