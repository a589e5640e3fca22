"""Checking a plan document against schema.json, fast.

A compiled validator (jsonschema-rs: Draft 2020-12, with the schema's formats checked) decides.
It checks an enterprise-size document (13 MB) in well under a second, where the pure-Python
jsonschema took about 7 s. Only a document it has already rejected is explained by jsonschema,
whose messages (JSON pointer first) are the ones the importer has always shown.
"""

from __future__ import annotations

from functools import cache

from planner.document.load.check import _validator as explaining_validator
from planner.document.load.check import document_schema, pointer


@cache
def compiled_validator():
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(document_schema(), validate_formats=True)


def schema_errors(doc) -> list[tuple[tuple, str]]:
    """Every place ``doc`` breaks the schema as (path parts, what is wrong); empty when it
    conforms."""
    compiled = compiled_validator()
    try:
        if compiled.is_valid(doc):
            return []
    except (ValueError, OverflowError):
        pass  # a value the compiled validator cannot take (e.g. a huge integer): explain it
    errors = sorted(
        (_deepest(e) for e in explaining_validator().iter_errors(doc)),
        key=lambda e: list(map(str, e.absolute_path)),
    )
    if errors:
        return [(tuple(e.absolute_path), e.message) for e in errors]
    # The two validators disagree (they should not): the compiled one's own words.
    return [(tuple(e.instance_path), e.message) for e in compiled.iter_errors(doc)]


def schema_problems(doc) -> list[str]:
    """The same as "<JSON pointer>: <what is wrong>" lines."""
    return [f"{pointer(*parts)}: {message}" for parts, message in schema_errors(doc)]


def _deepest(error):
    """An error under "oneOf" (a sync server or null) is told where it really is: at the deepest
    error inside it, not as "the whole sync server is not valid"."""
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error
