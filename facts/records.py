"""The value records the plan facts read, shared by the snapshot and the pages.

An enum value and a directory user are leaves of the plan snapshot
(``planner/document/snapshot.py`` holds them in ``FieldSnap.values`` and ``EndpointSnap.users``)
that the page read models (the field workspace, the connection picture) also build from rows,
to ask the facts (``facts/enums.py``, ``facts/users.py``, ``facts/coverage.py``) the same
questions the rules ask. They live here, below both, as pure frozen dataclasses.

Their attributes are the document attributes declared for the ``enum_value`` and
``endpoint_user`` entities in ``planner/document/attributes.py`` (same names, same defaults);
``tests/planner/document/test_attributes.py`` holds them to it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EnumValueSnap:
    label: str
    position: int = 0
    active: bool = True
    removed: bool = False


@dataclass(frozen=True)
class UserSnap:
    username: str
    full_name: str = ""
    email: str = ""
    account_id: str = ""
    active: bool = True
