"""The field mapping workspace of a type mapping: one row per field mapping, calculated values,
suggestions, required-field coverage, undo.

views.py, urls.py, services.py (the writes), workspace.py (the page's read model),
coverage.py (coverage bars), suggest.py (field and value suggestions); models in
connections/models/field_mappings.py."""
