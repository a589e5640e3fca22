"""python manage.py rehearse_plan PLAN ENDPOINT=FILE... [--format text|json]

Rehearse a plan on items exported from the products: PLAN is a plan id or the path to a plan
JSON document; each ENDPOINT=FILE names an endpoint key and an item response (or CSV export)
of that endpoint, ENDPOINT:TYPE=FILE when the response does not name its items' type (a sprint
list). With a plan id, the sample sets stored for the plan (the rehearsal page's) serve too:
ENDPOINT=@all (every set stored for the endpoint), ENDPOINT=@latest (the last one uploaded),
ENDPOINT=@ID (one set by its id), or @all alone (every set of the plan: the page's data). Exit
status 1 when items would be refused by the target.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from planner.rehearsal.lists import pair_list_csv, user_map_csv
from planner.rehearsal.readers import SampleError, read
from planner.rehearsal.results import rehearsal_result


class Command(BaseCommand):
    help = "Rehearse a plan on exported items: what each item would become on the other side."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="A plan id, or the path to a plan JSON document.")
        parser.add_argument(
            "samples",
            nargs="+",
            metavar="ENDPOINT=FILE",
            help="ENDPOINT=FILE, ENDPOINT:TYPE=FILE, ENDPOINT=@all|@latest|@ID, or @all.",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--pairs-csv",
            metavar="FILE",
            help="Write the pair list of the existing-item matching rules as CSV: the pairs, "
            "ambiguous matches and items without counterpart.",
        )
        parser.add_argument(
            "--user-map-csv",
            dest="user_map_csv_path",
            metavar="FILE",
            help="Write the users seen in the items, with how they resolve, as CSV.",
        )

    def handle(
        self, *args, plan, samples, format, pairs_csv=None, user_map_csv_path=None, **options
    ):
        snapshot = _snapshot(plan)
        sets = {}
        for arg in samples:
            if arg == "@all":
                for endpoint, sample in _stored(plan, None, "@all"):
                    sets.setdefault(endpoint, []).append(sample)
                continue
            target, sep, path = arg.partition("=")
            endpoint, _, type_hint = target.partition(":")
            if not sep or not endpoint or not path:
                raise CommandError(f"{arg!r}: write ENDPOINT=FILE or ENDPOINT:TYPE=FILE.")
            if snapshot.endpoint(endpoint) is None:
                known = ", ".join(e.key for e in snapshot.endpoints)
                raise CommandError(f"No endpoint {endpoint!r} in the plan (it has: {known}).")
            if path.startswith("@"):
                if type_hint:
                    raise CommandError(f"{arg!r}: a stored sample set keeps its own item type.")
                for _endpoint, sample in _stored(plan, endpoint, path):
                    sets.setdefault(endpoint, []).append(sample)
                continue
            try:
                content = Path(path).read_bytes()
            except OSError as exc:
                raise CommandError(f"{path}: {exc.strerror}") from None
            try:
                sample = read(content, path, settings.UPLOAD_MAX_BYTES)
            except SampleError as exc:
                raise CommandError(str(exc)) from None
            sample.type_hint = type_hint
            sets.setdefault(endpoint, []).append(sample)
        result, _pairings, _reports = rehearsal_result(snapshot, sets)
        # The same files the rehearsal page offers from its stored result.
        if user_map_csv_path:
            Path(user_map_csv_path).write_bytes(user_map_csv(result).encode("utf-8"))
        if pairs_csv:
            Path(pairs_csv).write_bytes(pair_list_csv(result).encode("utf-8"))
        if format == "json":
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False, default=str))
        else:
            self._text(result)
        if result["refused"]:
            sys.exit(1)

    def _text(self, result):
        for run in result["runs"]:
            self.stdout.write(
                f"{run['connection']} {run['type_mapping']}: {run['source']} items → "
                f"{run['target']} ({run['mode']}): {run['items']} items, {run['clean']} clean, "
                f"{run['with_losses']} with losses, {run['refused']} refused"
            )
            for line in run["summary"]:
                self.stdout.write(f"  {line}")
            if run["unresolved_fields"]:
                self.stdout.write(
                    f"  fields of the sample no endpoint field matches: "
                    f"{', '.join(run['unresolved_fields'])}"
                )
            for item in run["item_outcomes"]:
                if item["outcome"] == "clean":
                    continue
                self.stdout.write(f"  {item['item']}: {item['outcome']}")
                for why in item["refusals"]:
                    self.stdout.write(f"    refused: {why}")
                for why in item["losses"]:
                    self.stdout.write(f"    loses: {why}")
        for p in result["pairing"]:
            self.stdout.write(
                f"{p['connection']} {p['type_mapping']} existing items matched on "
                f"{p['rule'][0]} = {p['rule'][1]}: {p['pairs']} pairs, {p['one_to_many']} one to "
                f"many, {p['many_to_one']} many to one, {p['unmatched_left']} left and "
                f"{p['unmatched_right']} right items without counterpart (would be created), "
                f"{p['no_value']} without a value to match"
            )
        for r in result["round_trip"]:
            for label, paths in r["flips"].items():
                for path, keys in paths.items():
                    self.stdout.write(
                        f"{r['connection']} {r['type_mapping']} round trip from {r['source']}: "
                        f"{len(keys)} of {r['checked'][label]} items flip-flop on {label}: {path}"
                    )
        for r in result["identity"]:
            self.stdout.write(
                f"{r['connection']} users named by {r['source']} items: {r['covered_items']} of "
                f"{r['items']} items resolve all their users in {r['target']}; "
                f"{len(r['unresolved'])} users do not resolve, {len(r['collisions'])} collisions"
            )
        for row in result["unmatched_items"]:
            self.stdout.write(
                f"{row['items']} {row['endpoint']} items of type {row['type'] or '(none)'}: "
                "no type mapping takes them"
            )
        self.stdout.write(f"{result['refused']} items would be refused.")


def _stored(plan_arg: str, endpoint: str | None, spec: str) -> list[tuple]:
    """(endpoint key, sample set read again) for ``@all``, ``@latest`` or ``@ID``, in the order
    the rehearsal job reads them."""
    from planner.rehearsal.samples import SampleSetError, load_sample_set
    from planner.rehearsal.services import sample_sets_of

    if not plan_arg.isdigit():
        raise CommandError(f"{spec}: stored sample sets need a plan id, not a plan document.")
    stored = sample_sets_of(int(plan_arg))
    if endpoint is not None:
        stored = stored.filter(endpoint__key=endpoint)
    if spec == "@latest":
        latest = stored.order_by("-created_at", "-pk").first()
        chosen = [latest] if latest is not None else []
    elif spec == "@all":
        chosen = list(stored)
    elif spec[1:].isdigit():
        chosen = list(stored.filter(pk=int(spec[1:])))
        if not chosen:
            raise CommandError(f"No sample set {spec[1:]} of {endpoint} in this plan.")
    else:
        raise CommandError(f"{spec!r}: write @all, @latest or a sample set id (@12).")
    if not chosen:
        where = f"endpoint {endpoint}" if endpoint else "this plan"
        raise CommandError(f"No sample set is stored for {where}: upload one on the page first.")
    try:
        return [(s.endpoint.key, load_sample_set(s)) for s in chosen]
    except SampleSetError as exc:
        raise CommandError(str(exc)) from None


def _snapshot(plan_arg: str):
    if plan_arg.isdigit():
        from planner.document.snapshot import build_snapshot
        from planner.models import Plan

        plan = Plan.objects.filter(pk=int(plan_arg)).first()
        if plan is None:
            raise CommandError(f"No plan with id {plan_arg}.")
        return build_snapshot(plan)
    path = Path(plan_arg)
    if not path.is_file():
        raise CommandError(f"{plan_arg} is neither a plan id nor a readable plan document.")
    from planner.document.load import snapshot_from_document, validate_document

    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"{path} is not a JSON plan document: {exc}") from None
    problems = validate_document(document)
    if problems:
        raise CommandError(f"{path} is not a valid plan document: {'; '.join(problems)}")
    return snapshot_from_document(document)
