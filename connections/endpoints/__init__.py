"""Endpoints: add one from the product catalog, then its behaviours, projects, item types,
fields, ordered enum values and user directory, each row saving on its own; the data-type
matrix FLD-001's fix points at.

views.py (pages), urls.py, forms.py (row forms), services.py (the catalog profile, CSV users);
models in connections/models/endpoints.py and connections/models/product.py."""
