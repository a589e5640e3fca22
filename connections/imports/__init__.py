"""Schema import: upload a product's REST responses or a CSV, preview what changes, apply it
to an endpoint (the merge keeps what the import does not know).

views.py (the page, the CSV template), urls.py, services.py (preview and apply), bulk.py
(batched writes); the parsers are connections/importers/."""
