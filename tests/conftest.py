import pytest

from syncplan.celery import app as celery_app
from tests.factories import MembershipFactory, PlanFactory, UserFactory


@pytest.fixture(autouse=True)
def _eager_celery_by_default():
    """Tests run tasks in-process unless they ask for the real worker (the ``celery_worker``
    fixture in tests/worker.py switches this off)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def plan(db):
    return PlanFactory()


@pytest.fixture
def member_client(client, plan):
    """A client signed in as an owner of ``plan``."""
    user = UserFactory()
    MembershipFactory(plan=plan, user=user, role="owner")
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def client_for(client, plan):
    """``client_for("viewer")``: a client signed in as a member of ``plan`` with that role
    (``None``: signed in, not a member)."""

    def make(role):
        user = UserFactory()
        if role is not None:
            MembershipFactory(plan=plan, user=user, role=role)
        client.force_login(user)
        client.user = user
        return client

    return make


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread of this process) consuming from the real Redis broker.

    Fails, never skips, when no Redis broker is configured: the test command sets
    CELERY_BROKER_URL.
    """
    from celery.contrib.testing.worker import start_worker

    broker = celery_app.conf.broker_url or ""
    if not broker.startswith("redis://"):
        pytest.fail(f"job tests need a Redis broker (CELERY_BROKER_URL), got {broker!r}")
    celery_app.conf.task_always_eager = False
    with start_worker(
        celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
    ) as worker:
        yield worker
