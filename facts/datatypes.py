"""The data-type vocabulary and the compatibility matrix, defined once.

Every field in Syncplan (catalog, importers, the UI, the validator) carries one of these data
types. A reference to a value list is an enum, to users a user field, to an item type a
relationship ("Data types of references" in the rule catalog).

The compatibility matrix is data: one row per *source* type (the side values flow from), one
column per *target* type. It decides FLD-001 (incompatible) and FLD-002 (fragile) for every pair
and each direction; docs/data-types.md renders it as a table (``python manage.py
datatypes_table`` regenerates it).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import EnumType, StrEnum, nonmember


class _LabelledType(EnumType):
    """What a model field and a form need of a vocabulary (``choices``, ``values``, ``labels``,
    as Django's TextChoices gives them) without importing Django: facts/ stays pure."""

    @property
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]

    @property
    def values(cls) -> list[str]:
        return [member.value for member in cls]

    @property
    def labels(cls) -> list[str]:
        return [member.label for member in cls]


class Labelled(StrEnum, metaclass=_LabelledType):
    """A string enum whose members carry a label: ``NAME = "value", "Label"``."""

    do_not_call_in_templates = nonmember(True)

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class DataType(Labelled):
    STRING = "string", "String"
    TEXT = "text", "Text / memo"
    RICH_TEXT = "rich_text", "Rich text / HTML"
    INTEGER = "integer", "Integer"
    FLOAT = "float", "Float / decimal"
    BOOLEAN = "boolean", "Boolean"
    DATE = "date", "Date"
    DATETIME = "datetime", "Date/time"
    ENUM = "enum", "Single-select enum"
    MULTI_ENUM = "multi_enum", "Multi-select enum"
    USER = "user", "User"
    MULTI_USER = "multi_user", "Multi-user"
    RELATIONSHIP = "relationship", "Relationship"
    MULTI_RELATIONSHIP = "multi_relationship", "Multi-relationship"
    TREE_PATH = "tree_path", "Tree path"
    COMMENTS = "comments", "Comments"
    ATTACHMENT = "attachment", "Attachment"
    ADDON = "addon", "Custom add-on type"


ENUM_TYPES = frozenset({DataType.ENUM, DataType.MULTI_ENUM})
USER_TYPES = frozenset({DataType.USER, DataType.MULTI_USER})
RELATIONSHIP_TYPES = frozenset({DataType.RELATIONSHIP, DataType.MULTI_RELATIONSHIP})
MULTI_VALUED_TYPES = frozenset(
    {DataType.MULTI_ENUM, DataType.MULTI_USER, DataType.MULTI_RELATIONSHIP, DataType.ATTACHMENT}
)


class Compat(StrEnum):
    OK = "ok"
    FRAGILE = "fragile"  # FLD-002: works, with a named risk
    INCOMPATIBLE = "incompatible"  # FLD-001: the product refuses the value
    AS_TEXT = "as_text"  # REL-004: a relationship carried as its display text


# Column/row codes of the grid below, in DataType order.
_CODES = [
    "str",
    "txt",
    "rch",
    "int",
    "flt",
    "bol",
    "dat",
    "dtm",
    "enm",
    "men",
    "usr",
    "mus",
    "rel",
    "mrl",
    "tre",
    "com",
    "att",
    "add",
]

# Row = source, column = target.  = ok   ~ fragile   x incompatible   t relationship as text
_GRID = """
      str txt rch int flt bol dat dtm enm men usr mus rel mrl tre com att add
str    =   =   ~   x   x   x   ~   ~   x   x   x   x   x   x   x   x   x   =
txt    ~   =   ~   x   x   x   x   x   x   x   x   x   x   x   x   x   x   =
rch    ~   ~   =   x   x   x   x   x   x   x   x   x   x   x   x   x   x   =
int    =   =   =   =   =   x   x   x   x   x   x   x   x   x   x   x   x   =
flt    =   =   =   ~   =   x   x   x   x   x   x   x   x   x   x   x   x   =
bol    =   =   =   x   x   =   x   x   ~   x   x   x   x   x   x   x   x   =
dat    =   =   =   x   x   x   =   ~   x   x   x   x   x   x   x   x   x   =
dtm    =   =   =   x   x   x   ~   =   x   x   x   x   x   x   x   x   x   =
enm    =   =   =   x   x   x   x   x   =   =   x   x   x   x   x   x   x   =
men    ~   =   =   x   x   x   x   x   =   =   x   x   x   x   x   x   x   =
usr    =   =   =   x   x   x   x   x   x   x   =   =   x   x   x   x   x   =
mus    ~   =   =   x   x   x   x   x   x   x   ~   =   x   x   x   x   x   =
rel    t   t   t   x   x   x   x   x   x   x   x   x   =   =   x   x   x   =
mrl    t   t   t   x   x   x   x   x   x   x   x   x   ~   =   x   x   x   =
tre    =   =   =   x   x   x   x   x   x   x   x   x   x   x   =   x   x   =
com    x   ~   ~   x   x   x   x   x   x   x   x   x   x   x   x   =   x   =
att    x   x   x   x   x   x   x   x   x   x   x   x   x   x   x   x   =   =
add    =   =   =   =   =   =   =   =   =   =   =   =   =   =   =   =   =   =
"""
# Add-on types are judged by FLD-004 (custom storage, needs experimentation), so the matrix
# does not also call them fragile: one finding per cause. Single ↔ multi-select enums are
# likewise left to ENM-004.

