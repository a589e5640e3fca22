"""The plan document's JSON Schema, generated from the attribute declarations.

``schema.json`` next to this file is the committed copy that docs/plan-document.md points to;
a test keeps it equal to ``generated_schema()``. Regenerate it with
``DEBUG=true python -m planner.document.schema > planner/document/schema.json``.
"""

from __future__ import annotations

import json
import os

if __name__ == "__main__":  # the declarations read the models' modules: set Django up first
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "syncplan.settings")
    django.setup()

from planner.document.attributes import ENTITIES, PLAN, TOP, Child, Entity  # noqa: E402

FORMAT = "syncplan/1"


def _child_schema(child: Child) -> dict:
    ref = {"$ref": f"#/$defs/{child.entity}"}
    if child.many:
        return {"type": "array", "items": ref}
    return {"oneOf": [{"type": "null"}, ref]}


def entity_schema(entity: Entity) -> dict:
    properties = {attr.name: attr.schema for attr in entity.attrs}
    for child in entity.children:
        properties[child.member] = _child_schema(child)
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": [attr.name for attr in entity.attrs if attr.required],
        "properties": properties,
    }
    if entity.description:
        schema["description"] = entity.description
    return schema


def generated_schema() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://syncplan.example/schemas/plan-document/syncplan-1.json",
        "title": "Syncplan plan document",
        "description": (
            "A synchronization plan as portable JSON: names, never database ids; people as "
            "usernames (text); array order is the plan's order. See docs/plan-document.md."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "plan"],
        "properties": {
            "format": {"const": FORMAT},
            "meta": {
                "type": "object",
                "description": "Export metadata; not content, not hashed, ignored on import.",
            },
            "plan": entity_schema(PLAN),
            **{child.member: _child_schema(child) for child in TOP},
        },
        "$defs": {
            name: entity_schema(entity) for name, entity in ENTITIES.items() if entity is not PLAN
        },
    }


def schema_text() -> str:
    return json.dumps(generated_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    import sys  # noqa: I001

    sys.stdout.write(schema_text())
