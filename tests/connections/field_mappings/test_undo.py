"""A deleted field mapping can be put back for a few minutes (issue 16, point 1: row deletes
offer Undo)."""

import re
import time

import pytest
from django.urls import reverse

from connections import undo
from connections.models import FieldMapping
from facts.datatypes import DataType
from tests.factories import (
    ConnectionFactory,
    EnumPairFactory,
    EnumValueFactory,
    FieldFactory,
    FieldMappingFactory,
    TypeMappingFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def status_mapping(plan):
    connection = ConnectionFactory(plan=plan, key="alm-jira")
    tm = TypeMappingFactory(connection=connection)
    status = FieldFactory(item_type=tm.left_type, label="Status", data_type=DataType.ENUM)
    phase = FieldFactory(item_type=tm.right_type, label="Phase", data_type=DataType.ENUM)
    other = EnumValueFactory(field=phase, label="Other")
    fm = FieldMappingFactory(
        type_mapping=tm, left_field=status, right_field=phase, direction="l2r",
        notes="states", right_catch_all=other,
    )  # fmt: skip
    for n in range(3):
        EnumPairFactory(field_mapping=fm, position=n)
    return fm


def _url(name, fm, **extra):
    tm = fm.type_mapping
    kwargs = {
        "plan_id": tm.connection.plan_id,
        "connection_id": tm.connection_id,
        "type_mapping_id": tm.pk,
        **extra,
    }
    return reverse(f"connections:{name}", kwargs=kwargs)


def _state(fm):
    pairs = list(fm.enum_pairs.order_by("position").values_list("left_value", "right_value"))
    return (
        fm.left_field_id,
        fm.right_field_id,
        fm.direction,
        fm.notes,
        fm.right_catch_all_id,
        pairs,
    )


def _delete(client, fm, **headers):
    url = _url("field_mapping_delete", fm, mapping_id=fm.pk)
    return client.post(url, {"lock_version": fm.lock_version}, **headers)


def test_an_htmx_delete_offers_undo_which_puts_the_row_back(status_mapping, member_client):
    before = _state(status_mapping)
    html = _delete(member_client, status_mapping, **HTMX).content.decode()
    assert not FieldMapping.objects.filter(pk=status_mapping.pk).exists()
    assert f'id="fm-{status_mapping.pk}"' in html  # the stub takes the row's place
    assert "Deleted field mapping Status → Phase." in html and ">Undo</button>" in html
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)

    html = member_client.post(
        _url("field_mapping_undo", status_mapping), {"token": token}, **HTMX
    ).content.decode()

    restored = FieldMapping.objects.get(type_mapping=status_mapping.type_mapping)
    assert _state(restored) == before
    assert f'id="fm-{restored.pk}"' in html

    again = member_client.post(_url("field_mapping_undo", status_mapping), {"token": token}, **HTMX)
    assert "Too late to undo" in again.content.decode()
    assert FieldMapping.objects.filter(type_mapping=status_mapping.type_mapping).count() == 1


def test_a_plain_delete_shows_undo_on_the_page_it_returns_to(status_mapping, member_client):
    response = _delete(member_client, status_mapping, follow=True)
    html = response.content.decode()
    assert "Deleted field mapping Status → Phase." in html
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    # Shown once: a reload no longer offers it.
    assert (
        "Deleted field mapping"
        not in member_client.get(_url("workspace", status_mapping)).content.decode()
    )

    response = member_client.post(_url("field_mapping_undo", status_mapping), {"token": token})
    restored = FieldMapping.objects.get(type_mapping=status_mapping.type_mapping)
    assert response["Location"].endswith(f"#fm-{restored.pk}")


def test_undo_expires(status_mapping, member_client, monkeypatch):
    html = _delete(member_client, status_mapping, **HTMX).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    later = time.time() + undo.UNDO_SECONDS + 1
    monkeypatch.setattr(undo.time, "time", lambda: later)
    response = member_client.post(_url("field_mapping_undo", status_mapping), {"token": token})
    assert response.status_code == 302
    assert not FieldMapping.objects.filter(type_mapping=status_mapping.type_mapping).exists()


def test_a_viewer_cannot_undo(status_mapping, client_for):
    client = client_for("viewer")
    response = client.post(_url("field_mapping_undo", status_mapping), {"token": "x"})
    assert response.status_code == 403


def test_an_unpaired_enum_pair_is_put_back_at_its_place(status_mapping, member_client):
    pairs = list(status_mapping.enum_pairs.order_by("position"))
    before = _state(status_mapping)
    middle = pairs[1]
    url = _url("enum_pair_delete", status_mapping, mapping_id=status_mapping.pk, pair_id=middle.pk)
    html = member_client.post(url, {"lock_version": middle.lock_version}, **HTMX).content.decode()
    assert status_mapping.enum_pairs.count() == 2
    assert "Unpaired" in html and ">Undo</button>" in html
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)

    member_client.post(
        _url("enum_pair_undo", status_mapping, mapping_id=status_mapping.pk), {"token": token}
    )

    assert _state(status_mapping) == before  # same pairs, same order (the order sets defaults)


def test_a_plain_unpair_shows_undo_once(status_mapping, member_client):
    pair = status_mapping.enum_pairs.first()
    url = _url("enum_pair_delete", status_mapping, mapping_id=status_mapping.pk, pair_id=pair.pk)
    html = member_client.post(url, {"lock_version": pair.lock_version}, follow=True)
    assert ">Undo</button>" in html.content.decode()
    page = _url("enum_pairs", status_mapping, mapping_id=status_mapping.pk)
    assert ">Undo</button>" not in member_client.get(page).content.decode()
