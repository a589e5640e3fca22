"""The data-type compatibility page FLD-001's fix points at: the matrix of
facts/datatypes.py for anyone signed in."""

from django.urls import reverse

from facts.datatypes import DataType, compatibility
from planner.validation.rules.fld import DATA_TYPES_PAGE
from tests.factories import UserFactory


def test_the_fix_of_fld_001_names_the_pages_address():
    assert reverse("connections:data_types") == DATA_TYPES_PAGE


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(DATA_TYPES_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_signed_in_user_sees_the_matrix_and_its_reasons(client, db):
    client.force_login(UserFactory())
    html = client.get(DATA_TYPES_PAGE).content.decode()

    assert html.count("<tr>") == len(DataType.choices) + 1  # header and one row per type
    incompatible = compatibility(DataType.STRING, DataType.RELATIONSHIP)
    assert incompatible.reason in html
    assert '<td class="compat-incompatible"' in html
    fragile = compatibility(DataType.DATE, DataType.DATETIME)
    assert fragile.reason in html
