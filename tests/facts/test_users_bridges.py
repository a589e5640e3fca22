"""Bridging two user representations (facts/users.py ``bridges``): the one answer
USR-001 and the worksheet's Users sheet ("no user map: needed ...") give."""

from facts.users import bridges
from planner.document.snapshot import (
    ConnectionSnap,
    EndpointSnap,
    UserMapEntrySnap,
    UserMapSnap,
    UserSnap,
)

ALM = EndpointSnap("alm", "ALM/QC", "alm-qc", user_representation="username",
                   users=(UserSnap("gbear", "Gary Bear", "gary@example.com"),))  # fmt: skip
JIRA = EndpointSnap("jira", "Jira", "jira-cloud", user_representation="full_name",
                    users=(UserSnap("gary", "Gary Bear", ""),))  # fmt: skip


def _connection(user_map=None):
    return ConnectionSnap("alm-jira", "alm", "jira", user_map=user_map)


def test_the_same_representation_needs_no_map():
    assert bridges(_connection(), ALM, ALM) == (True, "the same representation")


def test_different_representations_without_a_map_are_not_bridged():
    assert bridges(_connection(), ALM, JIRA) == (False, "")


def test_an_explicit_map_bridges_only_with_entries():
    empty = UserMapSnap("explicit")
    full = UserMapSnap("explicit", entries=(UserMapEntrySnap("gbear", "Gary Bear"),))

    assert bridges(_connection(empty), ALM, JIRA)[0] is False
    assert bridges(_connection(full), ALM, JIRA) == (True, "the explicit user map")


def test_a_strategy_bridges_when_both_directories_carry_its_identity():
    by_name = UserMapSnap("by_name")
    by_email = UserMapSnap("by_email")

    # Both directories carry full names; Jira's carries no email.
    assert bridges(_connection(by_name), ALM, JIRA) == (True, "matching by name")
    assert bridges(_connection(by_email), ALM, JIRA) == (False, "matching by email")
