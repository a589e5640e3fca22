"""Job pages: a plan's job while it runs (polled by htmx; a reload link without JavaScript)
and its finished file. The jobs themselves are the kernel's (core/jobs.py)."""
