"""Tags for the long, repetitive parts of the field mapping workspace (hundreds of options and
field list items): built in Python with plain escaping, because the template engine's
per-variable lookups (and format_html's per-argument wrapping) would make a 300-field type
render too slowly."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _text(value) -> str:
    return escape(str(value), quote=True)


@register.simple_tag
def choice_options(choices, selected):
    """``<option>``s for (value, label) pairs, ``selected`` marked."""
    return mark_safe(
        "".join(
            f'<option value="{_text(value)}"{" selected" if value == selected else ""}>'
            f"{_text(label)}</option>"
            for value, label in choices
        )
    )


@register.simple_tag
def field_options(fields, selected):
    """``<option>``s for fields ("Label (key) · Data type"), the one with pk ``selected``
    marked."""
    return mark_safe(
        "".join(
            f'<option value="{f.pk}"{" selected" if f.pk == selected else ""}>'
            f"{_text(f.named)} · {_text(f.dt_label)}</option>"
            for f in fields
        )
    )


_NOTES = {
    "": ' <strong class="req-note">required, not covered</strong>',
    "default": ' <span class="req-note ok">product default</span>',
    None: "",
}
_COVERED = ' <span class="req-note ok">covered</span>'


def _field_item(row) -> str:
    f = row.field
    classes = "fld"
    if row.missing:
        classes += " req-missing"
    if row.mapped:
        classes += " is-mapped"
    if f.removed:
        classes += " removed"
    count = f" ({row.value_count})" if row.value_count is not None else ""
    flags = f' <span class="flags">{_text(row.flags)}</span>' if row.flags else ""
    note = _NOTES.get(row.required, _COVERED)
    mapped = ""
    if row.mapped:
        mapped = f' <span class="badge">mapped{f" ×{row.mapped}" if row.mapped > 1 else ""}</span>'
    return (
        f'<li class="{classes}"><span class="fld-label">{_text(f.label)}</span> '
        f'<code>({_text(f.key)})</code> <span class="dt">{_text(f.dt_label)}{count}</span>'
        f"{flags}{note}{mapped}</li>"
    )


@register.simple_tag
def field_items(rows):
    """The ``<li>`` of each field of a side: label, key, data type, flags, required state."""
    return mark_safe("\n".join(_field_item(row) for row in rows))
