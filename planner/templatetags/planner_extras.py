from django import template

register = template.Library()


@register.filter
def dictget(mapping, key):
    """``mapping|dictget:key``: a dict lookup with a variable key (None when missing)."""
    if mapping is None:
        return None
    return mapping.get(key)
