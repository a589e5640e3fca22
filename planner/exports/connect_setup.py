"""The "Connect set-up" sheet: the plan in the order of Connect's own screens, so an
administrator can configure OpenText (Micro Focus) Connect by working down it.

Data sources, the connection, syncsets, type and field maps, value maps, projects and sync
criteria, calculated values, the (global) user map, existing items, the purge schedule. A plan
choice Connect cannot express gets a note next to its row, from the same facts the CNX rules
read (facts/connect.py), so the sheet and the findings agree.
"""

from __future__ import annotations

from collections.abc import Iterator

from facts import connect, enums
from planner.document.snapshot import PlanSnapshot
from planner.operations import schedules
from planner.validation.display import _named as named  # labels with the key in brackets

from .sheets import Column, ExportOptions, Sheet, WorksheetData, _name_shower, effective_direction
from .words import calculated_kind_words, product_words

TITLE = "Connect set-up"

COLUMNS = [
    Column("Connect screen", 18), Column("Connection", 22), Column("Item", 30),
    Column("Setting", 30), Column("Value", 40), Column("Detail", 44), Column("Note", 50),
]  # fmt: skip

STRATEGY_WORDS = {
    "explicit": "explicit map",
    "by_name": "match by name",
    "by_email": "match by email",
    "by_username": "match by username",
}


def connect_setup_sheet(data: WorksheetData, options: ExportOptions) -> Sheet:
    return Sheet(TITLE, COLUMNS, rows(data.snapshot, options, data.on))


def rows(s: PlanSnapshot, options: ExportOptions, on=None) -> Iterator[list]:
    screens = (
        ("Data sources", _data_sources(s)),
        ("Connection", _connections(s)),
        ("Syncsets", _syncsets(s)),
        ("Type maps", _type_and_field_maps(s)),
        ("Value maps", _value_maps(s)),
        ("Projects and criteria", _projects(s)),
        ("Calculated values", _calculated_values(s)),
        ("User maps", _user_map(s, options)),
        ("Existing items", _existing_items(s)),
        ("Purge schedule", _purge(s, on)),
    )
    for screen, found in screens:
        empty = True
        for row in found:
            empty = False
            yield row
        if empty:  # every screen shows, so a blank one reads as "nothing to set", not "forgotten"
            yield _row(screen, value="(none planned)")


# --------------------------------------------------------------------------------------------
# Helpers


def _row(screen, connection="", item="", setting="", value="", detail="", note="") -> list:
    return [screen, connection, item, setting, value, detail, note]


def _conn_name(c) -> str:
    return named(c.name, c.key)


def _ep_name(s, key) -> str:
    e = s.endpoint(key)
    return e.name if e else key


def _type_name(s, endpoint_key, type_key) -> str:
    e = s.endpoint(endpoint_key)
    t = e.type(type_key) if e else None
    return named(t.label if t else "", type_key)


def _field_name(s, endpoint_key, type_key, field_key) -> str:
    if field_key is None:
        return "calculated value"
    e = s.endpoint(endpoint_key)
    t = e.type(type_key) if e else None
    f = t.field(field_key) if t else None
    return named(f.label if f else "", field_key)


def _field(s, endpoint_key, type_key, field_key):
    e = s.endpoint(endpoint_key)
    t = e.type(type_key) if e else None
    return t.field(field_key) if t and field_key else None


def _type_map_name(s, c, tm) -> str:
    return f"{_type_name(s, c.left, tm.left_type)} ↔ {_type_name(s, c.right, tm.right_type)}"


def _way(s, c, direction) -> str:
    return connect.way_words(direction, _ep_name(s, c.left), _ep_name(s, c.right))


def _project_name(s, endpoint_key, key) -> str:
    e = s.endpoint(endpoint_key)
    p = next((p for p in e.projects if p.key == key), None) if e else None
    return named(p.name if p else "", key)


# --------------------------------------------------------------------------------------------
# Screens, in Connect's order


