"""The plan document: each entity's attributes declared once (attributes.py), the snapshot,
the JSON document (dump, schema, hash, diff) and its reader (load/); the pages that import,
export and print a plan."""
