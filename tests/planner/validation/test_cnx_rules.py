"""CNX: plan choices Connect cannot express. Each rule is raised by one change to the clean plan
(and by nothing else), and a close variant Connect can express raises nothing."""

from dataclasses import replace

from planner.document.snapshot import ProjectSnap
from planner.validation.engine import validate

from .builders import (
    TODAY,
    change_connection,
    change_endpoint,
    change_field_mapping,
    change_type_mapping,
    clean_plan,
)

S1 = "connections/alm-jira"
S2 = "connections/jira-octane"
DEF = f"{S1}/types/defect->defect"
SPRINT = f"{S2}/types/sprint->sprint"


def _new(snapshot):
    """The findings ``snapshot`` raises that the clean plan does not."""
    base = {(f.code, f.subject) for f in validate(clean_plan(), today=TODAY)}
    return {(f.code, f.subject) for f in validate(snapshot, today=TODAY)} - base


def _cnx(snapshot):
    return {found for found in _new(snapshot) if found[0].startswith("CNX")}


def _finding(snapshot, code):
    [found] = [f for f in validate(snapshot, today=TODAY) if f.code == code]
    return found


# CNX-001 ------------------------------------------------------------------------------------


def test_a_latest_change_policy_is_cnx_001_connect_resolves_as_master_wins():
    plan = change_connection(
        clean_plan(), "alm-jira", lambda c: replace(c, conflict_policy="latest_wins")
    )

    assert _new(plan) == {("CNX-001", S1)}
    found = _finding(plan, "CNX-001")
    assert '"latest change wins"' in found.message and "the master, ALM, wins" in found.message


def test_a_field_policy_naming_the_target_is_cnx_001_on_that_field_mapping():
    # jira-octane's master is Octane (right): "left wins" on one field lets Jira win.
    plan = change_field_mapping(clean_plan(), "jira-octane", "sprint->sprint", "name->name",
                                conflict_policy="left_wins")  # fmt: skip

    assert _new(plan) == {("CNX-001", f"{SPRINT}/fields/name->name")}


def test_a_policy_naming_the_master_is_master_wins_and_no_cnx_001():
    plan = change_field_mapping(clean_plan(), "jira-octane", "sprint->sprint", "name->name",
                                conflict_policy="right_wins")  # fmt: skip

    assert _cnx(plan) == set()


# CNX-002 ------------------------------------------------------------------------------------


def _without_opentext(plan):
    """alm-jira between two products none of which is an OpenText one."""
    return change_endpoint(plan, "alm", lambda e: replace(e, product="azure-devops"))


def test_type_mappings_naming_both_sides_leave_connect_without_a_master_cnx_002():
    plan = change_type_mapping(_without_opentext(clean_plan()), "alm-jira", "release->release",
                               lambda tm: replace(tm, system_of_record="right"))  # fmt: skip

    assert _cnx(plan) == {("CNX-002", S1)}
    assert "name both ALM and Jira" in _finding(plan, "CNX-002").message


def test_one_system_of_record_for_every_type_mapping_is_the_master_and_no_cnx_002():
    assert _cnx(_without_opentext(clean_plan())) == set()


def test_no_system_of_record_at_all_is_cnx_002():
    plan = change_connection(
        _without_opentext(clean_plan()),
        "alm-jira",
        lambda c: replace(
            c, type_mappings=tuple(replace(tm, system_of_record="") for tm in c.type_mappings)
        ),
    )

    assert ("CNX-002", S1) in _new(plan)
    assert "no type mapping names a system of record" in _finding(plan, "CNX-002").message


# CNX-003 ------------------------------------------------------------------------------------


def test_jira_as_master_of_a_jira_octane_pair_is_cnx_003():
    plan = change_type_mapping(clean_plan(), "jira-octane", "sprint->sprint",
                               lambda tm: replace(tm, system_of_record="left"))  # fmt: skip

    assert _new(plan) == {("CNX-003", SPRINT)}
    assert "Connect makes Octane" in _finding(plan, "CNX-003").message


def test_between_two_opentext_products_either_may_be_the_master():
    plan = change_endpoint(clean_plan(), "jira", lambda e: replace(e, product="alm-qc"))
    # Jira's sprints alone in the connection, Jira their system of record.
    plan = change_connection(plan, "jira-octane", lambda c: replace(
        c, type_mappings=(replace(c.type_mappings[0], system_of_record="left"),)))  # fmt: skip

    assert _cnx(plan) == set()


# CNX-004 ------------------------------------------------------------------------------------


