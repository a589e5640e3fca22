"""The rule families. Each module lists its rules in ``RULES``; a rule is a small function
``rule(snapshot, ctx) -> Iterable[FindingResult]`` over the snapshot (no ORM, no queries)."""

from . import cnx, enm, fld, ops, rel, rhr, typ, use, usr, wfl

RULES = (*use.RULES, *typ.RULES, *fld.RULES, *enm.RULES, *usr.RULES, *wfl.RULES, *rel.RULES,
         *ops.RULES, *cnx.RULES, *rhr.RULES)  # fmt: skip
