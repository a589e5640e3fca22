"""The rehearsal page (issue 17, point 6): sample sets uploaded by editors, the Rehearse job,
the last result's summary per type mapping and field, the items, one item side by side, and
what the result is bound to (the plan revision, the sample sets' hashes)."""

import datetime
import json
import re
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.changes import record_change
from core.models import AuditEvent, Job, JobKind, JobStatus
from planner.demo import load_demo_plan
from planner.models import SampleSet
from tests.factories import MembershipFactory, UserFactory
from tests.planner.rehearsal.test_rehearse_plan_command import fit_demo, match_defects_on_summary

ITEMS = Path("/work/shared/samples/items/")
BUGS = ITEMS / "jira_rest_api_2_search__jrjc_many-issues.json"
SPRINTS = ITEMS / "jira_rest_agile_1.0_board_id_sprint__gojira_sprints.json"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def demo(db, media):
    return load_demo_plan(today=datetime.date(2026, 3, 2)).plan


def signed_in(client, plan, role):
    user = UserFactory()
    MembershipFactory(plan=plan, user=user, role=role)
    client.force_login(user)
    return client


def upload(client, plan, path=BUGS, type_hint="", endpoint="jira", pasted=None):
    data = {"endpoint": plan.endpoints.get(key=endpoint).pk, "type_hint": type_hint}
    if pasted is None:
        data["document"] = SimpleUploadedFile(path.name, path.read_bytes())
    else:
        data["pasted"] = pasted
    return client.post(reverse("planner:sample_set_upload", args=[plan.pk]), data)


def rehearse_on_page(client, plan):
    response = client.post(reverse("planner:rehearsal_start", args=[plan.pk]))
    job = Job.objects.filter(plan=plan, kind=JobKind.REHEARSE).latest("pk")
    assert response.url == reverse("planner:job_status", args=[plan.pk, job.pk])
    return job


def page(client, plan):
    return client.get(reverse("planner:rehearsal", args=[plan.pk])).content.decode()


def test_an_editor_uploads_a_file_and_a_pasted_response_and_both_are_listed(client, demo):
    signed_in(client, demo, "editor")
    response = upload(client, demo)
    assert response.status_code == 302
    pasted = SPRINTS.read_text(encoding="utf-8")
    assert upload(client, demo, type_hint="sprint", pasted=pasted).status_code == 302
    sets = list(SampleSet.objects.filter(plan=demo).order_by("pk"))
    assert [(s.name, s.item_count, s.type_hint) for s in sets] == [
        (BUGS.name, 8, ""),  # 7 bugs and a task
        ("pasted.json", 6, "sprint"),
    ]
    html = page(client, demo)
    assert BUGS.name in html and "pasted.json" in html
    assert AuditEvent.objects.filter(plan=demo, action="sample_set.upload").count() == 2


def test_a_viewer_sees_the_page_but_may_not_upload_or_rehearse(client, demo):
    signed_in(client, demo, "viewer")
    html = page(client, demo)
    assert "Upload a sample set" not in html and "Rehearse</button>" not in html
    assert upload(client, demo).status_code == 403
    assert client.post(reverse("planner:rehearsal_start", args=[demo.pk])).status_code == 403
    assert not SampleSet.objects.filter(plan=demo).exists()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "empty"),
        (b'{"issues": [{"key": "A-1", "fields": {"summary": "a\x00b"}}]}', "NUL"),
        (b"not an item response", "a CSV export needs a header row and at least one item"),
    ],
)
def test_a_hostile_or_unknown_upload_is_refused_in_words_and_nothing_is_stored(
    client, demo, tmp_path, content, said
):
    signed_in(client, demo, "editor")
    path = tmp_path / "items.json"
    path.write_bytes(content)
    response = upload(client, demo, path)
    assert response.status_code == 400
    text = response.content.decode()
    assert said in text
    assert not SampleSet.objects.filter(plan=demo).exists()


