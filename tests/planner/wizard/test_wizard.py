import pytest
from django.urls import reverse

from connections.models import RelationshipRule, TypeMapping
from core.models import AuditEvent
from facts.datatypes import DataType
from planner.models import UseCaseAnswer
from planner.wizard import services
from planner.wizard.steps import STEP_KEYS, STEPS, is_real_answer
from tests.factories import (
    ConnectionFactory,
    ExistingItemMatchingFactory,
    FieldFactory,
    FieldMappingFactory,
    ItemTypeFactory,
    TypeMappingFactory,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def connection(plan):
    connection = ConnectionFactory(plan=plan, left__name="Jira", right__name="Octane")
    story = ItemTypeFactory(endpoint=connection.right, key="story", label="Story")
    sprint = ItemTypeFactory(endpoint=connection.right, key="sprint", label="Sprint")
    FieldFactory(
        item_type=story,
        key="sprint",
        label="Sprint",
        data_type=DataType.RELATIONSHIP,
        relationship_targets=["sprint"],
    )
    TypeMappingFactory(
        connection=connection,
        left_type__key="story",
        left_type__label="Story",
        right_type=story,
    )
    del sprint
    return connection


def url(connection, step_key):
    return reverse(
        "planner:wizard_step",
        kwargs={
            "plan_id": connection.plan_id,
            "connection_id": connection.pk,
            "step_key": step_key,
        },
    )


def mapping_of(connection):
    return TypeMapping.objects.get(connection=connection)


def guards(connection, step_key, client):
    """The hidden lock/was inputs of a step, as the page renders them."""
    state = services.load_state(connection)
    if step_key == "relationships":
        services.load_relationship_candidates(state)
    from planner.wizard.presenter import StepForm
    from planner.wizard.steps import step

    data = {}
    for g in StepForm(step(step_key), state).build()["guards"]:
        data[f"{g.name}-lock"] = g.lock
        for k, v in g.was.items():
            data[f"{g.name}-was" + (f"-{k}" if k else "")] = v
    return data


def valid_post(connection, step_key):
    tm = mapping_of(connection)
    answers = {
        "user-types-and-roles": {
            "left": "Developers fix bugs.",
            "right": "Testers report defects.",
        },
        "product-roles": {f"tm-{tm.pk}": "left"},
        "information-to-share": {"text": "Stories and their status, so testers can plan."},
        "who-creates": {f"tm-{tm.pk}": "Product owners in Jira"},
        "data-subsets": {f"tm-{tm.pk}": "Project ALPHA only", "text": "Stories, not tasks."},
        "permissions": {f"tm-{tm.pk}": "no"},
        "relationships": {"text": "A story's sprint must be set in Octane."},
        "direction": {f"tm-{tm.pk}": "l2r"},
        "existing-items": {"items_exist": "no", "text": "A new synchronization."},
        "rollout": {
            "cadence_every": "5",
            "cadence_unit": "minutes",
            f"vol-{tm.pk}-shown": "1",
            f"vol-{tm.pk}-existing": "1200",
            f"vol-{tm.pk}-new": "40",
            f"vol-{tm.pk}-period": "week",
            "initial_scope": "since",
            "initial_cutoff": "2026-01-01",
            "cutover_from": "double_entry",
            "cutover_text": "Stop typing stories twice on go-live day.",
            "rollback_text": "Stop the connection; restore the Octane backup.",
        },
    }
    return answers[step_key]


INVALID = {
    "user-types-and-roles": {"left": "x" * 6000, "right": "ok"},
    "product-roles": {"tm-{pk}": "somebody"},
    "information-to-share": {"text": "x" * 6000},
    "who-creates": {"tm-{pk}": "x" * 6000},
    "data-subsets": {"tm-{pk}": "x" * 6000},
    "permissions": {"tm-{pk}": "perhaps"},
    "relationships": {"text": "x" * 6000},
    "direction": {"tm-{pk}": "sideways"},
    "existing-items": {"items_exist": "maybe"},
    "rollout": {"cadence_every": "often", "initial_scope": "since"},
}


def invalid_post(connection, step_key):
    pk = mapping_of(connection).pk
    return {k.replace("{pk}", str(pk)): v for k, v in INVALID[step_key].items()}


def test_the_wizard_has_the_nine_questions_of_the_guidelines_and_rollout_last():
    assert STEP_KEYS == (
        "user-types-and-roles",
        "product-roles",
        "information-to-share",
        "who-creates",
        "data-subsets",
        "permissions",
        "relationships",
        "direction",
        "existing-items",
        "rollout",
    )
    assert all(s.guidance and s.question for s in STEPS)


@pytest.mark.parametrize("text", [".", "n/a", "N/A", "tbd", "-", "?", "  ", ""])
def test_a_placeholder_is_not_an_answer(text):
    assert not is_real_answer(text)


@pytest.mark.parametrize("step_key", STEP_KEYS)
def test_each_step_renders_as_a_full_page_with_guidance_and_progress(
    member_client, connection, step_key
):
    response = member_client.get(url(connection, step_key))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    step = next(s for s in STEPS if s.key == step_key)
    assert step.question in html
    assert "The guidelines say" in html
    assert 'aria-label="Wizard progress"' in html


@pytest.mark.parametrize("step_key", STEP_KEYS)
def test_each_step_renders_as_a_partial_for_htmx(member_client, connection, step_key):
    response = member_client.get(url(connection, step_key), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'class="wizard-layout"' in html


@pytest.mark.parametrize("step_key", STEP_KEYS)
def test_each_step_saves_a_valid_answer_and_moves_on(member_client, connection, step_key):
    data = {**guards(connection, step_key, member_client), **valid_post(connection, step_key)}
    data["nav"] = "next"

    response = member_client.post(url(connection, step_key), data)

    assert response.status_code == 302
    state = services.load_state(connection)
    step = next(s for s in STEPS if s.key == step_key)
    assert services.is_answered(step, state), f"{step_key} not answered after a valid save"
    assert AuditEvent.objects.filter(plan=connection.plan).exists()


@pytest.mark.parametrize("step_key", STEP_KEYS)
def test_each_step_refuses_an_invalid_answer_with_a_message(member_client, connection, step_key):
    data = {**guards(connection, step_key, member_client), **invalid_post(connection, step_key)}

    response = member_client.post(url(connection, step_key), data, **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert 'class="errorlist"' in html
    assert not AuditEvent.objects.filter(plan=connection.plan).exists()


def test_a_valid_htmx_post_answers_with_the_next_step_and_pushes_its_url(member_client, connection):
    data = {**guards(connection, "information-to-share", member_client), "text": "Defects."}
    data["nav"] = "next"

    response = member_client.post(url(connection, "information-to-share"), data, **HTMX)

    assert response.status_code == 200
    assert response["HX-Push-Url"] == url(connection, "who-creates")
    assert "Which users will create which items?" in response.content.decode()


def test_structured_answers_write_the_type_mapping(member_client, connection):
    tm = mapping_of(connection)
    for step_key in ("product-roles", "who-creates", "permissions", "direction"):
        data = {**guards(connection, step_key, member_client), **valid_post(connection, step_key)}
        member_client.post(url(connection, step_key), data)

    tm.refresh_from_db()
    assert tm.system_of_record == "left"
    assert tm.creators == "Product owners in Jira"
    assert tm.other_side_may_update is False
    assert tm.direction == "l2r"


def test_a_placeholder_answer_is_saved_but_shown_as_unanswered(member_client, connection):
    data = {**guards(connection, "information-to-share", member_client), "text": "n/a"}

    member_client.post(url(connection, "information-to-share"), data)

    assert UseCaseAnswer.objects.get(question="information-to-share").text == "n/a"
    html = member_client.get(url(connection, "information-to-share")).content.decode()
    assert '<li class="current unanswered">' in html


def test_the_wizard_reflects_a_type_mapping_edited_elsewhere(member_client, connection):
    TypeMapping.objects.filter(connection=connection).update(system_of_record="right")

    html = member_client.get(url(connection, "product-roles")).content.decode()

    assert '<option value="right" selected>' in html


def test_a_second_tab_saving_the_same_answer_gets_a_conflict_not_an_overwrite(
    member_client, connection
):
    tm = mapping_of(connection)
    stale = guards(connection, "who-creates", member_client)
    member_client.post(url(connection, "who-creates"), {**stale, f"tm-{tm.pk}": "Testers"})

    response = member_client.post(
        url(connection, "who-creates"), {**stale, f"tm-{tm.pk}": "Developers"}, **HTMX
    )

    tm.refresh_from_db()
    assert tm.creators == "Testers"
    assert "changed by someone else" in response.content.decode()
    # Saving again from the re-rendered form keeps the second editor's answer on purpose.
    fresh = guards(connection, "who-creates", member_client)
    member_client.post(url(connection, "who-creates"), {**fresh, f"tm-{tm.pk}": "Developers"})
    tm.refresh_from_db()
    assert tm.creators == "Developers"


def test_two_tabs_changing_different_steps_of_one_type_mapping_both_save(member_client, connection):
    tm = mapping_of(connection)
    tab_one = guards(connection, "who-creates", member_client)
    tab_two = guards(connection, "permissions", member_client)

    member_client.post(url(connection, "who-creates"), {**tab_one, f"tm-{tm.pk}": "Testers"})
    member_client.post(url(connection, "permissions"), {**tab_two, f"tm-{tm.pk}": "yes"})

    tm.refresh_from_db()
    assert tm.creators == "Testers"
    assert tm.other_side_may_update is True


def test_product_roles_can_add_a_type_to_synchronize(member_client, connection):
    bug_left = ItemTypeFactory(endpoint=connection.left, key="bug", label="Bug")
    defect = ItemTypeFactory(endpoint=connection.right, key="defect", label="Defect")
    data = {
        **guards(connection, "product-roles", member_client),
        "new_left": str(bug_left.pk),
        "new_right": str(defect.pk),
        "new_sor": "right",
    }

    member_client.post(url(connection, "product-roles"), data)

    added = TypeMapping.objects.get(connection=connection, left_type=bug_left)
    assert added.system_of_record == "right"
    assert added.direction == "r2l"


def test_relationships_prefill_a_relationship_rule_for_a_ticked_field(member_client, connection):
    tm = mapping_of(connection)
    sprint_field = tm.right_type.fields.get(key="sprint")
    name = f"rel-{tm.pk}-{sprint_field.pk}"
    data = {
        **guards(connection, "relationships", member_client),
        "text": "Stories carry their sprint.",
        f"{name}-shown": "1",
        f"{name}-on": "on",
        f"{name}-resolution": "lookup",
        f"{name}-rule": "",
    }

    member_client.post(url(connection, "relationships"), data)

    rule = RelationshipRule.objects.get(type_mapping=tm, field=sprint_field)
    assert rule.target_type.key == "sprint"
    assert "Look up the Sprint" in rule.rule


def test_picking_both_for_several_types_shows_the_governance_warning_live(
    member_client, connection
):
    first = mapping_of(connection)
    second = TypeMappingFactory(connection=connection)
    data = {**guards(connection, "direction", member_client), "nav": "autosave"}

    response = member_client.post(
        url(connection, "direction"),
        {**data, f"tm-{first.pk}": "both", f"tm-{second.pk}": "both"},
        **HTMX,
    )

    html = response.content.decode()
    assert 'id="wizard-advice" hx-swap-oob="innerHTML"' in html
    assert "TYP-002" in html
    assert "governance" in html


def test_declaring_existing_items_without_matching_warns_of_duplicates(member_client, connection):
    data = {**guards(connection, "existing-items", member_client), "items_exist": "yes"}

    member_client.post(url(connection, "existing-items"), data)
    html = member_client.get(url(connection, "existing-items")).content.decode()

    assert "USE-004" in html
    assert "duplicates" in html
    ExistingItemMatchingFactory(type_mapping=mapping_of(connection))
    html = member_client.get(url(connection, "existing-items")).content.decode()
    assert "USE-004" not in html
    assert "USE-005" in html


def test_mapping_most_fields_shows_avoid_synchronizing_all_fields_and_types(
    member_client, connection
):
    tm = mapping_of(connection)
    FieldMappingFactory(type_mapping=tm)

    html = member_client.get(url(connection, "data-subsets")).content.decode()

    assert "USE-003" in html
    assert "Avoid synchronizing all fields and types" in html


def test_the_summary_lists_the_answers(member_client, connection):
    for step_key in STEP_KEYS:
        data = {**guards(connection, step_key, member_client), **valid_post(connection, step_key)}
        member_client.post(url(connection, step_key), data)

    response = member_client.get(
        reverse(
            "planner:wizard_summary",
            kwargs={"plan_id": connection.plan_id, "connection_id": connection.pk},
        )
    )

    html = response.content.decode()
    assert "10 of 10 steps answered" in html
    assert "Product owners in Jira" in html
    assert "Stop the connection; restore the Octane backup." in html


def test_a_viewer_can_read_the_wizard_but_not_save(client_for, connection):
    client = client_for("viewer")

    assert client.get(url(connection, "information-to-share")).status_code == 200
    response = client.post(url(connection, "information-to-share"), {"text": "Defects."})

    assert response.status_code == 403
    assert not UseCaseAnswer.objects.exists()


def test_an_outsider_gets_404(client_for, connection):
    client = client_for(None)

    assert client.get(url(connection, "information-to-share")).status_code == 404
    assert client.post(url(connection, "information-to-share"), {"text": "x"}).status_code == 404


def test_an_unknown_step_is_404(member_client, connection):
    assert member_client.get(url(connection, "no-such-step")).status_code == 404


@pytest.mark.parametrize("extra_types", [1, 15])
def test_a_step_runs_a_bounded_number_of_queries(
    member_client, connection, extra_types, django_assert_max_num_queries
):
    for _ in range(extra_types):
        TypeMappingFactory(connection=connection)
    # The step's own queries plus the validator's snapshot (one query per table) for the advice.
    with django_assert_max_num_queries(45):
        member_client.get(url(connection, "relationships"))
    with django_assert_max_num_queries(45):
        member_client.get(
            reverse(
                "planner:wizard_summary",
                kwargs={"plan_id": connection.plan_id, "connection_id": connection.pk},
            )
        )


def test_an_autosave_on_change_saves_and_returns_fresh_guards(member_client, connection):
    tm = mapping_of(connection)
    stale = guards(connection, "who-creates", member_client)

    response = member_client.post(
        url(connection, "who-creates"),
        {**stale, f"tm-{tm.pk}": "Testers", "nav": "autosave"},
        **HTMX,
    )

    html = response.content.decode()
    assert "Saved at" in html
    assert 'hx-swap-oob="true"' in html
    assert f'name="tm-{tm.pk}-was" value="Testers"' in html
    tm.refresh_from_db()
    assert tm.creators == "Testers"
    # The explicit save that follows, with the guards the autosave handed back, is not stale.
    fresh = guards(connection, "who-creates", member_client)
    member_client.post(url(connection, "who-creates"), {**fresh, f"tm-{tm.pk}": "Developers"})
    tm.refresh_from_db()
    assert tm.creators == "Developers"


def test_an_autosave_of_an_invalid_answer_says_it_is_not_saved(member_client, connection):
    response = member_client.post(
        url(connection, "information-to-share"),
        {"text": "x" * 6000, "nav": "autosave"},
        **HTMX,
    )

    assert "Not saved yet" in response.content.decode()
    assert not UseCaseAnswer.objects.exists()


def test_an_autosave_never_adds_a_type(member_client, connection):
    bug = ItemTypeFactory(endpoint=connection.left, key="bug", label="Bug")
    data = {**guards(connection, "product-roles", member_client), "new_left": str(bug.pk)}

    response = member_client.post(
        url(connection, "product-roles"), {**data, "nav": "autosave"}, **HTMX
    )

    assert "Saved at" in response.content.decode()
    assert TypeMapping.objects.filter(connection=connection).count() == 1


def test_unticking_a_relationship_field_removes_its_rule(member_client, connection):
    tm = mapping_of(connection)
    sprint_field = tm.right_type.fields.get(key="sprint")
    RelationshipRule.objects.create(
        type_mapping=tm, field=sprint_field, resolution="lookup", rule="by name"
    )
    name = f"rel-{tm.pk}-{sprint_field.pk}"

    member_client.post(
        url(connection, "relationships"),
        {**guards(connection, "relationships", member_client), f"{name}-shown": "1"},
    )

    assert not RelationshipRule.objects.filter(type_mapping=tm).exists()


def test_a_history_restore_gets_the_whole_page(member_client, connection):
    response = member_client.get(
        url(connection, "direction"), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_system_fields_do_not_count_towards_synchronizing_most_fields(member_client, connection):
    tm = mapping_of(connection)
    FieldFactory.create_batch(3, item_type=tm.left_type)
    FieldFactory.create_batch(3, item_type=tm.right_type)
    FieldMappingFactory(
        type_mapping=tm,
        left_field__system_generated=True,
        right_field__system_generated=True,
    )

    html = member_client.get(url(connection, "data-subsets")).content.decode()

    assert "USE-003" not in html


def test_the_wizard_starts_at_the_first_unanswered_step(member_client, connection):
    start = reverse(
        "planner:wizard_start",
        kwargs={"plan_id": connection.plan_id, "connection_id": connection.pk},
    )
    member_client.post(
        url(connection, "user-types-and-roles"),
        {
            **guards(connection, "user-types-and-roles", member_client),
            "left": "Devs",
            "right": "QA",
        },
    )

    response = member_client.get(start)

    assert response.status_code == 302
    assert response["Location"] == url(connection, "product-roles")
