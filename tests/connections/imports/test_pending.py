"""Schema-import previews wait in file storage, not in the session (issue 12, point 7)."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from connections.models import Field
from core.models import PendingUpload
from planner.tasks import purge_expired_exports
from tests.factories import EndpointFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def endpoint(plan):
    return EndpointFactory(plan=plan)


def url(endpoint):
    return reverse(
        "connections:schema_import",
        kwargs={"plan_id": endpoint.plan_id, "endpoint_id": endpoint.pk},
    )


def template(fields: int) -> bytes:
    lines = ["type,key,label,data_type,values"]
    lines += [
        f"defect,field_{i},Field number {i},enum,{'|'.join(f'Value {i}-{j}' for j in range(8))}"
        for i in range(fields)
    ]
    return ("\n".join(lines) + "\n").encode()


def preview(client, endpoint, content=None, name="fields.csv"):
    content = content if content is not None else template(20)
    response = client.post(
        url(endpoint), {"format": "auto", "files": [SimpleUploadedFile(name, content)]}
    )
    assert response.status_code == 200
    assert "Preview" in response.content.decode()
    return PendingUpload.objects.get(user=client.user, purpose=f"schema_import:{endpoint.pk}")


def session_size(client) -> int:
    return len(Session.objects.get(session_key=client.session.session_key).session_data)


def test_after_a_large_preview_the_session_row_stays_small(client_for, endpoint):
    client = client_for("editor")
    content = template(12_000)
    assert len(content) > 1_500_000

    pending = preview(client, endpoint, content)

    assert session_size(client) < 2_000
    assert client.session[f"schema_import:{endpoint.pk}"] == str(pending.pk)
    ((name, stored),) = pending.files
    assert name == "fields.csv"
    with default_storage.open(stored, "rb") as kept:
        assert kept.read() == content
    assert pending.expires_at > timezone.now()


def test_apply_imports_the_previewed_documents_and_forgets_them(
    client_for, endpoint, django_capture_on_commit_callbacks
):
    client = client_for("editor")
    pending = preview(client, endpoint)
    stored = pending.files[0][1]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(endpoint), {"action": "apply", "pending": str(pending.pk)})

    assert response.status_code == 302
    assert Field.objects.filter(item_type__endpoint=endpoint).count() == 20
    assert not PendingUpload.objects.exists()
    assert f"schema_import:{endpoint.pk}" not in client.session
    assert not default_storage.exists(stored)


def test_apply_names_the_preview_the_user_looked_at(client_for, endpoint):
    """A second preview (another tab) replaces the first; applying the first one's id says so
    instead of applying the second one's documents."""
    client = client_for("editor")
    first = preview(client, endpoint, template(3))
    preview(client, endpoint, template(5))

    response = client.post(url(endpoint), {"action": "apply", "pending": str(first.pk)})

    assert "expired or is not yours" in response.content.decode()
    assert not Field.objects.filter(item_type__endpoint=endpoint).exists()


def test_an_expired_preview_answers_a_clear_message(client_for, endpoint):
    client = client_for("editor")
    pending = preview(client, endpoint)
    PendingUpload.objects.filter(pk=pending.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = client.post(url(endpoint), {"action": "apply", "pending": str(pending.pk)})

    assert response.status_code == 200
    assert "This preview has expired or is not yours" in response.content.decode()
    assert not Field.objects.filter(item_type__endpoint=endpoint).exists()
    assert not PendingUpload.objects.exists()


def test_another_users_preview_cannot_be_applied(client, endpoint):
    owner, intruder = UserFactory(), UserFactory()
    MembershipFactory(plan=endpoint.plan, user=owner, role="editor")
    MembershipFactory(plan=endpoint.plan, user=intruder, role="editor")
    client.force_login(owner)
    client.user = owner
    pending = preview(client, endpoint)

    client.force_login(intruder)
    client.user = intruder
    for pending_id in (str(pending.pk), "not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        response = client.post(url(endpoint), {"action": "apply", "pending": pending_id})
        assert response.status_code == 200
        assert "expired or is not yours" in response.content.decode()
    # Nor can the intruder cancel it.
    client.post(url(endpoint), {"action": "cancel", "pending": str(pending.pk)})

    assert not Field.objects.filter(item_type__endpoint=endpoint).exists()
    assert PendingUpload.objects.filter(pk=pending.pk).exists()


def test_a_preview_for_one_endpoint_is_not_applied_to_another(client_for, endpoint):
    client = client_for("editor")
    pending = preview(client, endpoint)
    other = EndpointFactory(plan=endpoint.plan)

    response = client.post(url(other), {"action": "apply", "pending": str(pending.pk)})

    assert "expired or is not yours" in response.content.decode()
    assert not Field.objects.filter(item_type__endpoint__plan=endpoint.plan).exists()


def test_cancel_discards_the_pending_upload(client_for, endpoint):
    client = client_for("editor")
    preview(client, endpoint)

    assert client.post(url(endpoint), {"action": "cancel"}).status_code == 302

    assert not PendingUpload.objects.exists()
    assert f"schema_import:{endpoint.pk}" not in client.session


def test_the_retention_task_deletes_expired_previews_and_their_files(
    client_for, endpoint, django_capture_on_commit_callbacks
):
    client = client_for("editor")
    expired = preview(client, endpoint)
    other = EndpointFactory(plan=endpoint.plan)
    current = preview(client, other)
    PendingUpload.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        purged = purge_expired_exports()

    assert purged == 1
    assert list(PendingUpload.objects.values_list("pk", flat=True)) == [current.pk]
    assert not default_storage.exists(expired.files[0][1])
    assert default_storage.exists(current.files[0][1])


def test_deleting_the_plan_deletes_its_previews_files(
    client_for, endpoint, django_capture_on_commit_callbacks
):
    client = client_for("owner")
    stored = preview(client, endpoint).files[0][1]
    assert default_storage.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        endpoint.plan.delete()

    assert not PendingUpload.objects.exists()
    assert not default_storage.exists(stored)
