"""The user map of a connection: match strategy, explicit entries, the resolution preview,
suggestions and CSV import.

views.py, urls.py, forms.py, services.py; models in connections/models/users.py."""
