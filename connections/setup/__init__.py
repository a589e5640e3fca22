"""Connection setup: pair two endpoints, then the connection's settings, project pairs, type
mappings (direction, system of record, scope), relationship rules and existing-item
matching; the connection page and its picture.

views.py, urls.py, forms.py, services.py (new connection, the connection of a plan),
picture.py (the picture's read model, pure geometry); models in connections/models/setup.py."""
