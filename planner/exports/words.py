"""Words for people in place of stored codes, for every sheet of the worksheet (and so the CSV
zip and the print view): a product, a data type, a calculated value's kind, a relationship
rule's resolution, by their labels, never the code alone.

The labels themselves live with their choices (connections.models, facts.datatypes, the
product catalog); this module only looks them up.
"""

from __future__ import annotations

import functools
import json

from connections.catalog.loader import CATALOG_DIR
from connections.models import CalculatedValueKind, RelationshipResolution
from facts.datatypes import DataType

OPERATING_SYSTEMS = {"linux": "Linux", "windows": "Windows"}


@functools.cache
def product_name(key: str) -> str:
    """The catalog's name of a product ("" for a product the catalog does not hold)."""
    path = CATALOG_DIR / f"{key}.json"
    if not key or not key.replace("-", "").isalnum() or not path.is_file():
        return ""
    return json.loads(path.read_text(encoding="utf-8")).get("name", "")


def product_words(key: str) -> str:
    """``ALM Octane (alm-octane)``; a custom product says so."""
    if not key:
        return "custom product"
    name = product_name(key)
    return f"{name} ({key})" if name else key


def _label(choices, code: str) -> str:
    return choices(code).label if code in choices.values else code


def data_type_words(code: str) -> str:
    """``Rich text / HTML``: a data type as the data-type page names it."""
    return _label(DataType, code) if code else ""


def calculated_kind_words(code: str) -> str:
    return _label(CalculatedValueKind, code).lower()


def resolution_words(code: str) -> str:
    return _label(RelationshipResolution, code) if code else ""
