"""The connection of two endpoints of a plan (connection setup): the connection, its project
pairs and type mappings, and per type mapping its relationship rules and existing-item
matching."""

from django.db import models
from django.db.models import F, Q

from core.models import Editable
from facts.connect import ConflictPolicy  # noqa: F401 (connections.models exports it)
from facts.direction import flows as direction_flows

from .endpoints import Field, ItemType, Project


class Direction(models.TextChoices):
    L2R = "l2r", "Left → right"
    R2L = "r2l", "Right → left"
    BOTH = "both", "Both ways"


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"


# (flows left→right, flows right→left) of a direction value: a plan fact.
flows = direction_flows


class Connection(Editable):
    """Pairs two endpoints of a plan; the sync tool's "connection"."""

    plan = models.ForeignKey("planner.Plan", on_delete=models.CASCADE, related_name="connections")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200, blank=True)
    # RESTRICT: an endpoint in use cannot be deleted on its own, but deleting the whole plan
    # (which deletes its connections too) is allowed.
    left = models.ForeignKey(
        "connections.Endpoint", on_delete=models.RESTRICT, related_name="left_connections"
    )
    right = models.ForeignKey(
        "connections.Endpoint", on_delete=models.RESTRICT, related_name="right_connections"
    )
    conflict_policy = models.CharField(max_length=16, choices=ConflictPolicy.choices, blank=True)
    items_exist_in_both = models.BooleanField(
        null=True,
        blank=True,
        help_text="Use-case answer: items already exist in both products (another tool, double entry).",
    )

    class Meta:
        ordering = ["plan", "key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="connection_key_unique_in_plan"),
            models.CheckConstraint(condition=~Q(left=F("right")), name="connection_two_endpoints"),
            models.CheckConstraint(
                condition=Q(conflict_policy__in=["", *ConflictPolicy.values]),
                name="connection_conflict_policy_valid",
            ),
        ]

    def __str__(self):
        return self.name or self.key


class ProjectPair(Editable):
    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="project_pairs"
    )
    left_project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    right_project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["connection", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "left_project", "right_project"], name="projectpair_unique"
            )
        ]


class TypeMapping(Editable):
    """Which left type syncs with which right type, and which side creates items."""

    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="type_mappings"
    )
    left_type = models.ForeignKey(ItemType, on_delete=models.CASCADE, related_name="+")
    right_type = models.ForeignKey(ItemType, on_delete=models.CASCADE, related_name="+")
    direction = models.CharField(max_length=4, choices=Direction.choices, default=Direction.L2R)
    # The side that owns (records and stores) the type. Stored here and only here.
    system_of_record = models.CharField(max_length=5, choices=Side.choices, blank=True)
    scope = models.TextField(
        blank=True, help_text="Filter / sync criteria saying which items of the type take part."
    )
    conflict_policy = models.CharField(max_length=16, choices=ConflictPolicy.choices, blank=True)
    # Use-case answers per type (the wizard writes them).
    creators = models.TextField(blank=True, help_text="Which users create items of this type.")
    other_side_may_update = models.BooleanField(
        null=True,
        blank=True,
        help_text="May users of the product that is not the system of record update this type's "
        "information and sync it back?",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["connection", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "left_type", "right_type"], name="typemapping_unique_pair"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="typemapping_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(system_of_record__in=["", *Side.values]),
                name="typemapping_system_of_record_valid",
            ),
            models.CheckConstraint(
                condition=Q(conflict_policy__in=["", *ConflictPolicy.values]),
                name="typemapping_conflict_policy_valid",
            ),
        ]

    def __str__(self):
        return f"{self.left_type.key}->{self.right_type.key}"


class RelationshipResolution(models.TextChoices):
    LOOKUP = "lookup", "Look up the related item"
    FIXED = "fixed", "A fixed item"
    BY_DATES = "by_dates", "The item whose dates contain this item's dates"
    CALCULATED = "calculated", "Calculated from other fields"


class RelationshipRule(Editable):
    """How a relationship field (or a field constrained by the data model) of the receiving side
    is set, e.g. which Octane release a Jira sprint goes to and how its dates are set."""

    type_mapping = models.ForeignKey(
        TypeMapping, on_delete=models.CASCADE, related_name="relationship_rules"
    )
    field = models.ForeignKey(Field, on_delete=models.CASCADE, related_name="+")
    target_type = models.ForeignKey(
        ItemType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolution = models.CharField(max_length=12, choices=RelationshipResolution.choices)
    rule = models.TextField(help_text="The rule in words or as an expression.")

    class Meta:
        ordering = ["type_mapping", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["type_mapping", "field"], name="relationshiprule_unique"
            ),
            models.CheckConstraint(
                condition=Q(resolution__in=RelationshipResolution.values),
                name="relationshiprule_resolution_valid",
            ),
        ]


class ExistingItemMatching(Editable):
    """Items already exist on both sides: this pair of fields identifies the same item."""

    type_mapping = models.ForeignKey(
        TypeMapping, on_delete=models.CASCADE, related_name="existing_item_matchings"
    )
    left_field = models.ForeignKey(Field, on_delete=models.CASCADE, related_name="+")
    right_field = models.ForeignKey(Field, on_delete=models.CASCADE, related_name="+")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["type_mapping", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["type_mapping", "left_field", "right_field"],
                name="existingitemmatching_unique",
            )
        ]
