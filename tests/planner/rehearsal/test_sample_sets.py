"""Sample sets: stored through the storage API with their SHA-256, once per endpoint, read again
only while the hash still matches; hostile input refused before anything is stored."""

import hashlib
from pathlib import Path

import pytest

from core.models import AuditEvent
from planner.models import SampleSet
from planner.rehearsal.samples import SampleSetError, load_sample_set, store_sample_set
from tests.factories import EndpointFactory, PlanFactory, UserFactory

ITEMS = Path("/work/shared/samples/items")
INCIDENTS = ITEMS / "servicenow_api_now_table_incident__j1servicenow_har.json"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_sample_set_is_stored_with_its_hash_and_read_back(db, media):
    endpoint = EndpointFactory(key="snow")
    user = UserFactory()
    content = INCIDENTS.read_bytes()
    revision = endpoint.plan.revision
    stored = store_sample_set(
        plan=endpoint.plan, endpoint=endpoint, name=INCIDENTS.name, content=content, user=user
    )
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert (stored.product, stored.item_count, stored.size) == ("servicenow", 67, len(content))
    assert (media / stored.file.name).read_bytes() == content
    sample = load_sample_set(stored)
    assert [i.key for i in sample.items][:2] == ["INC0000060", "INC0009002"]
    # Evidence, not plan content: an audit event, no new revision.
    endpoint.plan.refresh_from_db()
    assert endpoint.plan.revision == revision
    event = AuditEvent.objects.get(plan=endpoint.plan, action="sample_set.upload")
    assert event.after["sha256"] == stored.sha256 and event.actor == user.username
    again = store_sample_set(
        plan=endpoint.plan, endpoint=endpoint, name="again.json", content=content, user=user
    )
    assert again.pk == stored.pk and SampleSet.objects.count() == 1


def test_a_changed_file_is_not_read(db, media):
    endpoint = EndpointFactory()
    stored = store_sample_set(
        plan=endpoint.plan,
        endpoint=endpoint,
        name="bugs.csv",
        content=b"Key,Type,Summary\nA-1,Bug,x\n",
        user=None,
        type_hint="Bug",
    )
    (media / stored.file.name).write_bytes(b"Key,Type,Summary\nA-1,Bug,changed\n")
    with pytest.raises(SampleSetError, match="no longer matches its SHA-256"):
        load_sample_set(stored)


def test_hostile_or_foreign_input_is_refused_before_storing(db, media):
    endpoint = EndpointFactory()
    with pytest.raises(SampleSetError, match="NUL"):
        store_sample_set(
            plan=endpoint.plan, endpoint=endpoint, name="x.json", content=b'{"a":"\x00"}', user=None
        )
    with pytest.raises(SampleSetError, match="not in this plan"):
        store_sample_set(
            plan=PlanFactory(), endpoint=endpoint, name="x.csv", content=b"a,b\n1,2\n", user=None
        )
    assert SampleSet.objects.count() == 0 and not any(media.iterdir())