def test_the_upload_limit_of_the_other_uploads_applies(client, demo, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    signed_in(client, demo, "editor")
    response = upload(client, demo)
    assert response.status_code == 400
    assert "over the limit of 1,000 bytes" in response.content.decode()
    assert not SampleSet.objects.filter(plan=demo).exists()


def test_the_page_links_to_a_rehearsal_still_running(client, demo):
    signed_in(client, demo, "viewer")
    job = Job.objects.create(plan=demo, kind=JobKind.REHEARSE, status=JobStatus.RUNNING)
    html = page(client, demo)
    assert reverse("planner:job_status", args=[demo.pk, job.pk]) in html
    job.status = JobStatus.FAILED
    job.save()
    assert reverse("planner:job_status", args=[demo.pk, job.pk]) not in page(client, demo)


def test_rehearse_without_sample_sets_says_so(client, demo):
    signed_in(client, demo, "editor")
    response = client.post(reverse("planner:rehearsal_start", args=[demo.pk]), follow=True)
    assert "Upload a sample set first" in response.content.decode()
    assert not Job.objects.filter(plan=demo, kind=JobKind.REHEARSE).exists()


def test_the_page_shows_the_summary_drills_down_and_shows_one_item_side_by_side(client, demo):
    fit_demo(demo)
    signed_in(client, demo, "editor")
    upload(client, demo)
    job = rehearse_on_page(client, demo)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result["revision"] == demo.revision
    assert job.result["sample_sets"][0]["sha256"] == SampleSet.objects.get(plan=demo).sha256
    html = page(client, demo)
    assert "Defect-&gt;Bug: jira → alm (create)" in html
    assert "7 with losses" in html
    assert "the time part is dropped" in html
    assert "older revision" not in html and "other sample sets" not in html

    run = re.search(r"rehearsal/items/\?run=(\d+)&amp;outcome=with\+losses", html).group(1)
    items = client.get(
        reverse("planner:rehearsal_items", args=[demo.pk]),
        {"run": run, "field": "Detected on Date", "reason": "the time part is dropped"},
    ).content.decode()
    assert "7 items" in items and "TST-9" in items
    item = client.get(
        reverse("planner:rehearsal_item", args=[demo.pk]), {"run": run, "item": "TST-9"}
    ).content.decode()
    # Source value, what the target would get and why, on one row.
    row = re.search(r"<tr class=\"kind-lossy\">\s*<td>Detected on Date</td>(.*?)</tr>", item, re.S)
    assert row, item
    cells = re.findall(r"<td>(.*?)</td>", row.group(1), re.S)
    # TST-9 of the sample was created 2012-12-07T15:28:57.000+0100.
    assert cells == [
        "2012-12-07T15:28:57.000+0100",
        "2012-12-07",
        "lossy: the time part is dropped",
    ]


def test_unknown_runs_and_items_are_not_found(client, demo, media):
    signed_in(client, demo, "viewer")
    items = reverse("planner:rehearsal_items", args=[demo.pk])
    assert client.get(items, {"run": "0"}).status_code == 404  # not rehearsed yet
    signed_in(client, demo, "editor")
    upload(client, demo)
    rehearse_on_page(client, demo)
    assert client.get(items, {"run": "x"}).status_code == 404
    assert client.get(items, {"run": "99"}).status_code == 404
    item = reverse("planner:rehearsal_item", args=[demo.pk])
    assert client.get(item, {"run": "0", "item": "NOPE-1"}).status_code == 404
    assert client.get(item, {"run": "0", "item": "TST-9"}).status_code == 200
    for path in (media / "rehearsals").rglob("*.jsonl"):
        path.unlink()
    assert client.get(item, {"run": "0", "item": "TST-9"}).status_code == 404


def test_the_page_says_when_the_result_is_from_an_older_revision_or_other_sample_sets(client, demo):
    signed_in(client, demo, "editor")
    upload(client, demo)
    rehearse_on_page(client, demo)
    assert "older revision" not in page(client, demo)
    record_change(demo, None, "plan.rename", "plan", before={"name": ""}, after={"name": "x"})
    demo.refresh_from_db()
    html = page(client, demo)
    assert f"This result is from revision {demo.revision - 1}" in html
    assert "other sample sets" not in html
    upload(client, demo, SPRINTS, type_hint="sprint")
    assert "computed on other sample sets" in page(client, demo)


def test_the_command_and_the_page_give_the_same_counts(client, demo):
    signed_in(client, demo, "editor")
    upload(client, demo)
    upload(client, demo, SPRINTS, type_hint="sprint")
    rehearse_on_page(client, demo)
    html = page(client, demo)
    out = StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "rehearse_plan",
            str(demo.pk),
            f"jira={BUGS}",
            f"jira:sprint={SPRINTS}",
            format="json",
            stdout=out,
        )
    result = json.loads(out.getvalue())
    shown = page_counts(html)
    expected = [
        (r["type_mapping"].replace(">", "&gt;"), r["source"], r["target"], r["mode"],
         str(r["items"]), str(r["clean"]), str(r["with_losses"]), str(r["refused"]))
        for r in result["runs"]
    ]  # fmt: skip
    assert shown == expected
    assert len(expected) == 2


