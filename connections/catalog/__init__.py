"""The product catalog: one JSON data file per product, and the loader (loader.py)."""
