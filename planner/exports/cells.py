"""Making a value safe to put into a spreadsheet cell or a CSV field.

A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula
by spreadsheet programs (CSV/formula injection). Plan content is typed by many people and
imported from products' APIs, so every text cell of every export goes through ``safe_value``:
such a text gets a leading apostrophe, which keeps it visible and makes it inert. Control
characters that XML cannot hold are dropped so one odd label cannot break the workbook.
"""

from __future__ import annotations

import re
from datetime import date, time

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralize(text: str) -> str:
    """``text``, inert as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def safe_value(value):
    """The value as a cell holds it: texts neutralized, booleans as yes/no, dates as ISO text,
    numbers unchanged; None and empty text as None (an empty cell)."""
    if type(value) is str:  # the common case first: exports are mostly text
        if _ILLEGAL_XML.search(value):
            value = _ILLEGAL_XML.sub("", value)
        if not value:
            return None
        return "'" + value if value.startswith(FORMULA_PREFIXES) else value
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, date | time):
        return value.isoformat()
    return safe_value(str(value))
