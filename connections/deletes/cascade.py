"""What a delete takes with it, said before it happens ("3 type mappings and 41 field
mappings"), from the same cascade the database will follow. One object at a time: the
confirmation pages (connections/deletes/views.py) ask it, never a list of rows."""

from __future__ import annotations

from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.utils.text import get_text_list


def goes_with(obj) -> str:
    """The objects deleting ``obj`` also deletes, counted by kind; "" when nothing else goes."""
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    parts = []
    for model, objs in collector.model_objs.items():
        count = len(objs) - (1 if model is type(obj) else 0)
        if count > 0:
            meta = model._meta
            name = meta.verbose_name if count == 1 else meta.verbose_name_plural
            parts.append(f"{count} {name}")
    return get_text_list(parts, "and") if parts else ""