def _data_sources(s: PlanSnapshot) -> Iterator[list]:
    screen = "Data sources"
    # {endpoint: {type: [(connection, type mapping, creates here)]}} in plan order
    used: dict[str, dict[str, list]] = {}
    for c in s.connections:
        for tm in c.type_mappings:
            for side, type_key, creates in (
                ("left", tm.left_type, tm.creates_left),
                ("right", tm.right_type, tm.creates_right),
            ):
                endpoint = getattr(c, side)
                used.setdefault(endpoint, {}).setdefault(type_key, []).append((c, tm, creates))
    shared = {
        (getattr(c, side), _conn_name(c)): [k for keys in containers.values() for k in keys]
        for c in s.connections
        for side, containers in connect.projects_needing_data_sources(s, c).items()
    }
    projects: dict[str, dict[str, list[str]]] = {}  # {endpoint: {project: [connections]}}
    for c in s.connections:
        for left_key, right_key in c.project_pairs:
            for endpoint, key in ((c.left, left_key), (c.right, right_key)):
                conns = projects.setdefault(endpoint, {}).setdefault(key, [])
                if _conn_name(c) not in conns:
                    conns.append(_conn_name(c))
    for e in s.endpoints:
        if e.key not in used and not any(e.key in (c.left, c.right) for c in s.connections):
            continue
        item = named(e.name, e.key)
        note = "; ".join(
            f"{conn}: projects {', '.join(keys)} lie in several domains or shared spaces, "
            "a data source each (CNX-005)"
            for (ep, conn), keys in shared.items()
            if ep == e.key
        )
        product = product_words(e.product)
        yield _row(screen, "", item, "Product, server", product, e.base_url, note)
        account = e.integration_account or "no account recorded"
        detail = ", ".join(p for p in (e.auth_method, e.account_role) if p)
        yield _row(screen, "", item, "Data source account", account, detail)
        for key, conns in projects.get(e.key, {}).items():
            yield _row(screen, "", item, "Project", _project_name(s, e.key, key),
                       "connections: " + ", ".join(conns))  # fmt: skip
        for type_key, uses in used.get(e.key, {}).items():
            creates = any(created for _, _, created in uses)
            mappings = "; ".join(
                f"{c.key}: {_type_map_name(s, c, tm)} ({_way(s, c, tm.direction)})"
                for c, tm, _ in uses
            )
            yield _row(screen, "", item, f"Type {_type_name(s, e.key, type_key)}",
                       f"Allow Create: {'yes' if creates else 'no'}", mappings)  # fmt: skip


def _connections(s: PlanSnapshot) -> Iterator[list]:
    screen = "Connection"
    for c in s.connections:
        name = _conn_name(c)
        left, right = _ep_name(s, c.left), _ep_name(s, c.right)
        sides = {"left": left, "right": right}
        master = connect.master(s, c)
        yield _row(screen, name, "Name", "", c.name or c.key)
        note = ""
        if not master and c.type_mappings:
            named_masters = connect.named_masters(c)
            note = (
                "the type mappings name different systems of record; Connect has one master "
                "per connection (CNX-002)"
                if named_masters
                else "no system of record named; Connect needs a master (CNX-002)"
            )
        forced = connect.opentext_side(s, c)
        detail = (
            f"{sides[forced]} is the OpenText product of the pair" if forced else
            "the system of record of the type mappings"
        )  # fmt: skip
        yield _row(screen, name, "Master", "", sides.get(master, "(not named)"), detail, note)
        target = {"left": "right", "right": "left"}.get(master, "")
        yield _row(screen, name, "Target", "", sides.get(target, "(not named)"))
        directions = list(dict.fromkeys(tm.direction for tm in c.type_mappings))
        if len(directions) == 1:
            default, detail = _way(s, c, directions[0]), "every type mapping"
        else:
            default = _way(s, c, {"left": "l2r", "right": "r2l"}.get(master, "both"))
            detail = "from the master; type maps set their own direction (see Type maps)"
        yield _row(screen, name, "Default direction", "", default, detail)
        policy_note = ""
        refused = [p for p in connect.policies_not_master_wins(s, c) if p.type_mapping is None]
        if refused:
            policy_note = "Connect resolves conflicts as master wins (CNX-001)"
        policy = connect.policy_words(c.conflict_policy, left, right) or "(not set)"
        yield _row(screen, name, "Conflict resolution", "", policy,
                   "Connect: master wins", policy_note)  # fmt: skip


def _syncsets(s: PlanSnapshot) -> Iterator[list]:
    screen = "Syncsets"
    for c in s.connections:
        for tm in c.type_mappings:
            tm_name = _type_map_name(s, c, tm)
            if not c.project_pairs:
                yield _row(screen, _conn_name(c), tm_name, "Projects", "(no project pair)",
                           "", "pair the projects of the connection")  # fmt: skip
            for left_key, right_key in c.project_pairs:
                yield _row(
                    screen, _conn_name(c), tm_name, "Projects",
                    f"{_project_name(s, c.left, left_key)} ↔ "
                    f"{_project_name(s, c.right, right_key)}",
                    _way(s, c, tm.direction),
                )  # fmt: skip


