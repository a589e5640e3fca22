import pytest

from tests.connections.authoring import build_plan


@pytest.fixture(scope="package")
def built_plans(django_db_setup, django_db_blocker):
    """Plans built once for this package's tests (size 1, N=2 and 5N=10), committed outside the
    tests' transactions so every test sees them and rolls back its own changes; removed when
    the package's tests end, so tests elsewhere start from an empty database."""
    from connections.models import Connection
    from tests.factories import PlanFactory

    with django_db_blocker.unblock():
        plans = {size: build_plan(PlanFactory(name=f"Built {size}"), size) for size in (1, 2, 10)}
    yield plans
    with django_db_blocker.unblock():
        for built in plans.values():
            Connection.objects.filter(plan=built.plan).delete()
            built.plan.delete()


@pytest.fixture
def built(built_plans):
    return built_plans[1]


@pytest.fixture
def client_on(client, db):
    """``client_on(plan, "viewer")``: a client signed in as a member of ``plan`` with that role
    (``None``: signed in, not a member)."""
    from tests.factories import MembershipFactory, UserFactory

    def make(plan, role):
        user = UserFactory()
        if role is not None:
            MembershipFactory(plan=plan, user=user, role=role)
        client.force_login(user)
        client.user = user
        return client

    return make
