"""Canonical bytes and the content hash of a plan document.

The same plan always gives the same bytes: keys sorted, arrays in the document's own order (the
order is content), UTF-8, no insignificant whitespace. The content hash covers the plan's
content only (see docs/architecture: no review data, timestamps or ids; acknowledgements are
content). ``plan_document`` writes content only; keys listed in NON_CONTENT_KEYS are dropped
before hashing so a caller may attach export metadata to a document without changing its hash.
"""

from __future__ import annotations

import hashlib
import json

# Top-level keys that never count as content (export metadata, review data).
NON_CONTENT_KEYS = frozenset({"meta", "review"})


def canonical_json(doc: dict) -> bytes:
    return json.dumps(
        doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def content_of(doc: dict) -> dict:
    return {key: value for key, value in doc.items() if key not in NON_CONTENT_KEYS}


def content_sha256(doc: dict) -> str:
    return hashlib.sha256(canonical_json(content_of(doc))).hexdigest()
