import re

import pytest
from django.db import connection as db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from facts.datatypes import DataType
from planner.models import Finding
from tests.factories import (
    ConnectionFactory,
    EndpointUserFactory,
    EnumPairFactory,
    EnumValueFactory,
    FieldFactory,
    FieldMappingFactory,
    TypeMappingFactory,
    UserMapEntryFactory,
    UserMapFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def conn(plan):
    return ConnectionFactory(
        plan=plan, key="alm-jira", left__name="ALM QC", right__name="Jira Cloud"
    )


def page(client, conn):
    url = reverse(
        "connections:connection_detail", kwargs={"plan_id": conn.plan_id, "connection_id": conn.pk}
    )
    return client.get(url).content.decode()


def tm_group(html, tm):
    """The SVG group of one type mapping (from its link to the next closing </a>)."""
    start = html.index(
        f'<a href="/plans/{tm.connection.plan_id}/connections/{tm.connection_id}/types/{tm.pk}/" class="type-mapping'
    )
    return html[start : html.index("</a>", start)]


def finding(tm, severity, subject_suffix="", revision=None):
    plan = tm.connection.plan
    return Finding.objects.create(
        plan=plan, plan_revision=plan.revision if revision is None else revision,
        code="FLD-001" if severity == "error" else "FLD-002", severity=severity,
        subject=f"connections/{tm.connection.key}/types/{tm.left_type.key}->{tm.right_type.key}{subject_suffix}",
        fingerprint="f", message="m",
    )  # fmt: skip


def test_the_picture_shows_both_endpoints_and_links_each_type_mapping_to_its_workspace(
    conn, member_client
):
    one = TypeMappingFactory(connection=conn, left_type__label="Defect", right_type__label="Bug")
    two = TypeMappingFactory(
        connection=conn, left_type__label="Requirement", right_type__label="Story", direction="both"
    )
    html = page(member_client, conn)
    assert "<svg" in html and "ALM QC" in html and "Jira Cloud" in html
    first, second = tm_group(html, one), tm_group(html, two)
    assert "Defect" in first and "Bug" in first
    assert 'marker-end="url(#arrow-ok)"' in first and "marker-start" not in first
    assert 'marker-end="url(#arrow-ok)" marker-start="url(#arrow-ok)"' in second


def test_each_type_mapping_is_coloured_by_its_worst_open_finding(conn, member_client):
    tm = TypeMappingFactory(connection=conn, left_type__key="defect", right_type__key="bug")
    calm = TypeMappingFactory(connection=conn, left_type__key="req", right_type__key="story")
    finding(tm, "warning")
    finding(tm, "error", "/fields/a->b")
    finding(calm, "error", revision=conn.plan.revision + 5)  # not the current revision
    html = page(member_client, conn)
    assert 'class="type-mapping sev-error"' in tm_group(html, tm)
    assert "worst open finding: error (2 open)" in tm_group(html, tm)
    assert 'class="type-mapping sev-ok"' in tm_group(html, calm)


def test_field_update_directions_are_in_the_hover_title_and_the_legend(conn, member_client):
    tm = TypeMappingFactory(connection=conn, direction="l2r")
    FieldMappingFactory(type_mapping=tm)
    FieldMappingFactory(type_mapping=tm, direction="both")
    FieldMappingFactory(
        type_mapping=tm, direction="both",
        right_field=FieldFactory(item_type=tm.right_type, read_only=True),
    )  # fmt: skip
    html = page(member_client, conn)
    assert "field updates: 1 L→R, 1 R→L, 1 both ways" in html


def test_coverage_bars_count_required_fields_enum_values_and_users(conn, member_client):
    tm = TypeMappingFactory(connection=conn, direction="l2r")
    summary = FieldFactory(item_type=tm.right_type, required=True)
    FieldFactory(item_type=tm.right_type, required=True)  # not covered
    FieldMappingFactory(type_mapping=tm, right_field=summary)
    sev = FieldMappingFactory(
        type_mapping=tm,
        left_field=FieldFactory(item_type=tm.left_type, data_type=DataType.ENUM),
        right_field=FieldFactory(item_type=tm.right_type, data_type=DataType.ENUM),
    )
    low, high = (EnumValueFactory(field=sev.left_field, label=x) for x in ("Low", "High"))
    p3 = EnumValueFactory(field=sev.right_field, label="P3")
    EnumPairFactory(field_mapping=sev, left_value=low, right_value=p3)
    FieldMappingFactory(
        type_mapping=tm,
        left_field=FieldFactory(item_type=tm.left_type, data_type=DataType.USER),
        right_field=FieldFactory(item_type=tm.right_type, data_type=DataType.USER),
    )
    ann = EndpointUserFactory(endpoint=conn.left, username="ann")
    EndpointUserFactory(endpoint=conn.left, username="bob")
    EndpointUserFactory(endpoint=conn.right, username="ann.lee")
    UserMapEntryFactory(
        user_map=UserMapFactory(connection=conn),
        left_username=ann.username,
        right_username="ann.lee",
    )
    group = tm_group(page(member_client, conn), tm)
    assert "required 1/2" in group
    assert "enum values 2/3" in group  # Low and P3 paired, High not
    assert "users 2/3" in group


def test_a_type_mapping_without_user_fields_shows_no_user_measure(conn, member_client):
    tm = TypeMappingFactory(connection=conn)
    assert "users: –" in tm_group(page(member_client, conn), tm)


def test_the_picture_runs_a_fixed_number_of_queries(conn, client_for):
    client = client_for("viewer")

    def count():
        url = reverse(
            "connections:connection_detail",
            kwargs={"plan_id": conn.plan_id, "connection_id": conn.pk},
        )
        with CaptureQueriesContext(db) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    TypeMappingFactory(connection=conn)
    small = count()
    for _ in range(4):
        tm = TypeMappingFactory(connection=conn)
        for _ in range(5):
            FieldMappingFactory(type_mapping=tm)
    assert count() == small


def test_outsiders_do_not_see_the_picture(conn, client_for):
    TypeMappingFactory(connection=conn)
    html_status = (
        client_for(None)
        .get(
            reverse(
                "connections:connection_detail",
                kwargs={"plan_id": conn.plan_id, "connection_id": conn.pk},
            )
        )
        .status_code
    )
    assert html_status == 404


def test_the_picture_has_no_inline_styles_or_scripts(conn, member_client):
    TypeMappingFactory(connection=conn)
    html = page(member_client, conn)
    assert not re.search(r"style=|<script(?! src)|\son[a-z]+=", html)


def test_an_acknowledged_finding_no_longer_colours_its_type_mapping(conn, member_client):
    from planner.models import Acknowledgement

    tm = TypeMappingFactory(connection=conn)
    accepted = finding(tm, "warning")
    Acknowledgement.objects.create(
        plan=conn.plan, code=accepted.code, subject=accepted.subject,
        fingerprint=accepted.fingerprint, reason="accepted risk", acknowledged_by="ann",
    )  # fmt: skip
    assert 'class="type-mapping sev-ok"' in tm_group(page(member_client, conn), tm)


def test_pictures_built_together_keep_each_connections_findings_and_users(conn):
    from connections.setup.picture import connection_pictures

    # "alm-jira-2" starts with "alm-jira": each picture must match whole subject segments.
    other = ConnectionFactory(plan=conn.plan, key="alm-jira-2")
    tm = TypeMappingFactory(connection=conn, left_type__key="defect", right_type__key="bug")
    calm = TypeMappingFactory(connection=other, left_type__key="defect", right_type__key="bug")
    finding(calm, "error")
    FieldMappingFactory(
        type_mapping=tm, left_field__data_type=DataType.USER, right_field__data_type=DataType.USER
    )
    EndpointUserFactory(endpoint=conn.left, username="ann")
    EndpointUserFactory(endpoint=conn.right, username="ann")
    UserMapFactory(connection=other, strategy="by_username")

    together = connection_pictures(conn.plan, [conn, other])
    alone = [connection_pictures(conn.plan, [c])[0] for c in (conn, other)]

    for built in (together, alone):
        ours, theirs = built
        assert [row.worst for row in ours.rows] == [""]
        assert [row.worst for row in theirs.rows] == ["error"]
        assert ours.rows[0].bars[2].text == alone[0].rows[0].bars[2].text
    assert together[0].rows[0].bars[2].tally is not None
