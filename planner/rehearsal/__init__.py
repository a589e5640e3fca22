"""Rehearsal: the plan run offline on items the team exported from each product (issue 17).

``readers`` turns an item response (or a CSV export) into neutral items; ``engine`` computes,
per type mapping and direction, what the plan would write on the other side. Both are pure
Python over the snapshot's records (planner/document/snapshot.py) and call facts for
direction, enum defaults, user resolution, compatibility and coverage.
"""