def _with_alm_project(plan, key):
    return change_endpoint(
        plan, "alm", lambda e: replace(e, projects=(*e.projects, ProjectSnap(key, key)))
    )


def test_a_type_mapping_scoped_to_other_projects_beside_common_ones_is_cnx_004():
    plan = _with_alm_project(clean_plan(), "LEGACY")
    plan = change_type_mapping(plan, "alm-jira", "defect->defect",
                               lambda tm: replace(tm, scope="Defects of LEGACY only"))  # fmt: skip

    assert _new(plan) == {("CNX-004", S1)}
    assert "defect->defect (LEGACY)" in _finding(plan, "CNX-004").message


def test_a_scope_naming_the_common_projects_is_no_cnx_004():
    plan = _with_alm_project(clean_plan(), "LEGACY")
    plan = change_type_mapping(plan, "alm-jira", "defect->defect",
                               lambda tm: replace(tm, scope="Defects of MAIN, not LEGACY-2"))  # fmt: skip

    assert _cnx(plan) == set()


# CNX-005 ------------------------------------------------------------------------------------


def _alm_projects(plan, *keys):
    """ALM's projects replaced by ``keys``, each paired with Jira's MAIN in alm-jira."""
    plan = change_endpoint(
        plan, "alm", lambda e: replace(e, projects=tuple(ProjectSnap(k, k) for k in keys))
    )
    return change_connection(
        plan, "alm-jira", lambda c: replace(c, project_pairs=tuple((k, "MAIN") for k in keys))
    )


def test_projects_of_two_alm_domains_in_one_connection_are_cnx_005():
    # Connect's ALM/QC data source holds one domain: QA and LEGACY need one each.
    plan = _alm_projects(clean_plan(), "QA/WEBSHOP", "LEGACY/SHOP")

    assert _new(plan) == {("CNX-005", S1)}
    found = _finding(plan, "CNX-005")
    assert found.severity == "error"
    assert "ALM: domain QA (QA/WEBSHOP), domain LEGACY (LEGACY/SHOP)" in found.message


def test_projects_of_one_alm_domain_in_one_connection_are_no_cnx_005():
    # One data source holds the domain's projects: "a single connection with multiple projects".
    plan = _alm_projects(clean_plan(), "QA/WEBSHOP", "QA/MOBILE")

    assert _cnx(plan) == set()


def test_two_jira_projects_in_one_connection_are_no_cnx_005():
    # Jira's data source is the whole server: one connection may pair several of its projects.
    plan = change_endpoint(clean_plan(), "jira", lambda e: replace(
        e, projects=(*e.projects, ProjectSnap("OTHER", "Other"))))  # fmt: skip
    plan = change_connection(plan, "alm-jira", lambda c: replace(
        c, project_pairs=(("MAIN", "MAIN"), ("MAIN", "OTHER"))))  # fmt: skip

    assert _cnx(plan) == set()


def test_workspaces_of_two_octane_shared_spaces_in_one_connection_are_cnx_005():
    plan = change_endpoint(clean_plan(), "octane", lambda e: replace(
        e, projects=(ProjectSnap("1001/1002"), ProjectSnap("2001/2002"))))  # fmt: skip
    plan = change_connection(plan, "jira-octane", lambda c: replace(
        c, project_pairs=(("MAIN", "1001/1002"), ("MAIN", "2001/2002"))))  # fmt: skip

    assert _new(plan) == {("CNX-005", S2)}
    assert (
        "shared space 1001 (1001/1002), shared space 2001 (2001/2002)"
        in _finding(plan, "CNX-005").message
    )


def test_two_connections_sharing_one_project_of_an_endpoint_is_no_cnx_005():
    # Jira's MAIN in alm-jira and in jira-octane: two connections may share a data source.
    plan = change_connection(clean_plan(), "jira-octane",
                             lambda c: replace(c, project_pairs=(("MAIN", "MAIN"),)))  # fmt: skip

    assert _cnx(plan) == set()


def test_every_cnx_rule_is_documented_with_the_connect_help_page_it_relies_on():
    from pathlib import Path

    from planner.validation.rules import cnx

    docs = (Path(__file__).resolve().parents[3] / "docs" / "validator.md").read_text()
    codes = [rule.__doc__.split(":")[0] for rule in cnx.RULES]
    assert codes == ["CNX-001", "CNX-002", "CNX-003", "CNX-004", "CNX-005"]
    for code in codes:
        [line] = [x for x in docs.splitlines() if x.startswith(f"| {code} |")]
        assert "Connect help: " in line, code
