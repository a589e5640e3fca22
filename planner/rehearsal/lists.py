"""The pair list and the user map of a rehearsal as CSV, written from its result (plain data).

One home for both files: ``rehearse_plan --pairs-csv/--user-map-csv`` writes them from the
result it computes, the rehearsal page offers them from the stored result of the last rehearsal
(``planner/rehearsal/views.py``), so the two give the same bytes for the same rehearsal. Every
cell goes through the exports' cell guard (``planner/exports/cells.py``): item keys, user names
and emails come from exported files, and a text starting with ``=`` must stay inert. UTF-8
with a byte-order mark and CRLF lines, as the worksheet's CSV zip, so spreadsheet programs read
accents. Pure Python.

- **Pair list**, per type mapping and matching rule: one row per pair, per ambiguous item (one
  to many: the left item and its right candidates; many to one: the right item and its left
  candidates), per item without counterpart (a first run would create it on the other side)
  and per item without a value to match. The rows of each kind are exactly the counts the page
  and the command give.
- **User map**, per connection and side whose items name users: one row per user seen,
  heaviest first (items touched), how it resolves (``facts.users`` outcome and counterpart),
  and the other users landing on the same counterpart (a collision).
"""

from __future__ import annotations

import csv
import io

from planner.exports.cells import safe_value

PAIR_LIST_COLUMNS = (
    "connection",
    "type_mapping",
    "left_field",
    "right_field",
    "match",
    "left_item",
    "right_item",
)
USER_MAP_COLUMNS = (
    "connection",
    "side",
    "user",
    "username",
    "email",
    "items",
    "outcome",
    "counterpart",
    "collides_with",
)
# Candidates of an ambiguous match, in one cell.
JOIN = "; "

# What each stored pairing entry needs, and the identity entries: a result stored before the
# downloads existed lacks them (``ListsMissing``).
_PAIRING_KEYS = ("pair_items", "no_value_left_items", "no_value_right_items")


class ListsMissing(Exception):
    """The result was stored before the pair list and the user map were kept with it."""


def _write(columns, rows) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_value(value) for value in row])
    return out.getvalue()


def pairings(result: dict, connection: str | None = None, type_mapping: str | None = None):
    """The result's pairing entries, those of one type mapping when named."""
    entries = result.get("pairing", [])
    if any(key not in p for p in entries for key in _PAIRING_KEYS):
        raise ListsMissing("this rehearsal was stored before its pair list was kept")
    if type_mapping is not None:
        entries = [
            p
            for p in entries
            if p["type_mapping"] == type_mapping and p["connection"] == connection
        ]
    return entries


def pair_list_rows(pairing: dict):
    """The rows of one pairing entry (without the connection, type mapping and rule)."""
    for left, right in pairing["pair_items"]:
        yield "pair", left, right
    for left, rights in pairing["one_to_many_items"].items():
        yield "one to many", left, JOIN.join(rights)
    for right, lefts in pairing["many_to_one_items"].items():
        yield "many to one", JOIN.join(lefts), right
    for left in pairing["unmatched_left_items"]:
        yield "left item without counterpart", left, ""
    for right in pairing["unmatched_right_items"]:
        yield "right item without counterpart", "", right
    for left in pairing["no_value_left_items"]:
        yield "left item without a value to match", left, ""
    for right in pairing["no_value_right_items"]:
        yield "right item without a value to match", "", right


def pair_list_csv(
    result: dict, connection: str | None = None, type_mapping: str | None = None
) -> str:
    """The pair list of every type mapping of ``result``, or of one."""
    return _write(
        PAIR_LIST_COLUMNS,
        (
            (p["connection"], p["type_mapping"], *p["rule"], *row)
            for p in pairings(result, connection, type_mapping)
            for row in pair_list_rows(p)
        ),
    )


def user_map_rows(report: dict):
    """The rows of one identity entry: each user seen, heaviest first."""
    if "users" not in report:
        raise ListsMissing("this rehearsal was stored before its user map was kept")
    collisions = report["collisions"]
    for u in report["users"]:
        landing = collisions.get(u["counterpart"], ())
        others = [o for o in landing if o != u["user"]] if u["user"] in landing else []
        yield (
            report["connection"],
            report["source"],
            u["user"],
            u["username"],
            u["email"],
            u["items"],
            u["outcome"],
            u["counterpart"],
            JOIN.join(others),
        )


def user_map_csv(result: dict) -> str:
    """The user map of every connection and side of ``result``."""
    rows = [row for report in result.get("identity", []) for row in user_map_rows(report)]
    return _write(USER_MAP_COLUMNS, rows)
