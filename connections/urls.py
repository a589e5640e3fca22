"""The connections app's pages, one urls.py per feature (docs/architecture.md, "Module shape"),
all in the ``connections`` namespace ("connections:workspace"); the project's URLconf
(syncplan/urls.py) includes them."""

from django.urls import include, path

# Each feature's urls.py; their names join the connections namespace.
FEATURES = [
    "endpoints",
    "imports",
    "setup",
    "field_mappings",
    "enums",
    "users",
    "deletes",
]

app_name = "connections"
urlpatterns = [path("", include(f"connections.{feature}.urls")) for feature in FEATURES]
