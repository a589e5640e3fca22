"""The plan domain's pages, one urls.py per feature (docs/architecture.md, "Module shape"),
all in the ``planner`` namespace; the project's URLconf (syncplan/urls.py) includes them."""

from django.urls import include, path

# Each feature's urls.py; their names join the planner namespace ("planner:findings").
FEATURES = [
    "plans",
    "job_pages",
    "validation",
    "wizard",
    "operations",
    "review",
    "system",
    "document",
    "rehearsal",
]

app_name = "planner"
urlpatterns = [path("", include(f"planner.{feature}.urls")) for feature in FEATURES]
