"""Plans: the dashboard of my plans, the plan page, creating, renaming, archiving and
copying a plan (a copy is the plan's document imported as a new plan, planner/plans/clone.py)."""
