"""User maps: the resolution preview under each strategy, suggestions and CSV import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from connections.endpoints.services import CsvProblem
from connections.models import UserMap, UserMapEntry
from connections.users.services import normalize_name, parse_entries_csv, preview, suggestions
from tests.factories import (
    ConnectionFactory,
    EndpointUserFactory,
    UserMapEntryFactory,
    UserMapFactory,
)


def test_names_compare_without_case_accents_spacing_or_punctuation():
    assert normalize_name("  Ève   O'Brien-Smith ") == "eve o brien smith"
    assert normalize_name("JOSÉ  garcía") == normalize_name("Jose Garcia")


@pytest.fixture
def connection(plan):
    return ConnectionFactory(plan=plan)


def users(endpoint, *specs):
    return [
        EndpointUserFactory(endpoint=endpoint, username=u, full_name=n, email=e)
        for u, n, e in specs
    ]


def test_match_by_name_lists_matched_ambiguous_and_unmatched_users(connection):
    left = users(
        connection.left,
        ("ann", "Ann Lée", "ann@a.org"),
        ("bo", "Bo Berg", "bo@a.org"),
        ("cy", "Cy Nobody", "cy@a.org"),
    )
    right = users(
        connection.right,
        ("alee", "ann  lee", "a@b.org"),
        ("bberg1", "Bo Berg", ""),
        ("bberg2", "BO BERG", ""),
    )
    result = preview(UserMap(strategy="by_name"), left, right, [])
    outcome = {r.user.username: r.outcome for r in result.left}
    assert outcome == {"ann": "matched", "bo": "ambiguous", "cy": "unmatched"}
    assert [r.user.username for r in result.unmatched] == ["cy"]
    assert {r.user.username for r in result.ambiguous} == {"bo"}
    right_outcomes = {r.user.username: r.outcome for r in result.right}
    assert right_outcomes == {"alee": "matched", "bberg1": "matched", "bberg2": "matched"}


def test_an_explicit_entry_wins_and_a_default_user_catches_the_rest(connection):
    left = users(connection.left, ("ann", "Ann", "x@a.org"), ("cy", "Cy", "cy@a.org"))
    right = users(connection.right, ("anna", "Anna", "y@b.org"))
    entry = UserMapEntry(left_username="ann", right_username="anna")
    user_map = UserMap(strategy="by_email", right_default_user="integration")
    result = preview(user_map, left, right, [entry])
    assert [(r.user.username, r.outcome, r.candidates) for r in result.left] == [
        ("ann", "entry", ("anna",)),
        ("cy", "default", ("integration",)),
    ]
    assert result.unmatched == []


def test_match_by_email_ignores_case_and_inactive_users_are_left_out(connection):
    left = users(connection.left, ("ann", "", "Ann@Example.com"))
    right = users(connection.right, ("a.l", "", "ann@example.com"))
    gone = EndpointUserFactory(endpoint=connection.right, username="old", active=False)
    result = preview(UserMap(strategy="by_email"), left, [*right, gone], [])
    assert result.left[0].outcome == "matched"
    assert [r.user.username for r in result.right] == ["a.l"]


def test_suggestions_pair_similar_names_and_emails_best_first(connection):
    left = users(
        connection.left,
        ("ann", "Ann Lee", "ann.lee@a.org"),
        ("jsmith", "", "john.smith@corp.com"),
        ("zed", "Zed Zulu", ""),
        ("done", "Done Already", ""),
    )
    right = users(
        connection.right,
        ("u1", "Lee, Ann", ""),
        ("u2", "", "john.smith@corp.com"),
        ("u3", "Mary Major", ""),
    )
    entries = [UserMapEntry(left_username="done", right_username="u9")]
    found = suggestions(left, right, entries)
    assert [(s.left_username, s.right_username, s.reason) for s in found] == [
        ("ann", "u1", "name"),
        ("jsmith", "u2", "email"),
    ]


def test_entries_csv_skips_the_header_and_names_a_bad_line():
    assert parse_entries_csv("left_username,right_username\nann,anna\nbo,bob\n") == [
        ("ann", "anna"),
        ("bo", "bob"),
    ]
    with pytest.raises(CsvProblem, match="Line 2"):
        parse_entries_csv("ann,anna\nonly-one\n")


def url(name, plan, **ids):
    return reverse(f"connections:{name}", kwargs={"plan_id": plan.pk, **ids})


def test_the_page_previews_unmatched_users_and_offers_suggestions(member_client, plan, connection):
    users(connection.left, ("ann", "Ann Lee", ""), ("cy", "Cy Nobody", ""))
    users(connection.right, ("alee", "ANN LEE", ""))
    UserMapFactory(connection=connection, strategy="by_name")
    response = member_client.get(url("user_map", plan, connection_id=connection.pk) + "?suggest=1")
    html = response.content.decode()
    assert "1 unmatched" in html and "Cy Nobody" in html
    assert 'value="ann|alee"' in html


def test_accepting_suggestions_adds_entries_once(member_client, plan, connection):
    accept = url("user_map_accept", plan, connection_id=connection.pk)
    member_client.post(accept, {"accept": ["ann|alee", "bo|bob", "broken"]})
    member_client.post(accept, {"accept": ["ann|alee"]})
    pairs = UserMapEntry.objects.filter(user_map__connection=connection).values_list(
        "left_username", "right_username"
    )
    assert sorted(pairs) == [("ann", "alee"), ("bo", "bob")]


def test_changing_the_strategy_refreshes_the_preview_in_place(member_client, plan, connection):
    users(connection.left, ("ann", "Ann", "ann@x.org"))
    users(connection.right, ("anna", "Anna", "ann@x.org"))
    response = member_client.post(
        url("user_map_settings", plan, connection_id=connection.pk),
        {"strategy": "by_email", "lock_version": 0},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Saved" in html
    assert 'id="user-preview" hx-swap-oob="true"' in html and "0 unmatched" in html
    assert UserMap.objects.get(connection=connection).strategy == "by_email"


def test_entries_are_imported_from_csv(member_client, plan, connection):
    UserMapEntryFactory(user_map__connection=connection, left_username="a", right_username="b")
    response = member_client.post(
        url("user_map_import", plan, connection_id=connection.pk),
        {"file": SimpleUploadedFile("e.csv", b"left,right\na,b\nc,d\n")},
    )
    assert "Imported 1 new entries" in response.content.decode()
    assert UserMapEntry.objects.filter(user_map__connection=connection).count() == 2


def test_an_entry_row_saves_and_deletes_in_place(member_client, plan, connection):
    entry = UserMapEntryFactory(user_map__connection=connection, left_username="a")
    save = url("user_map_entry_save", plan, entry_id=entry.pk)
    member_client.post(
        save,
        {"left_username": "a", "right_username": "z", "lock_version": 0},
        HTTP_HX_REQUEST="true",
    )
    assert UserMapEntry.objects.get(pk=entry.pk).right_username == "z"
    response = member_client.post(
        url("user_map_entry_delete", plan, entry_id=entry.pk), HTTP_HX_REQUEST="true"
    )
    assert response.content == b""
    assert not UserMapEntry.objects.filter(pk=entry.pk).exists()


def test_an_empty_map_between_same_representations_previews_by_that_representation(
    member_client, plan, connection
):
    # No entries and both endpoints identify users by username: USR-002 compares usernames,
    # and so does the preview (it no longer shows every user unmatched).
    users(connection.left, ("JDoe", "John Doe", ""))
    users(connection.right, ("jdoe", "Johnny", ""))
    UserMapFactory(connection=connection, strategy="explicit")
    html = member_client.get(url("user_map", plan, connection_id=connection.pk)).content.decode()
    assert "0 unmatched" in html and "same-representation" in html
    UserMapEntryFactory(user_map=connection.user_map, left_username="JDoe", right_username="x")
    html = member_client.get(url("user_map", plan, connection_id=connection.pk)).content.decode()
    assert "same-representation" not in html