def page_counts(html) -> list[tuple]:
    return re.findall(
        r"<h3>\S+ (\S+): (\S+) → (\S+) \((\w+)\)</h3>\s*<p class=\"run-counts\">(\d+) items:.*?"
        r">(\d+) clean</a>.*?>(\d+) with losses</a>.*?>(\d+) refused</a>",
        html,
        re.S,
    )


def command_json(plan, *samples):
    out = StringIO()
    try:
        call_command("rehearse_plan", str(plan.pk), *samples, format="json", stdout=out)
    except SystemExit as exc:
        assert exc.code == 1  # items would be refused
    return json.loads(out.getvalue())


def test_the_command_on_the_stored_sample_sets_gives_the_page_s_counts(client, demo, media):
    signed_in(client, demo, "editor")
    upload(client, demo)
    upload(client, demo, SPRINTS, type_hint="sprint")
    job = rehearse_on_page(client, demo)
    shown = page_counts(page(client, demo))

    result = command_json(demo, "@all")
    expected = [
        (r["type_mapping"].replace(">", "&gt;"), r["source"], r["target"], r["mode"],
         str(r["items"]), str(r["clean"]), str(r["with_losses"]), str(r["refused"]))
        for r in result["runs"]
    ]  # fmt: skip
    assert shown == expected
    assert [(r[4], r[7]) for r in shown] == [("7", "7"), ("6", "6")]
    # Not only the counts: the whole stored result, but where its files are.
    stored = json.loads((media / job.result["path"]).read_text(encoding="utf-8"))
    for run in stored["runs"]:
        for row in run["item_outcomes"]:
            del row["at"]
    for member in ("details", "revision", "sample_sets"):
        del stored[member]
    assert result == stored
    assert command_json(demo, "jira=@all") == result
    bugs, sprints = SampleSet.objects.filter(plan=demo).order_by("pk")
    assert command_json(demo, f"jira=@{bugs.pk}", f"jira=@{sprints.pk}") == result
    latest = command_json(demo, "jira=@latest")  # the sprints, uploaded last
    assert [r["type_mapping"] for r in latest["runs"]] == ["sprint->sprint"]


def test_the_command_refuses_stored_sets_it_cannot_name(demo):
    with pytest.raises(CommandError, match="No sample set is stored for endpoint jira"):
        call_command("rehearse_plan", str(demo.pk), "jira=@latest")
    with pytest.raises(CommandError, match="No sample set 999999 of jira"):
        call_command("rehearse_plan", str(demo.pk), "jira=@999999")
    with pytest.raises(CommandError, match="write @all, @latest or a sample set id"):
        call_command("rehearse_plan", str(demo.pk), "jira=@newest")
    with pytest.raises(CommandError, match="keeps its own item type"):
        call_command("rehearse_plan", str(demo.pk), "jira:sprint=@all")


def download(client, html, name):
    """Follow the page's download link whose text is ``name``."""
    href = re.search(rf'<a class="download" href="([^"]+)">{re.escape(name)}</a>', html)
    assert href, html
    return client.get(href.group(1).replace("&amp;", "&"))


def test_the_page_s_pair_list_and_user_map_are_the_command_s_files(client, demo, tmp_path):
    # The demo's defects matched on Summary, the real Jira search sample and an ALM/QC export.
    alm_file = match_defects_on_summary(demo, tmp_path)
    signed_in(client, demo, "editor")
    upload(client, demo)
    upload(client, demo, alm_file, endpoint="alm")
    job = rehearse_on_page(client, demo)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    pairs_file, users_file = tmp_path / "pairs.csv", tmp_path / "users.csv"
    with pytest.raises(SystemExit):  # the Jira bugs are refused in ALM/QC
        call_command(
            "rehearse_plan",
            str(demo.pk),
            f"jira={BUGS}",
            f"alm={alm_file}",
            pairs_csv=str(pairs_file),
            user_map_csv_path=str(users_file),
            stdout=StringIO(),
        )
    html = page(client, demo)
    assert "1 pairs, 0 one to many, 1 many to one, 1 left and 5 right items" in html
    pairs = download(client, html, "Pair list of alm-jira Defect-&gt;Bug (CSV)")
    assert pairs.status_code == 200
    assert pairs["Content-Type"] == "text/csv; charset=utf-8"
    assert pairs["Content-Disposition"] == (
        'attachment; filename="demo-alm-qc-and-alm-octane-with-jira-cloud'
        f'-r{job.result["revision"]}-pair-list-alm-jira-defect-bug.csv"'
    )
    # One type mapping pairs items here: its list is the command's whole file.
    assert pairs.content == pairs_file.read_bytes()
    everything = client.get(reverse("planner:rehearsal_pair_list", args=[demo.pk]))
    assert everything.content == pairs_file.read_bytes()
    lines = pairs.content.decode("utf-8-sig").splitlines()
    assert [line.split(",")[4] for line in lines[1:]] == [
        "pair",
        "many to one",
        "left item without counterpart",
        *["right item without counterpart"] * 5,
    ]
    users = download(client, html, "User map (CSV)")
    assert users.status_code == 200
    assert users["Content-Disposition"] == (
        'attachment; filename="demo-alm-qc-and-alm-octane-with-jira-cloud'
        f'-r{job.result["revision"]}-user-map.csv"'
    )
    assert users.content == users_file.read_bytes()
    assert "alm-jira,jira,Administrator,admin," in users.content.decode("utf-8-sig")


