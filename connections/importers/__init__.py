"""Schema importers: product REST responses → the neutral schema (``schema.ImportedSchema``)."""

from .detect import FORMAT_CHOICES, FORMATS, parse_documents
from .documents import ImportDocument
from .schema import ImportedSchema, SchemaImportError

__all__ = [
    "FORMATS",
    "FORMAT_CHOICES",
    "ImportDocument",
    "ImportedSchema",
    "SchemaImportError",
    "parse_documents",
]
