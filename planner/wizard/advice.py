"""The wizard's live advice: the validator's findings for the step at hand.

The validator owns the rules (USE-*, TYP-*); until its engine is merged these small functions
compute the same findings from the facts the wizard already has, so the team sees them while
answering. Each piece of advice carries the rule code, so it reads the same as the finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SYNC_EVERYTHING_SHARE = 0.6  # USE-003: more than 60 % of a type's non-system fields


@dataclass(frozen=True)
class Advice:
    code: str
    severity: str  # error | warning | info
    message: str


@dataclass
class Facts:
    """What the advice needs about one connection (current state, or the unsaved form)."""

    left_name: str = "left"
    right_name: str = "right"
    # type mapping label -> direction / system of record
    directions: dict[str, str] = field(default_factory=dict)
    systems_of_record: dict[str, str] = field(default_factory=dict)
    # type mapping label -> (mapped share of the left type's fields, of the right type's)
    field_shares: dict[str, tuple[float, float]] = field(default_factory=dict)
    left_type_count: int = 0
    right_type_count: int = 0
    mapped_left_types: int = 0
    mapped_right_types: int = 0
    items_exist_in_both: bool | None = None
    matching_count: int = 0


def governance(facts: Facts) -> list[Advice]:
    both = sorted(label for label, d in facts.directions.items() if d == "both")
    if len(both) >= 2:
        return [
            Advice(
                "TYP-002",
                "warning",
                f"{len(both)} types are created in both directions ({', '.join(both)}). "
                "Bi-directional creation of items for many types is often an indication of a "
                "process or governance problem that needs to be addressed.",
            )
        ]
    if both:
        return [
            Advice(
                "TYP-001",
                "info",
                f"{both[0]} is created in both directions. Bi-directional creation is rarely "
                "needed; bi-directional updates of certain fields (Status, Author, Comment) are "
                "the common case.",
            )
        ]
    return []


def sync_everything(facts: Facts) -> list[Advice]:
    advice = []
    every_type = (
        facts.left_type_count > 2
        and facts.right_type_count > 2
        and facts.mapped_left_types >= facts.left_type_count
        and facts.mapped_right_types >= facts.right_type_count
    )
    if every_type:
        advice.append(
            Advice(
                "USE-003",
                "warning",
                f"The connection maps every type of {facts.left_name} and {facts.right_name}. "
                "Avoid synchronizing all fields and types: start with a basic use case and "
                "expand it as needed.",
            )
        )
    for label, (left_share, right_share) in sorted(facts.field_shares.items()):
        share = max(left_share, right_share)
        if share > SYNC_EVERYTHING_SHARE:
            advice.append(
                Advice(
                    "USE-003",
                    "warning",
                    f"{label} maps {share:.0%} of its type's fields. Avoid synchronizing all "
                    "fields and types: synchronize the most relevant information only.",
                )
            )
    return advice


def systems_of_record(facts: Facts) -> list[Advice]:
    missing = sorted(label for label, sor in facts.systems_of_record.items() if not sor)
    if not missing:
        return []
    return [
        Advice(
            "USE-002",
            "warning",
            f"No system of record declared for {', '.join(missing)}: say which product records "
            "and stores each type.",
        )
    ]


def duplicates(facts: Facts) -> list[Advice]:
    if facts.items_exist_in_both and not facts.matching_count:
        return [
            Advice(
                "USE-004",
                "error",
                "Items already exist in both products but the connection has no existing-item "
                "matching: every existing item will be created again, and duplicates will be "
                "created. Say which fields identify the same item on both sides, and validate "
                "the configuration in a test environment first.",
            )
        ]
    if facts.matching_count:
        return [
            Advice(
                "USE-005",
                "info",
                "Existing-item matching is configured: validate the configuration in a test "
                "environment first.",
            )
        ]
    return []


BY_STEP = {
    "product-roles": (systems_of_record,),
    "information-to-share": (sync_everything,),
    "data-subsets": (sync_everything,),
    "direction": (governance,),
    "existing-items": (duplicates,),
}


def advice_for(step_key: str, facts: Facts) -> list[Advice]:
    return [item for rule in BY_STEP.get(step_key, ()) for item in rule(facts)]
