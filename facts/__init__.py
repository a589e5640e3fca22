"""Plan facts: the answers both the validator's rules and the authoring pages need, once.

Pure Python over plain records (snapshot records from planner/document/snapshot.py, whose enum
values and users are facts/records.py's, or model instances that carry the same attribute
names); nothing here imports Django, so a rule and a page asking the same question call the
same function and cannot disagree. docs/plan-facts.md says where each concept lives.
"""
