"""Connect's facts (facts/connect.py): the master of a connection, projects named in a
scope, the global user map the plan's maps merge into."""

from dataclasses import replace

from facts import connect
from facts.connect import merged_user_map
from planner.document.snapshot import UserMapEntrySnap, UserMapSnap
from tests.planner.validation.builders import change_connection, change_endpoint, clean_plan


def test_the_opentext_product_of_a_pair_is_the_master_whatever_the_plan_says():
    plan = clean_plan()
    alm_jira, jira_octane = plan.connections
    assert connect.master(plan, alm_jira) == "left"  # ALM/QC
    assert connect.master(plan, jira_octane) == "right"  # ALM Octane
    # Without an OpenText product, the one system of record the type mappings name.
    other = change_endpoint(plan, "alm", lambda e: replace(e, product="azure-devops"))
    assert connect.master(other, other.connections[0]) == "left"
    both = change_connection(other, "alm-jira", lambda c: replace(
        c, type_mappings=(c.type_mappings[0], replace(c.type_mappings[1], system_of_record="right"))))  # fmt: skip
    assert connect.master(both, both.connections[0]) == ""


def test_a_project_key_counts_in_a_scope_only_as_a_word_of_its_own():
    keys = ["SHOP", "QA/WEBSHOP", "1001/1002"]
    assert connect._named_projects("Bugs of SHOP.", keys) == {"SHOP"}
    assert connect._named_projects("Defects of QA/WEBSHOP, not SHOP-2", keys) == {"QA/WEBSHOP"}
    assert connect._named_projects("Workspace 1001/1002 and shop", keys) == {"1001/1002"}


def test_the_merged_user_map_flags_one_user_mapped_to_two_counterparts():
    # jira-octane maps Jira's Alice Smith to Octane's alice2 (another pair of endpoints) ...
    plan = change_connection(clean_plan(), "jira-octane", lambda c: replace(
        c, user_map=UserMapSnap(entries=(UserMapEntrySnap("Alice Smith", "alice2"),))))  # fmt: skip
    # ... and alm-jira maps ALM's bob to Jira's Alice Smith besides alice ↔ Alice Smith, bob ↔ Bob Smith.
    plan = change_connection(plan, "alm-jira", lambda c: replace(c, user_map=replace(
        c.user_map, entries=(*c.user_map.entries, UserMapEntrySnap("bob", "Alice Smith")))))  # fmt: skip

    rows = {(r.left_endpoint, r.left, r.right_endpoint, r.right): r for r in merged_user_map(plan)}

    alice = rows[("alm", "alice", "jira", "Alice Smith")]
    bob_alice = rows[("alm", "bob", "jira", "Alice Smith")]
    bob_bob = rows[("alm", "bob", "jira", "Bob Smith")]
    two_for_alice = "Alice Smith (jira) is mapped to 2 users of alm: alice, bob"
    two_for_bob = "bob (alm) is mapped to 2 users of jira: Alice Smith, Bob Smith"
    assert alice.conflicts == [two_for_alice]
    assert bob_alice.conflicts == [two_for_bob, two_for_alice]
    assert bob_bob.conflicts == [two_for_bob]
    # Jira's Alice Smith with Octane's alice2 is another pair of endpoints: no conflict.
    assert rows[("jira", "Alice Smith", "octane", "alice2")].conflicts == []


def test_the_same_entry_in_two_connections_is_one_row_of_the_merged_map():
    same = UserMapSnap(entries=(UserMapEntrySnap("alice", "Alice Smith"),))
    plan = change_connection(clean_plan(), "alm-jira", lambda c: replace(c, user_map=same))
    plan = change_connection(plan, "jira-octane", lambda c: replace(
        c, left="alm", right="jira", type_mappings=(), user_map=same))  # fmt: skip

    [row] = merged_user_map(plan)
    assert row.connections == ["alm-jira", "jira-octane"] and row.conflicts == []