def test_a_viewer_downloads_the_lists_and_an_outsider_gets_404(client, demo):
    signed_in(client, demo, "editor")
    upload(client, demo)
    job = rehearse_on_page(client, demo)
    pair_list = reverse("planner:rehearsal_pair_list", args=[demo.pk])
    user_map = reverse("planner:rehearsal_user_map", args=[demo.pk])
    signed_in(client, demo, "viewer")
    response = client.get(user_map)
    assert response.status_code == 200
    assert f"-r{job.result['revision']}-user-map.csv" in response["Content-Disposition"]
    # No existing-item matching rule in the demo as loaded: no pair list, said on the page.
    response = client.get(pair_list, follow=True)
    assert "the last rehearsal matched no items" in response.content.decode()
    one = {"connection": "alm-jira", "type_mapping": "Defect->Bug"}
    assert client.get(pair_list, one).status_code == 404
    client.force_login(UserFactory())  # no membership
    assert client.get(user_map).status_code == 404
    assert client.get(pair_list).status_code == 404


def test_no_or_an_older_rehearsal_result_gives_a_message_not_a_file(client, demo, media):
    signed_in(client, demo, "viewer")
    pair_list = reverse("planner:rehearsal_pair_list", args=[demo.pk])
    user_map = reverse("planner:rehearsal_user_map", args=[demo.pk])
    for url in (pair_list, user_map):
        response = client.get(url, follow=True)
        assert response.redirect_chain == [(reverse("planner:rehearsal", args=[demo.pk]), 302)]
        assert "the plan has no stored rehearsal result. Rehearse it first." in (
            response.content.decode()
        )
    signed_in(client, demo, "editor")
    upload(client, demo)
    job = rehearse_on_page(client, demo)
    job.refresh_from_db()
    # A result stored before the lists were kept with it.
    stored = media / job.result["path"]
    result = json.loads(stored.read_text(encoding="utf-8"))
    for report in result["identity"]:
        del report["users"]
    stored.write_text(json.dumps(result), encoding="utf-8")
    response = client.get(user_map, follow=True)
    assert "the last rehearsal was stored before its user map was kept with it" in (
        response.content.decode()
    )
    stored.unlink()
    response = client.get(user_map, follow=True)
    assert "no stored rehearsal result" in response.content.decode()


def _finished(job, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.2)
    return job


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_rehearsal_runs_on_the_worker_with_progress_and_a_stored_result(
    celery_worker, client, media
):
    plan = load_demo_plan(today=datetime.date(2026, 3, 2)).plan
    signed_in(client, plan, "editor")
    upload(client, plan)
    job = rehearse_on_page(client, plan)
    assert _finished(job).status == JobStatus.SUCCEEDED, job.message
    assert (job.progress, job.message) == (100, "Rehearsed 7 items: 7 refused, 0 with losses.")
    assert job.celery_task_id
    stored = json.loads((media / job.result["path"]).read_text(encoding="utf-8"))
    assert stored["revision"] == plan.revision == job.result["revision"]
    assert [s["sha256"] for s in stored["sample_sets"]] == [SampleSet.objects.get(plan=plan).sha256]
    (run,) = stored["runs"]
    assert (run["items"], run["refused"]) == (7, 7)
    # Each item's side-by-side fields are one line of their own file, found by its offset.
    lines = (media / stored["details"]).read_bytes().splitlines()
    assert len(lines) == 7
    tst9 = next(i for i in run["item_outcomes"] if i["item"] == "TST-9")
    start, length = tst9["at"]
    assert (
        json.loads((media / stored["details"]).read_bytes()[start : start + length])[1] == "TST-9"
    )
    status = client.get(reverse("planner:job_status", args=[plan.pk, job.pk])).content.decode()
    assert reverse("planner:rehearsal", args=[plan.pk]) in status
