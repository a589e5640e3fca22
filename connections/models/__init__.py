from .endpoints import (
    AuthMethod,
    Endpoint,
    EndpointUser,
    EnumValue,
    Field,
    ItemType,
    NetworkPath,
    Project,
)
from .enums import EnumPair
from .field_mappings import CalculatedValue, CalculatedValueKind, FieldMapping
from .product import Product, UserRepresentation
from .setup import (
    ConflictPolicy,
    Connection,
    Direction,
    ExistingItemMatching,
    ProjectPair,
    RelationshipResolution,
    RelationshipRule,
    Side,
    TypeMapping,
    flows,
)
from .users import UserMap, UserMapEntry, UserMatchStrategy

__all__ = [
    "AuthMethod",
    "CalculatedValue",
    "CalculatedValueKind",
    "ConflictPolicy",
    "Connection",
    "Direction",
    "Endpoint",
    "EndpointUser",
    "EnumPair",
    "EnumValue",
    "ExistingItemMatching",
    "Field",
    "FieldMapping",
    "ItemType",
    "NetworkPath",
    "Product",
    "Project",
    "ProjectPair",
    "RelationshipResolution",
    "RelationshipRule",
    "Side",
    "TypeMapping",
    "UserMap",
    "UserMapEntry",
    "UserMatchStrategy",
    "UserRepresentation",
    "flows",
]