def _type_and_field_maps(s: PlanSnapshot) -> Iterator[list]:
    for c in s.connections:
        refused = connect.policies_not_master_wins(s, c)
        refused_tms = {id(p.type_mapping) for p in refused if p.field_mapping is None}
        refused_fms = {id(p.field_mapping) for p in refused if p.field_mapping is not None}
        off_master = {id(tm) for tm in connect.masters_off_opentext(s, c)}
        sides = {"left": _ep_name(s, c.left), "right": _ep_name(s, c.right)}
        for tm in c.type_mappings:
            tm_name = _type_map_name(s, c, tm)
            notes = []
            if id(tm) in off_master:
                notes.append(
                    f"system of record {sides[tm.system_of_record]}; Connect's master is "
                    f"{sides[connect.opentext_side(s, c)]} (CNX-003)"
                )
            if id(tm) in refused_tms:
                notes.append("conflict policy is not master wins (CNX-001)")
            owner = sides.get(tm.system_of_record, "(not named)")
            yield _row("Type maps", _conn_name(c), tm_name, "Direction",
                       _way(s, c, tm.direction), f"system of record: {owner}",
                       "; ".join(notes))  # fmt: skip
            left_type = s.endpoint(c.left).type(tm.left_type) if s.endpoint(c.left) else None
            right_type = s.endpoint(c.right).type(tm.right_type) if s.endpoint(c.right) else None
            for fm in tm.field_mappings:
                if fm.is_calculated:
                    continue  # in "Calculated values"
                lf = _field(s, c.left, tm.left_type, fm.left_field)
                rf = _field(s, c.right, tm.right_type, fm.right_field)
                # What the administrator sets is the declared direction; where read-only or
                # create-only fields narrow it, the detail says what really flows.
                declared = tm.field_direction(fm)
                effective = effective_direction(tm, fm, left_type, right_type)
                way = _way(s, c, declared)
                value = f"explicit: {way}" if fm.direction else f"inherit: {way}"
                is_user = any(f is not None and f.is_user for f in (lf, rf))
                details = ["Enable User Map: yes" if is_user else ""]
                if fm.on_creation_only:
                    details.append("on creation only")
                if effective != declared:
                    details.append(f"values flow: {_way(s, c, effective)}")
                detail = "; ".join(d for d in details if d)
                note = ""
                if id(fm) in refused_fms:
                    note = "conflict policy is not master wins (CNX-001)"
                setting = (
                    f"{_field_name(s, c.left, tm.left_type, fm.left_field)} ↔ "
                    f"{_field_name(s, c.right, tm.right_type, fm.right_field)}"
                )
                yield _row("Field maps", _conn_name(c), tm_name, setting, value, detail, note)


def _value_maps(s: PlanSnapshot) -> Iterator[list]:
    screen = "Value maps"
    for c in s.connections:
        left_ep, right_ep = s.endpoint(c.left), s.endpoint(c.right)
        for tm in c.type_mappings:
            left_type = left_ep.type(tm.left_type) if left_ep else None
            right_type = right_ep.type(tm.right_type) if right_ep else None
            for fm in tm.field_mappings:
                if not fm.enum_pairs:
                    continue
                direction = effective_direction(tm, fm, left_type, right_type)
                l2r, r2l = direction in ("l2r", "both"), direction in ("r2l", "both")
                # The value written where several values meet: marked only for the ways the
                # field flows (facts/enums.py).
                into_right = enums.written_values(fm.enum_pairs, "right") if l2r else {}
                into_left = enums.written_values(fm.enum_pairs, "left") if r2l else {}
                setting = (
                    f"{_field_name(s, c.left, tm.left_type, fm.left_field)} ↔ "
                    f"{_field_name(s, c.right, tm.right_type, fm.right_field)}"
                )
                for i, p in enumerate(fm.enum_pairs):
                    marks = []
                    if p.left in into_right and into_right[p.left][0] == p.right:
                        marks.append(f"default {_way(s, c, 'l2r')}")
                    if p.right in into_left and into_left[p.right][0] == p.left:
                        marks.append(f"default {_way(s, c, 'r2l')}")
                    yield _row(screen, _conn_name(c), _type_map_name(s, c, tm),
                               f"{setting} #{i + 1}", f"{p.left} ↔ {p.right}",
                               "; ".join(marks))  # fmt: skip


def _projects(s: PlanSnapshot) -> Iterator[list]:
    screen = "Projects and criteria"
    for c in s.connections:
        mixed = connect.mixed_projects(s, c)
        note = (
            "type mappings with their own projects too; Connect takes one or the other (CNX-004)"
            if mixed
            else ""
        )
        for left_key, right_key in c.project_pairs:
            yield _row(screen, _conn_name(c), "Common projects", "",
                       f"{_project_name(s, c.left, left_key)} ↔ "
                       f"{_project_name(s, c.right, right_key)}", "", note)  # fmt: skip
        for tm in c.type_mappings:
            tm_note = ""
            if tm.key in mixed:
                tm_note = "type-based projects: " + "; ".join(
                    ", ".join(keys) for keys in mixed[tm.key].values()
                )
                tm_note += " (CNX-004)"
            # Kept verbatim: the administrator turns it into sync criteria and server filters.
            yield _row(screen, _conn_name(c), _type_map_name(s, c, tm),
                       "Sync criteria and server filters", tm.scope or "(no scope)", "",
                       tm_note)  # fmt: skip


