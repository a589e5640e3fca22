"""The confirmation pages of destructive deletes: what a delete takes with it, said before it
happens; the deletes themselves are each feature's.

views.py, urls.py, cascade.py (what goes with an object)."""
