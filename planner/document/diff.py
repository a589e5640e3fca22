"""What changed between two plan documents, in words a reviewer reads.

Both documents are flattened into items (an endpoint, a type, a field, a type mapping, a field
mapping, an enum pair, an answer, an operations item, ...), each with a readable subject built
from names (``connection jira-octane / type mapping Bug->defect / field mapping
priority->severity``) and its own scalar attributes. Items present on one side only are added or
removed; items on both sides whose attributes differ are changed, with the attributes listed.
Array positions are not attributes, except for enum pairs, whose order decides defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | changed
    area: str  # "type", "field mapping", "enum pair", "operations item", ...
    subject: str  # readable path of names
    # For "changed": attribute -> (before, after). For added/removed: the item's attributes.
    details: dict = field(default_factory=dict, hash=False, compare=False)

    def __str__(self) -> str:
        if self.kind == "changed":
            parts = ", ".join(
                f"{name}: {_short(before)} → {_short(after)}"
                for name, (before, after) in self.details.items()
            )
            return f"{self.area} {self.subject} changed ({parts})"
        return f"{self.area} {self.subject} {self.kind}"


def _short(value) -> str:
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "..."


def diff_documents(old: dict, new: dict) -> list[Change]:
    """The changes that turn document ``old`` into document ``new``, in document order."""
    before = dict(_items(old))
    after = dict(_items(new))
    changes: list[Change] = []
    for ident, (area, subject, attrs) in before.items():
        if ident not in after:
            changes.append(Change("removed", area, subject, attrs))
            continue
        new_attrs = after[ident][2]
        changed = {
            name: (attrs.get(name), new_attrs.get(name))
            for name in sorted(set(attrs) | set(new_attrs))
            if attrs.get(name) != new_attrs.get(name)
        }
        if changed:
            changes.append(Change("changed", area, subject, changed))
    for ident, (area, subject, attrs) in after.items():
        if ident not in before:
            changes.append(Change("added", area, subject, attrs))
    return changes


def _scalars(obj: dict, skip=()) -> dict:
    """An item's own attributes: everything but its nested items (``skip``), which are items
    themselves."""
    return {k: v for k, v in obj.items() if k not in skip}


def _items(doc: dict):
    """(identity, (area, subject, attributes)) for every item of a document."""
    yield ("plan",), ("plan", "", dict(doc.get("plan") or {}))
    server = doc.get("sync_server")
    if server:
        yield ("server",), ("sync server", server["name"], _scalars(server, ("operations",)))
        for item in server.get("operations", []):
            yield (
                ("operations", item["kind"], item["key"]),
                ("operations item", f"{item['kind']} {item['key']}", _scalars(item)),
            )
    for e in doc.get("endpoints", []):
        ek = e["key"]
        yield ("endpoint", ek), ("endpoint", ek, _scalars(e, ("projects", "types", "users")))
        for p in e.get("projects", []):
            yield ("project", ek, p["key"]), ("project", f"{ek} / {p['key']}", dict(p))
        for u in e.get("users", []):
            yield ("user", ek, u["username"]), ("user", f"{ek} / {u['username']}", dict(u))
        for t in e.get("types", []):
            tk = t["key"]
            yield (
                ("type", ek, tk),
                ("type", f"{ek} / {tk}", _scalars(t, ("fields",))),
            )
            for f in t.get("fields", []):
                fk = f["key"]
                attrs = _scalars(f, ("values",))
                yield ("field", ek, tk, fk), ("field", f"{ek} / {tk} / {fk}", attrs)
                for v in f.get("values", []):
                    yield (
                        ("value", ek, tk, fk, v["label"]),
                        ("enum value", f"{ek} / {tk} / {fk} / {v['label']}", dict(v)),
                    )
    for c in doc.get("connections", []):
        ck = c["key"]
        at = f"connection {ck}"
        skip = ("project_pairs", "type_mappings", "user_map", "use_case_answers")
        yield ("connection", ck), ("connection", ck, _scalars(c, skip))
        for p in c.get("project_pairs", []):
            pair = (p["left"], p["right"])
            yield (
                ("project pair", ck, pair),
                ("project pair", f"{at} / {p['left']}↔{p['right']}", {}),
            )
        for a in c.get("use_case_answers", []):
            yield (
                ("answer", ck, a["question"]),
                ("answer", f"{at} / {a['question']}", dict(a)),
            )
        user_map = c.get("user_map")
        if user_map:
            yield ("user map", ck), ("user map", at, _scalars(user_map, ("entries",)))
            for entry in user_map.get("entries", []):
                yield (
                    ("user map entry", ck, entry["left"], entry["right"]),
                    ("user map entry", f"{at} / {entry['left']}↔{entry['right']}", {}),
                )
        for tm in c.get("type_mappings", []):
            tmk = f"{tm['left_type']}->{tm['right_type']}"
            tat = f"{at} / type mapping {tmk}"
            skip = ("field_mappings", "relationship_rules", "existing_item_matchings")
            yield ("type mapping", ck, tmk), ("type mapping", f"{at} / {tmk}", _scalars(tm, skip))
            for fm in tm.get("field_mappings", []):
                fmk = f"{fm['left_field'] or ''}->{fm['right_field'] or ''}"
                attrs = _scalars(fm, ("enum_pairs", "calculated_value"))
                for name, value in (fm.get("calculated_value") or {}).items():
                    attrs[f"calculated value {name}"] = value
                yield ("field mapping", ck, tmk, fmk), ("field mapping", f"{tat} / {fmk}", attrs)
                pairs = fm.get("enum_pairs", [])
                for position, p in enumerate(pairs):
                    yield (
                        ("enum pair", ck, tmk, fmk, p["left"], p["right"]),
                        (
                            "enum pair",
                            f"{tat} / {fmk} / {p['left']}↔{p['right']}",
                            {"position": position},
                        ),
                    )
            for r in tm.get("relationship_rules", []):
                yield (
                    ("relationship rule", ck, tmk, r["side"], r["field"]),
                    ("relationship rule", f"{tat} / {r['side']} {r['field']}", dict(r)),
                )
            for m in tm.get("existing_item_matchings", []):
                mk = f"{m['left_field']}={m['right_field']}"
                yield (
                    ("existing-item matching", ck, tmk, mk),
                    ("existing-item matching", f"{tat} / {mk}", dict(m)),
                )
    for a in doc.get("acknowledgements", []):
        yield (
            ("acknowledgement", a["code"], a["subject"]),
            ("acknowledgement", f"{a['code']} {a['subject']}", dict(a)),
        )
