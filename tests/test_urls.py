"""Every URL pattern of the project, for every kind of visitor (the role table of
core/access.py): anonymous users are sent to login, outsiders get 404, members see pages.

A new view is covered automatically; a new URL argument must be added to ``_url_arguments``.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.access import ROLE_TABLE
from core.models import Job
from planner.models import (
    CommentThread,
    Invitation,
    OperationsItem,
    PlanVersion,
    SignOffRole,
    SyncServer,
)
from tests.boundary import watching_content_writes
from tests.factories import (
    ConnectionFactory,
    EndpointUserFactory,
    EnumValueFactory,
    ExistingItemMatchingFactory,
    FieldMappingFactory,
    MembershipFactory,
    ProjectFactory,
    ProjectPairFactory,
    RelationshipRuleFactory,
    UserFactory,
    UserMapEntryFactory,
)

PUBLIC = {
    "login",
    "healthz",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
SKIPPED_NAMESPACES = {"admin"}


def _patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


ALL = sorted(dict(_patterns()).items())


@pytest.fixture
def world(db):
    mapping = FieldMappingFactory()
    connection = mapping.type_mapping.connection
    plan = connection.plan
    job = Job.objects.create(plan=plan, kind="validate")
    member = MembershipFactory(plan=plan, role="editor")
    plan.sync_server = SyncServer.objects.create(name="sync-1")
    plan.save()
    item = OperationsItem.objects.create(
        sync_server=plan.sync_server, kind="skill", key="os", name="Server OS"
    )
    type_mapping = mapping.type_mapping
    return {
        "type_id": type_mapping.left_type_id,
        "field_id": mapping.left_field_id,
        "value_id": EnumValueFactory(field=mapping.left_field).pk,
        "direction": "up",
        "user_id": EndpointUserFactory(endpoint=connection.left).pk,
        "project_id": ProjectFactory(endpoint=connection.left).pk,
        "pair_id": ProjectPairFactory(connection=connection).pk,
        "mapping_id": type_mapping.pk,
        "rule_id": RelationshipRuleFactory(type_mapping=type_mapping).pk,
        "matching_id": ExistingItemMatchingFactory(type_mapping=type_mapping).pk,
        "entry_id": UserMapEntryFactory(user_map__connection=connection).pk,
        "kind": "skill",
        "item_id": item.pk,
        "step_key": "direction",
        "membership_id": member.pk,
        "invitation_id": Invitation.objects.create(
            plan=plan, user=UserFactory(), role="reviewer", invited_as="someone@example.com"
        ).pk,
        "role_id": SignOffRole.objects.create(plan=plan, title="Sync administrator").pk,
        "thread_id": CommentThread.objects.create(plan=plan, subject="plan").pk,
        "number": PlanVersion.objects.create(
            plan=plan, number=1, document={}, sha256="0" * 64
        ).number,
        "plan": plan,
        "plan_id": plan.pk,
        "endpoint_id": connection.left_id,
        "connection_id": connection.pk,
        "type_mapping_id": mapping.type_mapping_id,
        "field_mapping_id": mapping.pk,
        "job_id": job.pk,
        "other_connection": ConnectionFactory(),
        "uidb64": "MQ",
        "token": "set-password",
    }


def _url(name, pattern, world):
    keys = list(pattern.pattern.regex.groupindex)
    missing = [k for k in keys if k not in world]
    assert not missing, f"tests/test_urls.py does not know how to fill {missing} for {name}"
    return reverse(name, kwargs={k: world[k] for k in keys})


@pytest.mark.parametrize(("name", "pattern"), ALL, ids=[n for n, _ in ALL])
def test_anonymous_visitors_are_sent_to_login(client, world, name, pattern):
    if name in PUBLIC or name == "logout":
        return
    response = client.get(_url(name, pattern, world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "pattern"), ALL, ids=[n for n, _ in ALL])
def test_outsiders_get_404_for_every_plan_url(client, world, name, pattern):
    if "plan_id" not in pattern.pattern.regex.groupindex:
        return
    client.force_login(UserFactory())
    assert client.get(_url(name, pattern, world)).status_code == 404
    assert client.post(_url(name, pattern, world)).status_code == 404


@pytest.mark.parametrize(("name", "pattern"), ALL, ids=[n for n, _ in ALL])
def test_pages_answer_members_without_errors(client, world, name, pattern):
    if name == "logout":
        return
    user = UserFactory()
    MembershipFactory(plan=world["plan"], user=user, role="viewer")
    client.force_login(user)
    response = client.get(_url(name, pattern, world))
    # A page renders (200), a POST-only action refuses GET (405), a download of a job with no
    # file is missing (404), an edit page refuses a viewer (403): never a server error.
    assert response.status_code in (200, 302, 403, 404, 405), response.status_code


ROLES = ("viewer", "reviewer", "editor", "owner")
# The role sets the role table allows (core/access.py ROLE_TABLE), lowest first.
ALLOWED_SETS = [
    frozenset(r.value for r in roles)
    for roles in sorted(ROLE_TABLE.values(), key=len, reverse=True)
]
# POST views a viewer may use: exporting, leaving the plan, following a job.
VIEWER_POSTS = {
    "planner:plan_export",
    "planner:team_remove",
}


@pytest.mark.parametrize(("name", "pattern"), ALL, ids=[n for n, _ in ALL])
def test_every_plan_url_applies_the_role_table(world, name, pattern):
    """Each role, lowest first, GETs and POSTs (empty) the URL: the roles that are not refused
    (403) must be exactly one row of the role table, and never a server error."""
    if "plan_id" not in pattern.pattern.regex.groupindex:
        return
    url = _url(name, pattern, world)
    users = {}
    for role in ROLES:
        users[role] = UserFactory()
        MembershipFactory(plan=world["plan"], user=users[role], role=role)
    for method in ("get", "post"):
        allowed = set()
        for role in ROLES:
            client = Client(raise_request_exception=False)
            client.force_login(users[role])
            # Whatever a request writes of the plan's content goes through the write boundary.
            with watching_content_writes() as watch:
                status = getattr(client, method)(url).status_code
            assert status < 500, f"{method.upper()} {name} as {role}: {status}"
            watch.assert_clean(f"{method.upper()} {name} as {role}")
            if status == 405:
                break
            if status != 403:
                allowed.add(role)
        else:
            assert frozenset(allowed) in ALLOWED_SETS, f"{method.upper()} {name}: {sorted(allowed)}"
            if method == "post" and "viewer" in allowed:
                assert name in VIEWER_POSTS, f"POST {name} lets a viewer change something"


# Django's own sign-in and password views take PUT as POST (FormView); they are not ours.
AUTH_VIEWS = PUBLIC | {"logout", "password_change", "password_change_done", "password_reset",
                       "password_reset_done"}  # fmt: skip


@pytest.mark.parametrize(("name", "pattern"), ALL, ids=[n for n, _ in ALL])
def test_no_page_accepts_put(world, name, pattern):
    """Every view says which methods it takes: a PUT is refused (405) everywhere, so a view
    without its decorator (a read-only page answering POST with 200) shows up here."""
    if name in AUTH_VIEWS:
        return
    user = UserFactory(is_staff=True)
    MembershipFactory(plan=world["plan"], user=user, role="owner")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    assert client.put(_url(name, pattern, world)).status_code == 405, name


@pytest.mark.parametrize(
    "name",
    ["planner:dashboard", "connections:endpoint_detail", "connections:user_map",
     "connections:connection_setup", "connections:type_mapping_rules"],
)  # fmt: skip
def test_read_only_pages_refuse_post(world, name):
    pattern = dict(ALL)[name]
    user = UserFactory()
    MembershipFactory(plan=world["plan"], user=user, role="owner")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    assert client.post(_url(name, pattern, world)).status_code == 405
