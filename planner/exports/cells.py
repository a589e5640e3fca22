"""Making a value safe to put into a spreadsheet cell or a CSV field.

A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula
by spreadsheet programs (CSV/formula injection). Plan content is typed by many people and
imported from products' APIs, so every cell of every export goes through this module. A CSV
field has no type, so ``safe_value`` gives such a text a leading apostrophe, which keeps it
visible and makes it inert. An XLSX cell has one: ``plain_value`` keeps the text as typed and
the workbook writer stores it with the string type, so it is inert without a visible apostrophe
(ServiceNow's ``-- None --`` reads as itself). Control characters that XML cannot hold are
dropped so one odd label cannot break the workbook.
"""

from __future__ import annotations

import re
from datetime import date, time

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralize(text: str) -> str:
    """``text``, inert as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def plain_value(value):
    """The value as a typed cell holds it: texts without XML-illegal characters, booleans as
    yes/no, dates as ISO text, numbers unchanged; None and empty text as None (an empty cell)."""
    if type(value) is str:  # the common case first: exports are mostly text
        if _ILLEGAL_XML.search(value):
            value = _ILLEGAL_XML.sub("", value)
        return value or None
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, date | time):
        return value.isoformat()
    return plain_value(str(value))


def safe_value(value):
    """The value as an untyped (CSV) field holds it: ``plain_value``, texts neutralized."""
    value = plain_value(value)
    if type(value) is str and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