_SYMBOLS = {"=": Compat.OK, "~": Compat.FRAGILE, "x": Compat.INCOMPATIBLE, "t": Compat.AS_TEXT}

# Why a fragile pair is fragile: the concrete risk FLD-002 names.
_FRAGILE_REASONS: dict[tuple[str, str], str] = {
    (
        "str",
        "rch",
    ): "plain text becomes rich text: line breaks and markup characters may render differently",
    (
        "str",
        "dat",
    ): "a string that looks like a date is not treated as a date; values that do not parse are rejected",
    (
        "str",
        "dtm",
    ): "a string that looks like a date/time is not treated as one; values that do not parse are rejected",
    ("txt", "str"): "long text into a short string may be truncated",
    ("txt", "rch"): "plain text becomes rich text: line breaks may be lost",
    ("rch", "str"): "rich text into a short string loses formatting and may be truncated",
    ("rch", "txt"): "rich text into plain text loses formatting (HTML tags stripped or shown)",
    ("flt", "int"): "decimals into an integer lose precision (values are rounded or rejected)",
    ("bol", "enm"): "a boolean into a value list needs exactly two values meaning yes and no",
    ("dat", "dtm"): "a date becomes a date/time: the time part and the time zone are invented",
    (
        "dtm",
        "dat",
    ): "a date/time becomes a date: the time part is dropped and the day may shift with the time zone",
    ("men", "str"): "several values are joined into one string; the string may be truncated",
    ("mus", "str"): "several users are joined into one string; the string may be truncated",
    ("mus", "usr"): "several users into a single-user field: only one survives",
    ("mrl", "rel"): "several linked items into a single link: only one survives",
    ("com", "txt"): "a comment thread is flattened into one text; authors and dates become text",
    (
        "com",
        "rch",
    ): "a comment thread is flattened into one rich text; authors and dates become text",
}

_TYPE_BY_CODE = dict(zip(_CODES, DataType.values, strict=True))
_CODE_BY_TYPE = {v: k for k, v in _TYPE_BY_CODE.items()}


def _parse_grid() -> dict[tuple[str, str], Compat]:
    lines = [line.split() for line in _GRID.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert header == list(_CODES), "grid header must list every data type in order"
    matrix = {}
    for row in rows:
        source, cells = row[0], row[1:]
        assert len(cells) == len(_CODES), f"grid row {source} has {len(cells)} cells"
        for target, symbol in zip(_CODES, cells, strict=True):
            matrix[(_TYPE_BY_CODE[source], _TYPE_BY_CODE[target])] = _SYMBOLS[symbol]
    assert len(matrix) == len(_CODES) ** 2, "grid must cover every pair"
    return matrix


MATRIX: dict[tuple[str, str], Compat] = _parse_grid()


@dataclass(frozen=True)
class Compatibility:
    level: Compat
    reason: str = ""


def compatibility(source: str, target: str) -> Compatibility:
    """How well values of data type ``source`` can be written into a field of type ``target``."""
    level = MATRIX[(source, target)]
    reason = ""
    if level is Compat.FRAGILE:
        reason = _FRAGILE_REASONS[(_CODE_BY_TYPE[source], _CODE_BY_TYPE[target])]
    elif level is Compat.INCOMPATIBLE:
        reason = (
            f"the product refuses {DataType(source).label} values in a "
            f"{DataType(target).label} field"
        )
    elif level is Compat.AS_TEXT:
        reason = f"the linked item is carried only as its display text into a {DataType(target).label} field"
    return Compatibility(level, reason)


_LEVEL_RANK = {Compat.OK: 0, Compat.AS_TEXT: 1, Compat.FRAGILE: 2, Compat.INCOMPATIBLE: 3}


def pair_compatibility(left: str, right: str, flows_l2r: bool, flows_r2l: bool) -> Compatibility:
    """The worst compatibility over the directions a mapping flows in."""
    results = []
    if flows_l2r:
        results.append(compatibility(left, right))
    if flows_r2l:
        results.append(compatibility(right, left))
    if not results:
        return Compatibility(Compat.OK)
    return max(results, key=lambda c: _LEVEL_RANK[c.level])


def _check_reasons() -> None:
    for (source, target), level in MATRIX.items():
        if level is Compat.FRAGILE:
            assert (_CODE_BY_TYPE[source], _CODE_BY_TYPE[target]) in _FRAGILE_REASONS, (
                f"fragile pair {source}->{target} needs a reason"
            )


_check_reasons()


def matrix_markdown() -> str:
    """The matrix as a Markdown table (rows: source, columns: target)."""
    symbols = {v: k for k, v in _SYMBOLS.items()}
    head = "| from \\ to | " + " | ".join(_CODES) + " |"
    sep = "|---" * (len(_CODES) + 1) + "|"
    rows = [
        f"| **{code}** ({DataType(_TYPE_BY_CODE[code]).label}) | "
        + " | ".join(symbols[MATRIX[(_TYPE_BY_CODE[code], _TYPE_BY_CODE[t])]] for t in _CODES)
        + " |"
        for code in _CODES
    ]
    return "\n".join([head, sep, *rows])
