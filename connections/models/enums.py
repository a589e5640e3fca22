"""The value pairs of an enum field mapping (the enum pair editor)."""

from django.db import models

from core.models import Editable

from .endpoints import EnumValue
from .field_mappings import FieldMapping


class EnumPair(Editable):
    """A left value paired with a right value of an enum field mapping. Among several pairs of
    one value, the last one in the list is the default (shown bold)."""

    field_mapping = models.ForeignKey(
        FieldMapping, on_delete=models.CASCADE, related_name="enum_pairs"
    )
    left_value = models.ForeignKey(EnumValue, on_delete=models.CASCADE, related_name="+")
    right_value = models.ForeignKey(EnumValue, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["field_mapping", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["field_mapping", "left_value", "right_value"], name="enumpair_unique"
            )
        ]
