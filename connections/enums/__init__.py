"""The enum pair editor of an enum field mapping: pairs, order, defaults, catch-alls,
suggestions, undo.

views.py, urls.py, services.py (the writes), editor.py (the page's read model), pairs.py
(what the pairs mean per direction); models in connections/models/enums.py."""
