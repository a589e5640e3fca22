"""The kernel every app needs: access and the role table, optimistic concurrency and
``Editable``, the write boundary, audit, jobs, upload limits. It imports no feature: the plan
model is named by the PLAN_MODEL setting, and the features register their job runners and what a
content change does to a plan (docs/architecture.md, Layering)."""