def _calculated_values(s: PlanSnapshot) -> Iterator[list]:
    screen = "Calculated values"
    for c in s.connections:
        for tm in c.type_mappings:
            for fm in tm.field_mappings:
                cv = fm.calculated_value
                if cv is None:
                    continue
                if fm.right_field is None:
                    side, target = c.left, _field_name(s, c.left, tm.left_type, fm.left_field)
                elif fm.left_field is None:
                    side, target = c.right, _field_name(s, c.right, tm.right_type, fm.right_field)
                else:
                    side, target = (
                        "",
                        (
                            f"{_field_name(s, c.left, tm.left_type, fm.left_field)} ↔ "
                            f"{_field_name(s, c.right, tm.right_type, fm.right_field)}"
                        ),
                    )
                where = f"{_ep_name(s, side)}: {target}" if side else target
                yield _row(screen, _conn_name(c), _type_map_name(s, c, tm), where,
                           f"{calculated_kind_words(cv.kind)}: {cv.value}",
                           f"when {cv.condition}" if cv.condition else "always")  # fmt: skip


def _user_map(s: PlanSnapshot, options: ExportOptions) -> Iterator[list]:
    screen = "User maps"
    for c in s.connections:
        um = c.user_map
        strategy = STRATEGY_WORDS.get(um.strategy, um.strategy) if um else "no user map"
        yield _row(screen, _conn_name(c), "Matching", "", strategy)
    # Connect's user map is global: the plan's maps merged into one.
    shows = {e.key: _name_shower(e, options) for e in s.endpoints}
    conn_names = {c.key: _conn_name(c) for c in s.connections}
    for row in connect.merged_user_map(s):
        left = shows.get(row.left_endpoint, str)(row.left)
        right = shows.get(row.right_endpoint, str)(row.right)
        note = ""
        if row.conflicts:
            # Names in the note follow the personal-data choice too.
            note = "conflict: one user mapped to several (" + str(len(row.conflicts)) + ")"
            if options.personal_data:
                note = "conflict: " + "; ".join(row.conflicts)
        yield _row(
            screen, ", ".join(conn_names.get(k, k) for k in row.connections),
            f"global map ({row.kind})",
            f"{_ep_name(s, row.left_endpoint)} ↔ {_ep_name(s, row.right_endpoint)}",
            f"{left or '(none)'} ↔ {right or '(none)'}", "", note,
        )  # fmt: skip


def _existing_items(s: PlanSnapshot) -> Iterator[list]:
    screen = "Existing items"
    for c in s.connections:
        for tm in c.type_mappings:
            for m in tm.existing_item_matchings:
                yield _row(screen, _conn_name(c), _type_map_name(s, c, tm), "Cross-reference by",
                           f"{_field_name(s, c.left, tm.left_type, m.left_field)} = "
                           f"{_field_name(s, c.right, tm.right_type, m.right_field)}",
                           m.notes)  # fmt: skip
        if c.items_exist_in_both and not any(tm.existing_item_matchings for tm in c.type_mappings):
            yield _row(screen, _conn_name(c), "", "Cross-reference by", "(no matching rule)",
                       "items exist in both products")  # fmt: skip
        elif c.items_exist_in_both is None:
            yield _row(screen, _conn_name(c), "", "Cross-reference by", "(not answered)",
                       "do items already exist in both products?")  # fmt: skip


def _purge(s: PlanSnapshot, on) -> Iterator[list]:
    screen = "Purge schedule"
    server = s.sync_server
    purges = [i for i in (server.operations if server else ()) if i.is_database_purge]
    if not purges:
        yield _row(screen, "", "Database purge", "", "(none recorded)")
    for item in purges:
        # The register's renderer: the very lines the operations register shows.
        lines = schedules.for_item(item, server.time_zone, on)
        described = schedules.describe_item(item)
        if lines is None:
            yield _row(screen, "", named(item.name, item.key), "Schedule", described,
                       item.command or "no command recorded")  # fmt: skip
            continue
        yield _row(screen, "", named(item.name, item.key), "cron", lines.cron, described)
        yield _row(screen, "", named(item.name, item.key), "schtasks", lines.schtasks,
                   "\n".join(lines.notes))  # fmt: skip
