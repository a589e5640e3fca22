"""System: the operators' page (staff only), the worker self-check job, the health answer
(/healthz) and the server-error handler (a 503 page while the database is away)."""
