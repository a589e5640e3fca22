"""The validator: the rule catalog (docs: /design/rules.md) over an immutable plan snapshot.

``engine.validate(snapshot)`` is pure Python (no ORM); ``services.run_validation(plan)`` builds
the snapshot, runs the engine and stores Finding rows; ``job.run_validation_job`` runs it as a
job; ``views`` are the findings pages and the live partial.
"""
