"""Backups of every plan as portable JSON files (``backup_plans`` / ``restore_plans``).

One file per plan: its plan document (planner.document.dump), its frozen versions, its members
(by username and role) and the catalog products its endpoints name, so a restore into an empty
database (a new installation, a disaster recovery) needs nothing else. Review discussion,
findings and audit history are not part of it: a database dump keeps those.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from connections.models import Product
from core.access import Role
from planner.document.dump import plan_document
from planner.document.load import DocumentRejected, import_document
from planner.models import Membership, Plan, PlanVersion

FORMAT = "syncplan-backup/1"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


@dataclass
class Restored:
    name: str
    plan: Plan
    versions: int


def write_backup(directory: Path) -> list[Path]:
    """Write one JSON file per plan and a manifest into ``directory`` (created if needed)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    plans = Plan.objects.select_related("created_by").order_by("pk")
    for plan in plans.iterator(chunk_size=50):
        path = directory / f"plan-{plan.pk:06d}.json"
        _write_json(path, _plan_backup(plan))
        written.append(path)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "plans": [path.name for path in written],
    }
    _write_json(directory / MANIFEST, manifest)
    return written


def _write_json(path: Path, data: dict) -> None:
    # Written beside, then renamed: a crash mid-write never leaves a truncated backup file.
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)


def _plan_backup(plan: Plan) -> dict:
    document = plan_document(plan)
    product_keys = {e["product"] for e in document["endpoints"] if e.get("product")}
    members = Membership.objects.filter(plan=plan).select_related("user").order_by("pk")
    versions = PlanVersion.objects.filter(plan=plan).select_related("created_by").order_by("number")
    return {
        "format": FORMAT,
        "plan": {
            "name": plan.name,
            "status": plan.status,
            "created_by": _username(plan.created_by),
            "created_at": plan.created_at.isoformat(),
        },
        "members": [
            {"username": m.user.get_username(), "email": m.user.email, "role": m.role}
            for m in members
        ],
        "products": [
            {
                "key": p.key,
                "name": p.name,
                "vendor": p.vendor,
                "description": p.description,
                "profile": p.profile,
                "catalog_sha256": p.catalog_sha256,
            }
            for p in Product.objects.filter(key__in=product_keys).order_by("key")
        ],
        "document": document,
        "versions": [
            {
                "number": v.number,
                "document": v.document,
                "sha256": v.sha256,
                "note": v.note,
                "created_by": _username(v.created_by),
                "created_at": v.created_at.isoformat(),
            }
            for v in versions
        ],
    }


def _username(user) -> str | None:
    return user.get_username() if user else None


def restore_backup(directory: Path) -> list[Restored]:
    """Recreate every plan of a backup in this (plan-less) database, all or nothing. Members
    missing here are created without a usable password (they set one through a reset)."""
    if Plan.objects.exists():
        raise BackupError(
            "This database already holds plans; restore into an empty database "
            "(a restore never merges into existing plans)."
        )
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{directory} holds no {MANIFEST}: is it a plan backup?") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} is not a {FORMAT} backup")
    restored = []
    with transaction.atomic():
        for name in manifest["plans"]:
            data = json.loads((directory / name).read_text(encoding="utf-8"))
            try:
                restored.append(_restore_plan(name, data))
            except DocumentRejected as exc:
                raise BackupError(f"{name}: the plan document was refused: {exc}") from exc
    return restored


def _restore_plan(name: str, data: dict) -> Restored:
    for product in data["products"]:
        Product.objects.get_or_create(key=product["key"], defaults=product)
    users = {m["username"]: _user(m["username"], m.get("email", "")) for m in data["members"]}
    owners = [m["username"] for m in data["members"] if m["role"] == Role.OWNER]
    owner_name = owners[0] if owners else data["plan"]["created_by"]
    if owner_name is None:
        raise BackupError(f"{name}: the plan has neither an owner nor a creator")
    owner = users.get(owner_name) or _user(owner_name, "")

    plan = import_document(data["document"], user=owner, name=data["plan"]["name"])
    Plan.objects.filter(pk=plan.pk).update(status=data["plan"]["status"])
    Membership.objects.bulk_create(
        [
            Membership(plan=plan, user=users[m["username"]], role=m["role"])
            for m in data["members"]
            if m["username"] != owner_name
        ]
    )
    PlanVersion.objects.bulk_create(
        [
            PlanVersion(
                plan=plan,
                number=v["number"],
                document=v["document"],
                sha256=v["sha256"],
                note=v["note"],
                created_by=users.get(v["created_by"]) or _user_or_none(v["created_by"]),
            )
            for v in data["versions"]
        ]
    )
    plan.refresh_from_db()
    return Restored(name=name, plan=plan, versions=len(data["versions"]))


def _user(username: str, email: str):
    User = get_user_model()  # noqa: N806
    user, created = User.objects.get_or_create(username=username, defaults={"email": email})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _user_or_none(username: str | None):
    return _user(username, "") if username else None
